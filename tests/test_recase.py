"""Capitals of the letters repair fills into a word whose first glyph a font run lost
(repair/recase.recase_filled): which of them were capitals nobody saw, so the text and the
project's knowledge decide — a sentence's or an item's start, a gazetteer name written with
its capitals around the word, a person's name after a family name."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from notice_parser.repair import repair_text
from notice_parser.repair import recase
from notice_parser.repair.recase import capitals
from notice_parser.vietnamese import legacy_caseless

# A notice in our own words; the font run that set it lost "g" and "m" in both cases.
NOTICE = """Sáng ngày 21 tháng 4 năm 2025, tại trụ sở Ủy ban nhân dân tỉnh, đồng chí Mai Tiến Dũng,
Phó Chủ tịch Ủy ban nhân dân tỉnh đã chủ trì cuộc họp về giải phóng mặt bằng các dự án giao
thông trọng điểm. Dự họp có đại diện các sở: Tài chính, Xây dựng, Nông nghiệp và Môi trường,
Giáo dục và Đào tạo; lãnh đạo Ủy ban nhân dân các huyện trong tỉnh.
Sau khi nghe báo cáo và ý kiến của các đại biểu, đồng chí Mai Tiến Dũng kết luận như sau:
1. Giao Sở Xây dựng chủ trì, phối hợp với các địa phương đẩy nhanh tiến độ giải ngân vốn đầu tư
công, hoàn thành trong tháng 6 năm 2025. Giao Sở Tài chính bố trí kinh phí giải phóng mặt bằng.
2. Ủy ban nhân dân các huyện tăng cường công tác tuyên truyền, vận động người dân bàn giao mặt
bằng; giải quyết dứt điểm các vướng mắc trong tháng 5 năm 2025.
3. Giao Sở Giáo dục và Đào tạo rà soát mạng lưới trường học, bảo đảm không để học sinh gián đoạn
việc học. Giao Sở Nông nghiệp và Môi trường hướng dẫn thủ tục giao đất, thu hồi đất.
4. Ngày mai Sở Y tế làm việc với các bệnh viện về công tác khám chữa bệnh cho người dân.
"""


@pytest.fixture(scope="module")
def repaired() -> str:
    return repair_text(re.sub(r"[gmGM]", " ", NOTICE)).text


@pytest.mark.parametrize("phrase", [
    "đồng chí Mai Tiến Dũng",  # a family name before given names
    "1. Giao Sở Xây dựng",  # an item's first word
    ". Giao Sở Tài chính",  # a sentence's
    "Nông nghiệp và Môi trường",  # a gazetteer name written with its capitals around the word
    "3. Giao Sở Giáo dục và Đào tạo",
    # and what stays in lower case: a name's look-alike before a body, a common word
    "Ngày mai Sở Y tế",
    "bàn giao mặt",
    "giải phóng mặt bằng",
])
def test_filled_first_letters_take_the_case_the_context_says(repaired, phrase):
    assert phrase in " ".join(repaired.split())


def test_the_edits_say_the_capital_too():
    from notice_parser.options import ParseOptions

    out = repair_text(re.sub(r"[gmGM]", " ", NOTICE), ParseOptions(keep_edits=True))
    afters = [e.after for e in out.report.edits if e.step == "glyphs"]
    assert "Mai" in afters and "Giao" in afters


# ---- only the words and lines asked about are looked at: the same answers as the whole text ----
# recase.capitals decides a line's case and whether the text writes a paragraph a line only when
# a word asks (and stops reading lines once the answer is sure); ``eager=True`` decides every
# line first, as the whole-text computation did. The two must agree wherever they are asked.

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted({*ROOT.glob("tests/gold/**/*.txt"), *ROOT.glob("samples/*.txt"), *ROOT.glob("tests/cases/**/*.txt")})
_FIRST_LETTER = re.compile(r"(?<![^\W\d_])[^\W\d_]")


def _lowered(text: str, positions: list[int]) -> tuple[str, set[int]]:
    """``text`` with the letters at ``positions`` in lower case (their case lost), and those."""
    chars = list(text)
    for p in positions:
        chars[p] = chars[p].lower()
    return "".join(chars), set(positions)


def _losses(text: str) -> dict[str, tuple[str, set[int]]]:
    """The ways a text loses case: every word's first letter (a font run that lost them all),
    some of them, and TCVN3's toned capitals."""
    firsts = [m.start() for m in _FIRST_LETTER.finditer(text)]
    toned = [i for i, c in enumerate(text) if c.lower() in legacy_caseless("tcvn3")]
    return {"every word": _lowered(text, firsts), "every fifth word": _lowered(text, firsts[::5]),
            "some words": _lowered(text, firsts[3::13]), "tcvn3": _lowered(text, toned)}


def _paragraph_lines_read_until_sure(text: str, caseless: set[int]) -> bool:
    """Whether the text's lines read until the answer is sure say what all of them say (a
    paragraph a line or not), asked directly: few asked words depend on it."""
    doc = recase._Doc(text, recase._Runs(text, caseless), set())
    return recase._paragraph_lines(doc) == recase._paragraph_lines(doc, exact=True)


def test_the_test_texts_are_there():
    kinds = {p.relative_to(ROOT).parts[:3] for p in TEXTS}
    assert len(TEXTS) >= 80 and ("samples",) in {k[:1] for k in kinds}
    assert {("tests", "gold", d) for d in ("real", "real-inputs", "written", "heldout")} <= {k[:3] for k in kinds}


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_capitals_asked_lazily_equal_the_whole_text(path):
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    for loss, (damaged, caseless) in _losses(text).items():
        assert capitals(damaged, caseless) == capitals(damaged, caseless, eager=True), loss
        assert _paragraph_lines_read_until_sure(damaged, caseless), loss


_WORDS = ("ủy Ủy ỦY ban BAN Bộ BỘ á Á mai Mai Văn VĂN Chính Tỉnh Sở SỞ UBND CA Nông nghiệp và Môi trường "
          "Đông Nam ấn Ấn Độ đã chủ trì họp Giao d iii Trịnh mạnh Linh Phạm vi Úc án Thị Minh quyền THÔNG BÁO "
          "88/TB-UBND 12/2024 d) 1. 2.1. - + (3) ( \" . , : ; … &").split()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "\n", "\n\n", "\n \n", "\t", ". "])),
                min_size=1, max_size=60),
       st.lists(st.booleans(), max_size=120))
def test_capitals_asked_lazily_equal_the_whole_text_on_any_text(parts, lost):
    text = "".join(w + sep for w, sep in parts)
    asked = [m.start() for m, gone in zip(_FIRST_LETTER.finditer(text), lost) if gone]
    damaged, caseless = _lowered(text, asked)
    assert capitals(damaged, caseless) == capitals(damaged, caseless, eager=True)
    assert _paragraph_lines_read_until_sure(damaged, caseless)
