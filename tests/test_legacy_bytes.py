"""8-bit files typed with legacy Vietnamese fonts (TCVN3 ".VnTime", VNI): read byte for byte,
converted by the repair stage; Windows-1258 files still decode as Windows-1258."""

from __future__ import annotations

import unicodedata

import pytest

from notice_parser import parse_bytes
from notice_parser.ingest.text import decode_text_with_warnings
from notice_parser.repair.legacy import tables

NOTICE = unicodedata.normalize("NFC", """THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh Nguyễn Hồng Lĩnh tại cuộc họp về chuyển đổi số
Ngày 03/10/2024, Phó Chủ tịch UBND tỉnh Nguyễn Hồng Lĩnh chủ trì cuộc họp. Phó Chủ tịch UBND tỉnh kết luận như sau:
1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát biên chế, báo cáo trước ngày 20/10/2024.
2. Đề nghị Công an tỉnh hướng dẫn việc làm sạch dữ liệu dân cư.
Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.
""")


def _legacy_bytes(text: str, encoding: str) -> bytes:
    # TCVN3 has no toned capitals (headings were set in a capitals font over the lowercase
    # codes): a letter the table lacks is written with its lowercase code.
    inverse: dict[str, str] = {}
    for legacy, uni in tables()[encoding].items():
        inverse.setdefault(uni, legacy)
    encoded = "".join(inverse.get(c, inverse.get(c.lower(), c)) for c in text)
    return encoded.encode("cp1252")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_8bit_file_is_read_and_converted(encoding):
    data = _legacy_bytes(NOTICE, encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    notice = parse_bytes(data, name="old.txt")
    assert notice.repair.encoding == encoding
    assert f"encoding-{encoding}" in [w.code for w in notice.warnings]
    # TCVN3 writes "BÁO" with the code of "á": its capitals come back from the word (repair/legacy)
    assert notice.text == NOTICE
    assert notice.document.doc_type == "Thông báo"
    assert notice.meeting.chair.name == "Nguyễn Hồng Lĩnh"
    assert [(a.name, a.role) for a in notice.directives[0].agencies] == [("Sở Tài chính", "lead"), ("Sở Nội vụ", "support")]
    assert notice.directives[0].deadlines[0].date.isoformat() == "2024-10-20"


def _cp1258(text: str) -> bytes:
    # Windows-1258 has the shaped vowels (â, ơ …) but writes tones as combining marks.
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for c in text:
        parts = unicodedata.normalize("NFD", c)
        shape = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(shape + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def test_windows_1258_file_still_decodes_as_windows_1258():
    data = _cp1258(NOTICE)
    text, warnings = decode_text_with_warnings(data)
    assert unicodedata.normalize("NFC", text) == NOTICE
    assert [w.code for w in warnings] == ["encoding-cp1258"]
