"""A numbered list's label that OCR or repair damaged ("(S)" for "(5)", "A." for "4.", "(au)" for
"(iii)") is the list's next item only where the text is doubted and its place asks for that number:
the list's next label is the number after it, or the label is an OCR look-alike of the number
(data/marker_lookalikes.tsv)."""

from __future__ import annotations

import pytest

from notice_parser.data import load_lines
from notice_parser.extract.directives import build_tree
from notice_parser.extract.layout import split_lines
from notice_parser.uncertainty import Uncertainty

ROMAN = ["(i) Bộ Xây dựng rà soát.", "(ii) Bộ Tài chính bố trí vốn.", "(iii) Tỉnh hoàn thiện hồ sơ.",
         "(iv) Bộ Công an hướng dẫn."]


def ids(nodes) -> list[str]:
    out = []
    for n in nodes:
        out.append(n.id)
        out.extend(ids(n.children))
    return out


def _doubting(text: str, *words: str) -> Uncertainty:
    return Uncertainty.of_spans([(text.index(w), text.index(w) + len(w)) for w in words], text)


def _tree(text: str, *doubted: str) -> list[str]:
    return ids(build_tree(split_lines(text), _doubting(text, *doubted)))


_PARENS = ("2. Để hoàn thành dự án, yêu cầu:\n(1) Sở Y tế chủ trì.\n(2) Sở Tư pháp thẩm định.\n(3) Sở Nội vụ góp ý.\n"
           "(4) Sở Tài chính thẩm định.\n"
           "(S) Sở Xây dựng cấp phép.\n(6) UBND huyện bàn giao mặt bằng.\n3. Giao Công an tỉnh bảo đảm an ninh.")
_NUMBERS = ("1. Sở Y tế rà soát.\n2. Sở Tài chính bố trí vốn.\n3. Sở Nội vụ thẩm định.\n"
            "A. Về chế độ: Sở Xây dựng hướng dẫn.\n5. Sở Công Thương báo cáo.")
_ROMANS = "b) Đề nghị:\n" + "\n".join(ROMAN).replace("(iii)", "(au)")

CASES = [
    # a look-alike ("S" for "5") where the label is doubted; the next label confirms it too
    (_PARENS, ("(S)",), ["2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3"]),
    # in clean text the line is what it says: a line of the item before ("(6)" a numbering slip)
    (_PARENS, (), ["2", "2.1", "2.2", "2.3", "2.4", "2.6", "3"]),
    # no look-alike ("au" is no roman numeral's rendering), but "(iv)" follows: the gap is this item
    (_ROMANS, ("(au)",), ["b", "b.i", "b.ii", "b.iii", "b.iv"]),
    (_ROMANS, (), ["b", "b.i", "b.ii", "b.iv"]),
    # a label that is a word ("A.") is never doubted itself: the rest of its line is, and both the
    # look-alike and the next label ("5.") say it is item 4
    (_NUMBERS, ("chế độ",), ["1", "2", "3", "4", "5"]),
    (_NUMBERS, (), ["1", "2", "3", "5"]),
    # doubt about the rest of the line with only one of the two: no item
    (_ROMANS, ("hoàn thiện",), ["b", "b.i", "b.ii", "b.iv"]),
    # the list's next label is the number itself: the damaged line is not that item
    ("1. Sở Y tế rà soát.\n2. Sở Tài chính bố trí vốn.\n3. Sở Nội vụ thẩm định.\n"
     "A. Về chế độ: theo quy định.\n4. Sở Công Thương báo cáo.", ("A.",), ["1", "2", "3", "4"]),
    # the last item of a list: a look-alike only ("Il" for "ii")
    ("a) Đề nghị:\n(i) Bộ Xây dựng rà soát.\n(Il) Bộ Tài chính bố trí vốn.", ("(Il)",), ["a", "a.i", "a.ii"]),
    ("a) Đề nghị:\n(i) Bộ Xây dựng rà soát.\n(au) Bộ Tài chính bố trí vốn.", ("(au)",), ["a", "a.i"]),
    # the first item, its label lost ("()"), while a list of letters is open: "(ii)" says whose it is
    ("1. Về dự án:\na) Đánh giá cao chủ đầu tư.\nb) Đề nghị:\n() Bộ Xây dựng rà soát.\n(ii) Bộ Tài chính bố trí vốn.",
     ("rà soát",), ["1", "1.a", "1.b", "1.b.i", "1.b.ii"]),
    ("1. Về dự án:\na) Đánh giá cao chủ đầu tư.\nb) Đề nghị:\n(l) Bộ Xây dựng rà soát.\n(2) Bộ Tài chính bố trí vốn.",
     ("(l)",), ["1", "1.a", "1.b", "1.b.1", "1.b.2"]),
    # a number repeated ("(ii)" read for "(iii)") is the one between when the next label confirms it,
    # in clean text too (as a number skipped is a numbering slip)
    ("b) Đề nghị:\n" + "\n".join(ROMAN).replace("(iii)", "(ii)"), (), ["b", "b.i", "b.ii", "b.iii", "b.iv"]),
    ("b) Đề nghị:\n" + "\n".join(ROMAN[:3]).replace("(iii)", "(ii)"), (), ["b", "b.i", "b.ii"]),
    # a list of letters in parentheses is not a list of numbers
    ("1. Giao:\n(a) Sở Y tế.\n(S) Sở Tài chính.\n(c) Sở Nội vụ.", ("(S)",), ["1", "1.1", "1.3"]),
]


@pytest.mark.parametrize("text,doubted,expected", CASES)
def test_a_damaged_number_continues_its_list_only_where_uncertain(text, doubted, expected):
    assert _tree(text, *doubted) == expected


def test_marker_lookalikes_are_well_formed():
    pairs = [tuple(line.split("\t")) for line in load_lines("marker_lookalikes.tsv")]
    assert pairs and all(len(p) == 2 for p in pairs)
    assert len(set(pairs)) == len(pairs)
    for seen, meant in pairs:
        assert len(seen) == 1 and seen != meant and seen.lower() != meant
        assert meant.isdigit() and not seen.isdigit() or meant in "ivx"
    # no character is a look-alike of two digits
    digits = [seen for seen, meant in pairs if meant.isdigit()]
    assert len(digits) == len(set(digits))
