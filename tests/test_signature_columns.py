"""The signer of a two-column signature block ("Nơi nhận: …" beside "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH /
name") however extraction put the two columns together: side by side on each row, each row's
left then right part on lines of their own, one column after the other in either order; and a
surname read up to its marks found only where the repair stage doubts it."""

from __future__ import annotations

import itertools

import pytest

from notice_parser import parse_text
from notice_parser.extract import extract_notice
from notice_parser.uncertainty import Uncertainty

_BODY = ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
         "Ngày 12/9/2024, Chủ tịch UBND tỉnh Mạc Đình Quý chủ trì họp. Kết luận như sau:\n"
         "1. Sở Giao thông vận tải rà soát các tuyến đường.\n"
         "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n")

# (right column, signer's name, title, authority): the right column's blank lines are the space
# left for the hand signature and the seal
SIGNATURES = [
    (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Lâm Quốc Bảo"], "Lâm Quốc Bảo", "Phó Chủ tịch", "KT. CHỦ TỊCH"),
    (["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "", "Kiều Thị Ngọc Hân"],
     "Kiều Thị Ngọc Hân", "Phó Chánh Văn phòng", "TL. CHỦ TỊCH; KT. CHÁNH VĂN PHÒNG"),
    (["GIÁM ĐỐC", "", "", "", "", "Tạ Minh Khoa"], "Tạ Minh Khoa", "Giám đốc", None),
]

# Left columns: the recipients heading and its lines, each ending as Nghị định 30 has it (";"
# and "." on the last), one of them wrapped ("…" / "thành phố;").
LEFTS = [
    ["Nơi nhận:", "- Như trên;", "- Lưu: VT, KT."],
    ["Nơi nhận:", "- TT Tỉnh ủy, TT HĐND tỉnh (b/c);", "- Các sở, ban, ngành;", "- UBND các huyện,",
     "thành phố;", "- Lưu: VT, TH."],
    ["Nơi nhận:", "- CT, các PCT UBND tỉnh;", "- Sở Tài chính;", "- Sở Xây dựng;", "- Công an tỉnh;",
     "- Báo Nhân Dân;", "- Lưu: VT, KTN (2b)."],
]


def _together(left: list[str], right: list[str], how: str) -> str:
    """The two columns as an extraction may give them."""
    rows = list(itertools.zip_longest(left, right, fillvalue=""))
    if how == "beside":  # each row's left part, then its right part, on one line (OCR without columns)
        lines = [f"{a} {b}".strip() for a, b in rows]
    elif how == "beside-wide":  # the same with the gutter kept as spaces (a text layer)
        lines = [f"{a:<40}{b}".rstrip() for a, b in rows]
    elif how == "rows":  # each row's left, then right part, on lines of their own
        lines = [part for a, b in rows for part in (a, b)]
    elif how == "left-first":
        lines = [*left, *right]
    else:  # "right-first"
        lines = [*right, *left]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("how", ["beside", "beside-wide", "rows", "left-first", "right-first"])
@pytest.mark.parametrize("left", LEFTS, ids=["short", "wrapped", "long"])
@pytest.mark.parametrize("right,name,title,authority", SIGNATURES, ids=["kt", "tl-kt", "plain"])
def test_signer_whatever_the_column_order(how, left, right, name, title, authority):
    n = parse_text(_BODY + _together(left, right, how))
    assert (n.signer.name, n.signer.title, n.signer.authority) == (name, title, authority)
    # the signer's words are not a recipient's, nor part of one
    assert all(name not in r and "CHỦ TỊCH" not in r and "GIÁM ĐỐC" not in r for r in n.recipients)
    assert n.recipients[-1].startswith("Lưu")


# (tail, the damaged word, signer where the word is doubted): a surname OCR or repair left with the
# wrong marks, in the places two-column OCR leaves the name
DAMAGED = [
    # at the end of a recipients line, after the left column's comma
    ("Nơi nhận: KT. BỘ TRƯỞNG\n- Như trên; THỨ TRƯỞNG\n- Lưu: VT, Vụ TH, Do Văn Khiêm\n", "Do", "Đỗ Văn Khiêm"),
    # alone on the line after the last recipient
    ("Nơi nhận: KT. BỘ TRƯỞNG\n- Như trên; THỨ TRƯỞNG\n- Lưu: VT, Vụ TH.\nĐộ Văn Khiêm\n", "Độ", "Đỗ Văn Khiêm"),
    # the right column after the left, its surname's hook lost
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrinh Thu Hà\n", "Trinh", "Trịnh Thu Hà"),
]


@pytest.mark.parametrize("tail,damaged,where_doubted", DAMAGED, ids=["line-end", "alone", "right-after-left"])
def test_a_damaged_surname_is_read_only_where_uncertain(tail, damaged, where_doubted):
    text = _BODY + tail
    at = text.index(damaged, len(_BODY))
    doubted = extract_notice(text, uncertain=Uncertainty.of_spans([(at, at + len(damaged))], text))
    assert doubted.signer.name == where_doubted
    # the name as written is the signer's, not a recipient's
    assert not any(damaged + " " in r for r in doubted.recipients)
    clean = extract_notice(text)
    assert clean.signer.name != where_doubted  # clean text: "Do", "Độ", "Trinh" are what it says
    # doubt about other words changes nothing
    other = text.index("Như trên")
    assert extract_notice(text, uncertain=Uncertainty.of_spans([(other, other + 8)], text)).signer.name == \
        clean.signer.name


def test_a_title_read_up_to_its_marks_is_not_a_name():
    # "Chủ Tịch" alone on a line (a title's case lost) spells the surname "Chu" up to its marks
    text = _BODY + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nChủ Tịch\n"
    n = extract_notice(text, uncertain=Uncertainty.everywhere())
    assert n.signer.name is None and n.signer.title == "Phó Chủ tịch"


def test_footnotes_after_the_signature_are_not_recipients():
    text = (_BODY + "Nơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- Lưu: VT.\nLâm Quốc Bảo\n"
            "[1] Công văn số 15/UBND-KT ngày 02 tháng 01 năm 2024 của UBND tỉnh.\n")
    n = parse_text(text)
    assert n.signer.name == "Lâm Quốc Bảo"
    assert n.recipients == ["Như trên", "Lưu: VT"]
