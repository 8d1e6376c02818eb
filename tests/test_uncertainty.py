"""The repair stage's uncertain spans (notice_parser.uncertainty, repair/doubts.py) and how
extraction keeps look-alike matching to them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parser import parse_text
from notice_parser.options import ParseOptions
from notice_parser.repair import repair_text
from notice_parser.uncertainty import CLEAN, Uncertainty


@pytest.mark.parametrize(("spans", "query", "expected"), [
    ([], (0, 10), False),
    ([(5, 8)], (0, 5), False),  # ends where the span starts: no overlap
    ([(5, 8)], (0, 6), True),
    ([(5, 8)], (7, 20), True),
    ([(5, 8)], (8, 20), False),
    ([(5, 8)], (6, 6), True),  # an empty range is the position itself
    ([(1, 2), (5, 8), (20, 30)], (9, 19), False),
    ([(1, 2), (5, 8), (20, 30)], (9, 21), True),
])
def test_overlaps(spans, query, expected):
    assert Uncertainty.of_spans(spans).overlaps(*query) is expected


def test_spans_widen_to_words_and_merge():
    text = "Giao Sở Tài chính chủ trì"
    u = Uncertainty.of_spans([(9, 9), (10, 12), (0, 2)], text)  # a point inside "Tài", part of "chính"
    assert [text[s:e] for s, e in u.spans] == ["Giao", "Tài chính"]


def test_everywhere_and_clean():
    assert Uncertainty.everywhere().overlaps(10**6, 10**6 + 1)
    assert not CLEAN and not CLEAN.overlaps(0, 100)
    assert Uncertainty.everywhere().shifted(50).whole


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8), st.integers(0, 60), st.integers(0, 60),
       st.integers(0, 30))
def test_overlaps_agrees_with_a_scan(raw, a, b, shift):
    spans = [(min(x, y), max(x, y)) for x, y in raw]
    u = Uncertainty.of_spans(spans)
    start, end = min(a, b), max(a, b)
    points = set(range(start, max(end, start + 1)))
    assert u.overlaps(start, end) == any(points & set(range(s, e)) for s, e in spans)
    moved = u.shifted(shift)
    assert moved.overlaps(max(0, start - shift), max(0, end - shift)) == u.overlaps(start, end) or start < shift


CLEAN_TEXT = ("Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan triển khai thực hiện "
              "các nội dung sau đây và báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 30 tháng 6.")


def test_clean_text_has_no_uncertain_span():
    assert repair_text(CLEAN_TEXT).uncertain == CLEAN


def test_decoded_syllables_are_uncertain():
    stripped = "Giao So Tai chinh chu tri, phoi hop voi cac so, nganh lien quan trien khai thuc hien cac noi dung."
    repaired = repair_text(stripped)
    assert repaired.text != stripped
    changed = [i for i, (x, y) in enumerate(zip(stripped.split(), repaired.text.split())) if x != y]
    assert changed
    words = repaired.text.split()
    for i in changed:  # every word the decoder changed lies in an uncertain span
        start = len(" ".join(words[:i])) + (1 if i else 0)
        assert repaired.uncertain.overlaps(start, start + len(words[i])), words[i]


def test_low_confidence_words_are_uncertain_with_offsets_of_the_repaired_text():
    # U+00AD soft hyphens are dropped by the unicode step: the word after them moves left
    text = "Giao S\u00ad\u00adở Tài chính chủ trì thực hiện, báo cáo kết quả về Ủy ban nhân dân tỉnh."
    at = text.index("chính")
    repaired = repair_text(text, uncertain=[(at, at + len("chính"))])
    spans = [repaired.text[s:e] for s, e in repaired.uncertain.spans]
    assert spans == ["chính"]


def test_without_repair_only_low_confidence_words_are_uncertain():
    repaired = repair_text("Giao S6 Tài chính chủ trì.", ParseOptions(repair=False), uncertain=[(5, 7)])
    assert repaired.uncertain.spans == ((5, 7),)


def test_a_lookalike_in_clean_text_is_read_as_written_end_to_end():
    """One damaged word in an otherwise clean notice: its name is uncertain (a lone "S" is no
    syllable), the rest of the text is read as written."""
    body = ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\n1. Giao S6 Tài chính chủ trì, phối hợp với các đơn vị "
            "liên quan rà soát, báo cáo trước ngày 30/6/2025.\n2. VNPT Quang Ngôi hỗ trợ các đơn vị triển khai.\n")
    notice = parse_text(body)
    names = [a.name for d in notice.directives for a in d.agencies]
    assert "Sở Tài chính" in names
    assert "VNPT Quang Ngôi" in names  # a place the list does not know is not snapped in clean text


def test_tokens_no_detector_can_judge_are_uncertain_on_pages_read_by_ocr():
    """OCR misreads look-alikes with high confidence ("IH" for the quarter "III"): on its pages
    capitals that are no syllable and letters mixed with digits are in doubt; in a text layer not."""
    text = "Sở Tài chính báo cáo UBND tỉnh trong quý IH/2023, phối hợp với S6 Nội vụ và VNPT."
    ocr = repair_text(text, read_by_ocr=[(0, len(text))]).uncertain
    assert [text[s:e] for s, e in ocr.spans] == ["UBND", "IH", "S6", "VNPT"]
    layer = repair_text(text).uncertain
    assert [text[s:e] for s, e in layer.spans] == ["S6"]  # a lone "S" is no syllable, whoever read it
    half = repair_text(text, read_by_ocr=[(0, text.index("/2023"))]).uncertain  # the first page ends there
    assert [text[s:e] for s, e in half.spans] == ["UBND", "IH", "S6"]


@pytest.mark.parametrize("text,doubted", [
    ("b) Sở Y tế rà soát.\n~¢) Sở Tài chính bố trí vốn.", ["~¢)"]),
    ("Giao Sở Nội vụ chủ trì; ¦ Sở Tư pháp phối hợp.", ["¦"]),
    ("Kinh phí 1.000.000 ₫, nhiệt độ 30°C, tỷ lệ 5% và mục 3/4.", []),  # symbols a document writes
])
def test_stray_symbols_are_uncertain_in_any_text(text, doubted):
    """A symbol no document writes is what is left of a misread glyph, in a text layer too."""
    uncertain = repair_text(text).uncertain
    assert [text[s:e] for s, e in uncertain.spans if not text[s:e].isalpha()] == doubted


@pytest.mark.parametrize("text,doubted", [
    ("2. Tiến độ:\n ) Bộ Xây dựng đôn đốc.\nb) Bộ Tài chính cấp vốn.", [")"]),
    ("theo Quyết định (số 12/QĐ-UBND\n) của UBND tỉnh", []),  # a wrapped parenthesis closes before lower case
])
def test_a_line_opening_with_a_lost_list_letter_is_uncertain(text, doubted):
    uncertain = repair_text(text).uncertain
    assert [text[s:e].strip() for s, e in uncertain.spans if ")" in text[s:e]] == doubted


def test_inline_units_read_the_same_uncertainty():
    """The units rule asks whether each labelled piece names its own assignee: with the damaged
    "SG" read as "Sở" where the text is uncertain, both pieces do and the item splits."""
    from notice_parser.extract import extract_notice

    text = ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\n1. Về hạ tầng thủy lợi, giao: (1) SG Nông nghiệp và Phát "
            "triển nông thôn rà soát các công trình hư hỏng; (2) Sở Tài chính cân đối kinh phí sửa chữa.\n"
            "2. Văn phòng UBND tỉnh theo dõi, đôn đốc.\n")
    at = text.index("SG")
    damaged = extract_notice(text, uncertain=Uncertainty.of_spans([(at, at + 2)]))
    assert [(d.id, [a.name for a in d.agencies]) for d, _ in damaged.iter_directives()] == [
        ("1", []), ("1.1", ["Sở Nông nghiệp và Phát triển nông thôn"]), ("1.2", ["Sở Tài chính"]),
        ("2", ["Văn phòng UBND tỉnh"])]
    assert "1.1" not in [d.id for d, _ in extract_notice(text).iter_directives()]
