"""Hostile files at the ingest boundary (issue 12, points 3-8; issue 11, point 4): each is refused
with an InputError that says why, or read for what it is — never a hang, a traceback, a blown
memory budget or nonsense reported as a notice."""

from __future__ import annotations

import io
import os
import random
import struct
import threading
import tracemalloc
import zipfile

import pytest
from PIL import Image

from notice_parser import InputError, ParseOptions, UnsupportedInput, parse_bytes, parse_file, parse_text
from notice_parser.ingest import docx as docx_module
from notice_parser.ingest import read_input
from notice_parser.ingest.docx import docx_pages
from notice_parser.ingest.html import html_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NOTICE = ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp ngày 3/5/2024\n"
          "1. Sở Xây dựng chủ trì rà soát quy hoạch, báo cáo trước ngày 30/6/2024.\n"
          "2. Sở Tài chính bố trí kinh phí thực hiện.\n")


def _docx(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            fh.write(document_xml)
    return buf.getvalue()


def _body(inner: str) -> bytes:
    return f"<w:document {W}><w:body>{inner}</w:body></w:document>".encode()


# -- DOCX (12.3, 12.4) -----------------------------------------------------------------------------

def _bomb(inflated: int, fake_size: int | None) -> bytes:
    """A DOCX whose document.xml inflates to ``inflated`` bytes; with ``fake_size`` the sizes in
    its local header and central directory are lies."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("word/document.xml", "w",
                                                                         force_zip64=True) as fh:
        fh.write(f"<w:document {W}><w:body><w:p><w:r><w:t>".encode())
        chunk = b"a" * 1_000_000
        for _ in range(inflated // len(chunk)):
            fh.write(chunk)
    data = bytearray(buf.getvalue())
    if fake_size is not None:
        local = data.find(b"PK\x03\x04")
        central = data.find(b"PK\x01\x02")
        struct.pack_into("<I", data, local + 22, fake_size)
        struct.pack_into("<I", data, central + 24, fake_size)
        # zip64 extra fields carry the real sizes: overwrite them too
        for header, offset in ((local, 30), (central, 46)):
            name_len, extra_len = struct.unpack_from("<HH", data, header + offset - 4)
            extra = header + offset + name_len
            if data[extra:extra + 2] == b"\x01\x00":
                struct.pack_into("<Q", data, extra + 4, fake_size)
    return bytes(data)


@pytest.mark.parametrize("fake_size", [None, 1000], ids=["honest-size", "faked-size"])
def test_a_zip_bomb_is_stopped_by_what_is_inflated(monkeypatch, fake_size):
    monkeypatch.setattr(docx_module, "MAX_XML_BYTES", 2_000_000)
    data = _bomb(60_000_000, fake_size)
    tracemalloc.start()
    try:
        with pytest.raises(InputError):
            docx_pages(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"inflated {peak / 1e6:.0f} MB to refuse a 2 MB limit"


@pytest.mark.parametrize("inner", [
    "<w:sdt><w:sdtContent>" * 50_000 + "<w:p><w:r><w:t>Sở Tài chính</w:t></w:r></w:p>"
    + "</w:sdtContent></w:sdt>" * 50_000,
    "<w:tbl><w:tr><w:tc>" * 5_000 + "<w:p><w:r><w:t>Sở Tài chính</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * 5_000,
    "<w:p>" * 20_000 + "<w:r><w:t>Sở Tài chính</w:t></w:r>" + "</w:p>" * 20_000,
], ids=["50000-content-controls", "5000-tables", "20000-paragraphs"])
def test_deeply_nested_docx_is_read_without_recursion(inner):
    pages = docx_pages(_docx(_body(inner)))
    assert "Sở Tài chính" in pages[0].text


def test_ordinary_nesting_keeps_the_layout_reading():
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    row = "<w:tr>" + cell.format("UBND TỈNH X") + cell.format("CỘNG HÒA") + "</w:tr>"
    row2 = "<w:tr>" + cell.format("Số: 12/TB-UBND") + cell.format("Độc lập") + "</w:tr>"
    text = docx_pages(_docx(_body(f"<w:sdt><w:sdtContent><w:tbl>{row}{row2}</w:tbl></w:sdtContent></w:sdt>")))[0].text
    assert text.split("\n\n") == ["UBND TỈNH X", "Số: 12/TB-UBND", "CỘNG HÒA", "Độc lập"]


# -- files that are not regular files, sizes (12.5) -------------------------------------------------

def _read_in_thread(path) -> BaseException | bytes | None:
    result: list = []

    def run():
        try:
            result.append(read_input(path))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)  # a hang must not hold the test run
    worker.start()
    worker.join(10)
    return result[0] if result else None


def test_a_fifo_is_refused_before_it_can_block(tmp_path):
    fifo = tmp_path / "thong-bao.txt"
    os.mkfifo(fifo)
    outcome = _read_in_thread(fifo)
    assert isinstance(outcome, InputError), "reading a FIFO blocked"
    assert "FIFO" in str(outcome)


@pytest.mark.parametrize("path,kind", [("/dev/zero", "character device"), ("/dev/null", "character device")])
def test_devices_are_refused(path, kind):
    outcome = _read_in_thread(path)
    assert isinstance(outcome, InputError) and kind in str(outcome)


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="directory"):
        parse_file(tmp_path)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(NOTICE * 100, encoding="utf-8")
    with pytest.raises(InputError, match="larger than the limit"):
        parse_file(big, ParseOptions(max_bytes=1000))
    assert parse_file(big, ParseOptions(max_bytes=1_000_000)).directives


# -- images (12.6) ----------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(65000, 8), (8, 65000), (40000, 20)])
def test_an_image_tesseract_cannot_take_is_bad_input(size):
    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, "JPEG")
    with pytest.raises(InputError, match="cannot be OCR'd") as caught:
        parse_bytes(buf.getvalue(), "long.jpg")
    assert caught.value.exit_code == 2


# -- text that is not text, or not Vietnamese (12.7, 12.8, 11.4) -------------------------------------

def test_lone_surrogates_in_a_str_are_replaced_and_the_json_writes():
    text = NOTICE.replace("Sở Tài chính", "Sở Tài \udcff chính \ud800")
    notice = parse_text(text)
    assert "\ufffd" in notice.text and len(notice.text) == len(text)
    assert any(w.code == "lone-surrogates" for w in notice.warnings)
    assert '"Sở Xây dựng"' in notice.to_json()


def test_a_file_name_that_is_not_utf8_still_writes_json(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), b"th\xf4ng-b\xe1o.txt")
    with open(path, "wb") as fh:
        fh.write(NOTICE.encode())
    notice = parse_file(os.fsdecode(path))
    data = notice.to_json()
    assert "th\\\\xf4ng-b\\\\xe1o.txt" in data and notice.directives


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("low", [1, 32], ids=["with-controls", "printable-8bit"])
def test_random_bytes_without_nul_are_not_a_notice(seed, low):
    rng = random.Random(seed)
    data = bytes(rng.randrange(low, 256) for _ in range(4000))
    with pytest.raises(UnsupportedInput):
        parse_bytes(data, "random.txt")


@pytest.mark.parametrize("text", [
    "Hello world, this is a short memo about tomorrow's meeting. Please bring the quarterly report.",
    "meeting notes lol",
    "Bonjour, ceci est une note de service pour la réunion de demain à la mairie.",
    "Sehr geehrte Damen und Herren, die Sitzung findet morgen im Rathaus statt.",
])
def test_text_that_is_not_vietnamese_is_refused(text):
    with pytest.raises(UnsupportedInput, match="not Vietnamese"):
        parse_text(text)
    with pytest.raises(UnsupportedInput, match="not Vietnamese"):
        parse_bytes(text.encode(), "memo.txt")
    # the caller can still insist
    assert parse_text(text, ParseOptions(require_vietnamese=False)).text


def test_vietnamese_that_is_not_an_administrative_document_is_partial():
    notice = parse_text("Hôm nay trời đẹp quá, chúng tôi đi chơi công viên rồi về nhà ăn cơm với cả gia đình.")
    assert notice.status == "partial"
    assert any(w.code == "not-a-notice" and w.severity == "error" for w in notice.warnings)


def test_a_notice_has_no_structure_warning():
    notice = parse_text(NOTICE)
    assert notice.status == "success" and not any(w.code == "not-a-notice" for w in notice.warnings)


# -- HTML (11.4) -------------------------------------------------------------------------------------

HTML = ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Thông báo</title>"
        "<style>p { margin: 0 }</style><script>var giao = 'Sở Giả mạo chủ trì';</script></head><body>"
        + "".join(f"<p>{line}</p>\n" for line in NOTICE.splitlines())
        + "<table><tr><td>Nơi nhận:</td><td>KT. CHỦ TỊCH</td></tr></table></body></html>")


def test_html_is_read_as_its_text_content():
    notice = parse_bytes(HTML.encode(), "notice.html")
    assert notice.source.media_type == "text/html"
    assert "<" not in notice.text and "Giả mạo" not in notice.text and "margin" not in notice.text
    assert [d.agencies[0].name for d in notice.directives] == ["Sở Xây dựng", "Sở Tài chính"]


@pytest.mark.parametrize("markup,expected", [
    ("<html><body><p>a &amp; b</p><p>c&nbsp;d</p></body></html>", "a & b\n\nc d"),
    ("<html><body><p>một\n   dòng</p><pre>hai\ndòng</pre></body></html>", "một dòng\n\nhai\ndòng"),
    ("<html><body><table><tr><td>Nơi nhận:</td><td>CHỦ TỊCH</td></tr></table></body></html>",
     "Nơi nhận:\tCHỦ TỊCH"),
    ("<html><body><noscript>bật JavaScript</noscript>nội dung<br>dòng sau</body></html>", "nội dung\ndòng sau"),
])
def test_html_text_content(markup, expected):
    assert html_text(markup) == expected


def test_text_that_mentions_html_is_still_text():
    text = NOTICE + "3. Văn phòng đăng tải lên cổng thông tin (trang <html> của tỉnh).\n"
    assert parse_bytes(text.encode(), "tb.txt").source.media_type == "text/plain"


def test_short_garbled_ocr_is_not_judged_by_its_language():
    from notice_parser.ingest.language import MIN_WORDS, MIN_WORDS_OCR
    from notice_parser.pipeline import _not_vietnamese

    garbled = "Thiing bo kRi lun a 0\fThiing bRo kBi lun a 1"  # Tesseract on a poor strip of "Thông báo kết luận"
    assert _not_vietnamese(garbled, MIN_WORDS) is not None  # as typed text it would be refused
    assert _not_vietnamese(garbled, MIN_WORDS_OCR) is None  # as OCR it is a bad scan, not a foreign text


def test_a_zip_of_a_version_zipfile_does_not_read_is_refused():
    # found by make fuzz: a mutated DOCX whose directory claims "zip file version 24.3"
    data = bytearray(_docx(_body("<w:p><w:r><w:t>Sở Tài chính</w:t></w:r></w:p>")))
    for header, offset in ((data.find(b"PK\x03\x04"), 4), (data.find(b"PK\x01\x02"), 6)):
        data[header + offset] = 243
    with pytest.raises(UnsupportedInput, match="ZIP container"):
        parse_bytes(bytes(data), "x.docx")


@pytest.mark.parametrize("seed", range(8))
def test_random_8bit_bytes_are_not_read_as_a_legacy_font(seed):
    # The layer before the language check: random bytes never pass for TCVN3 / VNI text.
    from notice_parser.ingest.text import decode_text_with_warnings

    rng = random.Random(seed)
    data = bytes(rng.randrange(32, 256) for _ in range(4000))
    try:
        _, warnings = decode_text_with_warnings(data)
    except InputError:
        return
    assert not {w.code for w in warnings} & {"encoding-tcvn3", "encoding-vni"}


# -- JSON is data, not a notice ---------------------------------------------------------------------

@pytest.mark.parametrize("text,complete,kind", [
    ('{\n "schema_version": "1.2",\n "parser_version": "0.1.0",\n "source": {}, "directives": []}', True,
     "a notice-parser output (JSON), not a source document"),
    ('{\n "schema_version": "1.2",\n "parser_version": "0.1.0",\n "source": {"path": "tb.t', False,
     "a notice-parser output (JSON), not a source document"),
    ('\ufeff {"cơ quan": "Sở Tài chính", "nhiệm vụ": ["bố trí kinh phí"]}', True, "JSON data, not a document"),
    ('[{"văn bản": "12/TB-UBND"}, {"văn bản": "13/TB-UBND"', False, "JSON data, not a document"),
    ('["Sở Tài chính", "Sở Nội vụ"]', True, "JSON data, not a document"),
    ("[Dự thảo] THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh", True, None),
    ("[1] Sở Tài chính chủ trì, báo cáo trước ngày 30/6", False, None),
    ("{Sở Tài chính} chủ trì rà soát", True, None),
    ("[" * 100_000, True, None),
    ("THÔNG BÁO\n{\"a\": 1}", True, None),
])
def test_json_is_told_from_text(text, complete, kind):
    from notice_parser.ingest.sniff import json_kind

    assert json_kind(text, complete) == kind


@pytest.mark.parametrize("text,kind", [
    ("a\tb\tc\nSở Tài chính\tchủ trì\t0.9\nSở Nội vụ\tphối hợp\t0.8\n", "a table (tab-separated values), not a document"),
    ('"nhiệm vụ","hạn"\n"Sở Tài chính, Sở Nội vụ","30/6"\n"Sở Y tế\nphối hợp","1/7"\n',
     "a table (comma-separated values), not a document"),
    ("Sở Tài chính, Sở Nội vụ\nSở Y tế, Sở Tư pháp\n", None),  # two rows: too few to call a table
    (NOTICE.replace("rà soát", "rà soát, cập nhật"), None),  # headings have no separator
    ("1. Sở Tài chính, Sở Nội vụ chủ trì;\n2. Sở Y tế, Sở Tư pháp phối hợp;\n3. Sở Công Thương, Sở Xây dựng báo cáo.\n"
     "THÔNG BÁO KẾT LUẬN\n", None),
])
def test_tables_are_told_from_text(text, kind):
    from notice_parser.ingest.sniff import table_kind

    assert table_kind(text) == kind


def test_json_given_by_name_is_refused_and_a_table_is_read_as_text():
    out = parse_text(NOTICE).to_json()
    with pytest.raises(UnsupportedInput, match="notice-parser output"):
        parse_bytes(out.encode(), "tb.json")
    table = "".join(f"Sở Tài chính\tbáo cáo UBND tỉnh trước ngày {d}/6/2024\n" for d in range(1, 5))
    assert parse_bytes(table.encode(), "tb.tsv").text == table  # named on purpose: the caller knows


# -- a UTF-8 notice with a few bad bytes is still a UTF-8 notice (found with make fuzz) -------------

def _damaged(notice: bytes, at: list[int], junk: bytes) -> bytes:
    data = bytearray(notice)
    for i in sorted(at, reverse=True):
        data[i:i + 1] = junk
    return bytes(data)


@pytest.mark.parametrize("junk,at,bad", [
    (b"\xff", [200], 1),  # one byte damaged on the disk
    (b"\x93", [150, 260], 2),  # a Windows-1252 quote pasted twice
    (b"\xc3", [40], 1),  # a lead byte whose continuation was lost
])
def test_a_few_bad_bytes_do_not_lose_the_notice(junk, at, bad):
    clean = parse_bytes(NOTICE.encode(), "tb.txt")
    data = _damaged(NOTICE.encode(), at, junk) + "\nGhi chú: \ufffd giữ nguyên.\n".encode()
    notice = parse_bytes(data, "tb.txt")
    warning = next(w for w in notice.warnings if w.code == "encoding-utf8-damaged")
    assert warning.message.startswith(f"{bad} byte sequence(s)")  # the file's own U+FFFD is not counted
    assert [d.agencies[0].name for d in notice.directives] == [d.agencies[0].name for d in clean.directives]


def test_text_mostly_not_utf8_is_not_taken_for_damaged_utf8():
    from notice_parser.ingest.text import decode_text_with_warnings

    heavy = _damaged(NOTICE.encode(), list(range(20, 300, 12)), b"\xff\xfe")  # 10 % damaged
    with pytest.raises(InputError):
        decode_text_with_warnings(heavy)
    cp1258 = NOTICE.encode("cp1258", "ignore")  # a legacy code page has no UTF-8 multi-byte characters
    _, warnings = decode_text_with_warnings(cp1258)
    assert [w.code for w in warnings] == ["encoding-cp1258"]
