"""Ingestion without OCR: type sniffing, the text-layer quality gate, reading order of
two-column blocks, PDF text layers, DOCX, and hostile inputs (OCR paths: test_ingest_ocr.py)."""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from notice_parser.errors import InputError, NoticeParserError, UnsupportedInput
from notice_parser.ingest import SUPPORTED_SUFFIXES, ingest_bytes, is_supported_path
from notice_parser.ingest.layout import Word, reading_order
from notice_parser.ingest.quality import assess_text, is_vietnamese_syllable
from notice_parser.ingest.sniff import DOCX, JPEG, PDF, PNG, TEXT, TIFF, sniff
from notice_parser.options import ParseOptions

from _samples import make_samples

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "001_3e2dcef247c9ce7a.txt"
RENDERED = ROOT / "samples" / "rendered"
NEVER = ParseOptions(ocr="never")



@pytest.fixture(scope="module")
def rendered_001() -> tuple[bytes, str]:
    return make_samples.render_text(SAMPLE.read_text(encoding="utf-8"))


def _png(size=(40, 30), mode="L") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 255).save(buf, format="PNG")
    return buf.getvalue()


def _docx(body_xml: str) -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"<w:document {ns}><w:body>{body_xml}</w:body></w:document>")
    return buf.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


# --- sniffing --------------------------------------------------------------------------

@pytest.mark.parametrize("data, expected", [
    (b"%PDF-1.7\n...", PDF),
    (b"junk before header %PDF-1.4\n", PDF),
    (b"\x89PNG\r\n\x1a\n....", PNG),
    (b"\xff\xd8\xff\xe0....", JPEG),
    (b"II*\x00....", TIFF),
    (b"MM\x00*....", TIFF),
    ("Thông báo kết luận".encode("utf-8"), TEXT),
    ("Thông báo".encode("utf-16"), TEXT),
    (b"\xef\xbb\xbfTh\xc3\xb4ng b\xc3\xa1o", TEXT),
])
def test_sniff_by_content(data, expected):
    assert sniff(data) == expected


@pytest.mark.parametrize("data, words", [
    (b"GIF89a....", "GIF"),
    (b"BM\x00\x00\x01\x02\x00\x00", "BMP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "legacy Microsoft Office"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP"),
    (b"PK\x03\x04broken", "ZIP"),
    (bytes(range(256)) * 4, "unknown binary"),
])
def test_sniff_names_unsupported_types(data, words):
    with pytest.raises(UnsupportedInput, match=words):
        sniff(data)


def test_sniff_docx_and_other_zip():
    assert sniff(_docx(_p("x"))) == DOCX
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
    with pytest.raises(UnsupportedInput, match="spreadsheet"):
        sniff(buf.getvalue())


def test_extension_is_ignored_content_decides(rendered_001):
    pdf, _ = rendered_001
    as_txt = ingest_bytes(pdf, "notice.txt", NEVER)
    assert as_txt.media_type == PDF and as_txt.pages[0].method == "text-layer"
    with pytest.raises(InputError):
        ingest_bytes(b"\x00\x01\x02garbage" * 50, "notice.pdf", NEVER)


def test_folder_walk_picks_up_every_supported_type():
    for suffix in (".pdf", ".PNG", ".jpg", ".jpeg", ".tif", ".tiff", ".txt", ".docx"):
        assert is_supported_path(Path("a" + suffix)), suffix
    assert not is_supported_path(Path("a.py")) and ".py" not in SUPPORTED_SUFFIXES


# --- quality gate ------------------------------------------------------------------------

CLEAN = ("Sở Thông tin và Truyền thông khẩn trương, quyết liệt đẩy nhanh tiến độ thực hiện các thủ tục "
         "chuẩn bị và triển khai nhanh nhất có thể theo đúng quy định pháp luật, hoàn thành thủ tục lựa "
         "chọn nhà thầu để thuê trung tâm tích hợp dữ liệu theo thời hạn đã được giao của UBND tỉnh.")


@pytest.mark.parametrize("text, ok, reason", [
    (CLEAN, True, "passed"),
    ("", False, "no usable text layer"),
    ("   \n 12 / 3 \n", False, "no usable text layer"),
    ("(cid:12)(cid:40)(cid:7) " + CLEAN, False, "undecodable glyphs"),
    (CLEAN.replace("a", "\ue001"), False, "unmapped glyphs"),
    # TCVN3 (.VnTime) text read as Latin-1: "Thông báo kết luận của Ủy ban nhân dân tỉnh ..."
    ("Th«ng b¸o kÕt luËn cña ñy ban nh©n d©n tØnh vÒ viÖc triÓn khai c¸c nhiÖm vô " * 3, False, "mojibake"),
    # dropped glyphs (a font whose ToUnicode map lost letters), as in sample 004
    ("rà soát ti n đ  triển  h i Trung t    iá  sát Đi u h nh Đ  th  th ng  inh tỉnh Đắ  "
     "c c cơ qu n đơn v  c  li n qu n th c hi n nhi  v  đ  đư c gi o t i c c v n b n " * 2, False, "dropped glyphs"),
    # OCR made without Vietnamese (sample 003): letters right, tone marks lost
    ("Ket luan cua Pho Chu tich UBND tinh tai cuoc hop nghe bao cao tien do trien khai ke hoach "
     "thu nghiem Trung tam dieu hanh thong minh tinh Quang Ngai ngay thang nam cac so nganh " * 2, False,
     "lacks Vietnamese diacritics"),
    ("The quick brown fox jumps over the lazy dog while the committee reviews the annual budget "
     "report and three strategic projects for the province this spring season " * 2, False, "not Vietnamese"),
    ("Trang 2", False, "no usable text layer"),
    ("Nơi nhận: Chủ tịch, các PCT UBND tỉnh; Lưu: VT", True, "short page"),
])
def test_quality_gate(text, ok, reason):
    verdict = assess_text(text)
    assert verdict.ok is ok
    assert reason in verdict.reason


@pytest.mark.parametrize("word, ok", [
    ("nghiêng", True), ("Trường", True), ("khuyến", True), ("đ", False), ("ti", True), ("th", False),
    ("ciia", False), ("hoà", True), ("quyết", True), ("xyz", False), ("bbb", False), ("gì", True),
    ("Đắk", True), ("Lắk", True), ("ñy", False), ("ñ", False), ("Ủy", True), ("ƯỚC", True),
])
def test_syllable_shape(word, ok):
    assert is_vietnamese_syllable(word) is ok


def test_gate_on_shared_samples_copies():
    # The real damaged notices (copied into tests/gold) fail the gate; their clean texts pass.
    gold = ROOT / "tests" / "gold"
    assert not assess_text((ROOT / "samples" / "003_f72d2fac265bdfa1.txt").read_text(encoding="utf-8")).ok
    assert not assess_text((ROOT / "samples" / "004_4a72cad56fd21ad8.txt").read_text(encoding="utf-8")).ok
    for clean in gold.glob("*.clean.txt"):
        assert assess_text(clean.read_text(encoding="utf-8")).ok, clean.name


# --- reading order -------------------------------------------------------------------------

def _line(text: str, x0: float, top: float, size: float = 10.0, char_w: float = 5.0) -> list[Word]:
    words, x = [], x0
    for w in text.split():
        words.append(Word(w, x, x + char_w * len(w), top, top + size))
        x += char_w * (len(w) + 1)
    return words


def test_header_and_footer_columns_are_read_one_after_the_other():
    words = [
        *_line("ỦY BAN NHÂN DÂN", 20, 10), *_line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", 260, 10),
        *_line("Số: 12/TB-UBND", 25, 24), *_line("Độc lập - Tự do", 280, 24),
        *_line("THÔNG BÁO", 200, 50),
        *_line("Ngày 10 tháng 4 năm 2024 UBND tỉnh đã chủ trì cuộc họp nghe báo cáo", 20, 70),
        *_line("các nhiệm vụ trọng tâm của năm về chuyển đổi số", 20, 84),
        *_line("TL. CHỦ TỊCH", 300, 110),
        *_line("Nơi nhận:", 20, 114), *_line("KT. CHÁNH VĂN PHÒNG", 285, 124),
        *_line("- Như trên;", 20, 128),
        *_line("- Lưu: VT.", 20, 142), *_line("Trần Văn A", 305, 170),
    ]
    text, placed = reading_order(words)
    order = ["ỦY BAN", "Số: 12", "CỘNG HÒA", "Độc lập", "THÔNG BÁO", "Ngày 10", "các nhiệm vụ",
             "Nơi nhận", "- Như trên", "- Lưu", "TL. CHỦ TỊCH", "KT. CHÁNH", "Trần Văn A"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions), text
    assert "báo cáo\ncác nhiệm vụ" in text  # a paragraph's lines stay together
    for p in placed:
        assert text[p.start:p.end] == p.word.text


def test_body_lines_never_split_into_columns():
    words = [*_line("Sở Tài chính phối hợp chặt chẽ với Sở Thông tin", 20, 10),
             *_line("và Truyền thông kịp thời thẩm định", 20, 24),
             *_line("có ý kiến", 20, 38)]
    text, _ = reading_order(words)
    assert text == ("Sở Tài chính phối hợp chặt chẽ với Sở Thông tin\nvà Truyền thông kịp thời thẩm định\n"
                    "có ý kiến")


_word = st.builds(
    lambda t, x, y, w, h: Word(t, x, x + w, y, y + h),
    st.text(alphabet="abcđêơ", min_size=1, max_size=6), st.floats(0, 500), st.floats(0, 800),
    st.floats(1, 60), st.floats(2, 20),
)


@given(st.lists(_word, max_size=60))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_reading_order_keeps_every_word_once(words):
    text, placed = reading_order(words)
    assert sorted(id(p.word) for p in placed) == sorted(id(w) for w in words)
    for p in placed:
        assert text[p.start:p.end] == p.word.text
    assert [p.start for p in placed] == sorted(p.start for p in placed)


# --- PDF text layer ------------------------------------------------------------------------

def test_text_layer_pdf_reads_like_its_ground_truth(rendered_001):
    pdf, truth = rendered_001
    ingested = ingest_bytes(pdf, "x.pdf", ParseOptions())  # auto: the gate must pass every page
    assert ingested.text == truth.rstrip("\n")
    assert [p.method for p in ingested.pages] == ["text-layer"] * len(ingested.pages)
    assert len(ingested.pages) == truth.count("\f") + 1 >= 2
    for page, chunk in zip(ingested.pages, truth.rstrip("\n").split("\f")):
        assert ingested.text[page.start:page.end] == chunk
    assert not ingested.warnings and not ingested.low_confidence


def test_text_layer_pdf_gives_the_same_notice_as_its_text(rendered_001):
    from notice_parser import parse_bytes, parse_text

    pdf, truth = rendered_001
    from_pdf = parse_bytes(pdf, "x.pdf").model_dump(mode="json", exclude={"source"})
    from_text = parse_text(truth.rstrip("\n"), name="x.txt").model_dump(mode="json", exclude={"source"})
    for page in from_pdf["pages"]:
        assert page.pop("method") == "text-layer"
        page.pop("reason")
    for page in from_text["pages"]:
        assert page.pop("method") == "text"
        page.pop("reason")
    assert from_pdf == from_text


def test_committed_rendered_samples_match_the_generator():
    # The committed text-layer PDFs and ground truths are what make_samples.py makes today.
    for gt in sorted(RENDERED.glob("*-gt.txt")):
        stem = gt.name.removesuffix("-gt.txt")
        source = ROOT / "samples" / f"{stem}.txt"
        pdf, truth = make_samples.render_text(source.read_text(encoding="utf-8"))
        assert gt.read_text(encoding="utf-8") == truth, stem
        assert (RENDERED / f"{stem}-text.pdf").read_bytes() == pdf, stem


def test_ocr_never_keeps_a_broken_layer_with_a_warning(rendered_001):
    pdf, _ = rendered_001
    broken = pdf.replace(b"/ToUnicode", b"/NoUnicode")  # same length: the xref stays valid
    ingested = ingest_bytes(broken, "x.pdf", NEVER)
    assert all(p.method == "text-layer" for p in ingested.pages)
    assert "undecodable glyphs" in ingested.pages[0].reason
    assert any("OCR is disabled" in w.message for w in ingested.warnings)


def test_dropped_glyph_text_layer_is_rejected():
    pdf, _ = make_samples.render_text(SAMPLE.read_text(encoding="utf-8"), compress=False)
    broken = make_samples.drop_glyphs(pdf)
    assert len(broken) == len(pdf) and broken != pdf
    ingested = ingest_bytes(broken, "x.pdf", NEVER)
    assert "ti n" in ingested.text  # tiến → ti n
    assert all("dropped glyphs" in p.reason for p in ingested.pages)


def test_blank_pdf_page_is_not_ocred():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    ingested = ingest_bytes(bytes(pdf.output()), "blank.pdf", ParseOptions(ocr="auto"))
    assert ingested.pages[0].reason == "blank page" and ingested.text == ""


# --- DOCX ------------------------------------------------------------------------------------

def test_docx_reads_layout_tables_column_by_column():
    table = ("<w:tbl><w:tr><w:tc>" + _p("ỦY BAN NHÂN DÂN") + "</w:tc><w:tc>" + _p("CỘNG HÒA XÃ HỘI")
             + "</w:tc></w:tr><w:tr><w:tc>" + _p("Số: 5/TB-UBND") + "</w:tc><w:tc>" + _p("Độc lập")
             + "</w:tc></w:tr></w:tbl>")
    ingested = ingest_bytes(_docx(table + _p("THÔNG BÁO") + _p("Nội dung")), "x.docx")
    assert ingested.media_type == DOCX
    assert ingested.text == "ỦY BAN NHÂN DÂN\n\nSố: 5/TB-UBND\n\nCỘNG HÒA XÃ HỘI\n\nĐộc lập\n\nTHÔNG BÁO\n\nNội dung"
    assert ingested.pages[0].method == "text"


def test_docx_without_body_is_a_clear_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<not xml")
    with pytest.raises(InputError, match="DOCX is corrupt"):
        ingest_bytes(buf.getvalue(), "x.docx")


# --- hostile inputs ---------------------------------------------------------------------------

def _encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "confidential")
    return bytes(pdf.output())


def _many_pages_pdf(n: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("serif", "", str(make_samples.FONT_REGULAR))
    pdf.set_font("serif", size=12)
    for i in range(n):
        pdf.add_page()
        pdf.text(20, 30, f"Trang {i + 1}: Sở Tài chính phối hợp chặt chẽ với Sở Thông tin và Truyền thông.")
    return bytes(pdf.output())


def test_zero_bytes():
    with pytest.raises(InputError, match="empty"):
        ingest_bytes(b"", "x.pdf")


def test_encrypted_pdf_says_so():
    with pytest.raises(InputError, match="encrypted"):
        ingest_bytes(_encrypted_pdf(), "x.pdf")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_an_error_or_a_partial_read(rendered_001, cut):
    pdf, _ = rendered_001
    try:
        ingested = ingest_bytes(pdf[: int(len(pdf) * cut)], "x.pdf", NEVER)
    except InputError as exc:
        assert "PDF" in str(exc)
    else:
        assert ingested.media_type == PDF


def test_huge_image_refused_before_decoding():
    buf = io.BytesIO()
    Image.new("1", (10_000, 10_000), 1).save(buf, format="PNG")
    with pytest.raises(InputError, match="10000×10000 = 100 million pixels, over the limit"):
        ingest_bytes(buf.getvalue(), "huge.png")


def test_image_with_ocr_never_is_a_clear_error():
    with pytest.raises(InputError, match="OCR is disabled"):
        ingest_bytes(_png(), "x.png", NEVER)


def test_corrupt_image_is_a_clear_error():
    data = _png((200, 200))
    with pytest.raises(InputError, match="image"):
        ingest_bytes(data[:60], "x.png")


def test_two_hundred_pages():
    data = _many_pages_pdf(200)
    ingested = ingest_bytes(data, "long.pdf", ParseOptions())
    assert len(ingested.pages) == 200 and all(p.method == "text-layer" for p in ingested.pages)
    assert "Trang 200:" in ingested.text[ingested.pages[199].start:ingested.pages[199].end]
    with pytest.raises(InputError, match="200 pages, over the limit of 100"):
        ingest_bytes(data, "long.pdf", ParseOptions(max_pages=100))


@given(st.binary(max_size=2048))
@settings(max_examples=200, deadline=None)
def test_arbitrary_bytes_give_a_result_or_a_clear_error(data):
    try:
        ingest_bytes(data, "fuzz.bin", NEVER)
    except NoticeParserError:
        pass


@given(st.binary(min_size=1, max_size=512))
@settings(max_examples=100, deadline=None)
def test_pdf_shaped_garbage_gives_a_clear_error(tail):
    try:
        ingest_bytes(b"%PDF-1.4\n" + tail, "fuzz.pdf", NEVER)
    except NoticeParserError:
        pass


def test_batch_with_hostile_files_completes_the_others(tmp_path, rendered_001):
    from notice_parser.batch import run_batch

    pdf, truth = rendered_001
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.pdf").write_bytes(pdf)
    (src / "good-text.txt").write_text(truth, encoding="utf-8")
    (src / "empty.pdf").write_bytes(b"")
    (src / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (src / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (src / "not-a-pdf.pdf").write_bytes(b"\x00\x01binary" * 100)
    buf = io.BytesIO()
    Image.new("1", (10_000, 10_000), 1).save(buf, format="PNG")
    (src / "huge.png").write_bytes(buf.getvalue())
    (src / "long.pdf").write_bytes(_many_pages_pdf(200))
    report = run_batch([src], tmp_path / "out", NEVER, workers=2)
    status = {Path(i.source).name: i for i in report.items}
    assert len(status) == 8
    for name in ("good.pdf", "good-text.txt", "long.pdf"):
        assert status[name].status != "failed", (name, status[name].error)
    for name in ("empty.pdf", "encrypted.pdf", "not-a-pdf.pdf", "huge.png"):
        assert status[name].status == "failed" and status[name].error_code in ("bad-input", "unsupported-type"), name
        assert status[name].error
    assert status["truncated.pdf"].error_code in (None, "bad-input")
    assert (tmp_path / "out" / "good.json").exists()


def _scan_pdf(mode: str, dpi: int, size=(600, 840), rotate: int = 0) -> bytes:
    """A one-page 'scan': a page image with a few dark bars, stored as the page's only object."""
    image = Image.new("L", size, 255)
    for y in range(100, size[1] - 100, 60):
        image.paste(0, (60, y, size[0] - 60, y + 12))
    pdf = make_samples.images_to_pdf([image.convert(mode)], dpi=dpi)
    if rotate:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(pdf)
        doc[0].set_rotation(rotate)
        buf = io.BytesIO()
        doc.save(buf)
        pdf = buf.getvalue()
    return pdf


@pytest.mark.parametrize("mode, dpi, rotate, used", [
    ("L", 300, 0, True),  # a scanner's page: its own pixels are used
    ("RGB", 300, 0, True),
    ("L", 290, 0, True),  # within 10 % of the OCR resolution
    ("L", 150, 0, False),  # far from ocr_dpi: rendered at 300 dpi as before
    ("L", 300, 90, False),  # page rotation: the render applies it
    ("1", 300, 0, False),  # 1-bit samples: rendered
])
def test_scanned_page_image_is_decoded_not_rendered(mode, dpi, rotate, used):
    import pypdfium2 as pdfium

    from notice_parser.ingest.pdf import _embedded_scan, _renderer

    doc = pdfium.PdfDocument(_scan_pdf(mode, dpi, rotate=rotate))
    found = _embedded_scan(doc[0], ParseOptions())
    assert (found is not None) == used
    if used:
        image, found_dpi = found
        assert image.size == (600, 840) and abs(found_dpi - dpi) < 0.5
    # Either way the page reaches OCR in grayscale on the grid of a render at ocr_dpi
    # (pdfium's page size already accounts for the page's rotation).
    page = _renderer(doc[0], ParseOptions(), [])()
    width_pt, height_pt = doc[0].get_size()
    assert page.mode == "L" and page.size == (math.ceil(width_pt * 300 / 72), math.ceil(height_pt * 300 / 72))
    assert (page.width > page.height) == (rotate % 180 == 90)


def test_text_pdf_page_is_not_taken_for_a_scan(rendered_001):
    import pypdfium2 as pdfium

    from notice_parser.ingest.pdf import _embedded_scan

    doc = pdfium.PdfDocument(rendered_001[0])
    assert _embedded_scan(doc[0], ParseOptions()) is None
