"""Low-confidence OCR words: their marks (and acronym look-alikes) are chosen again."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_parser.ingest import IngestedText, pages_from_text
from notice_parser.ingest.pages import LowConfidenceWord
from notice_parser.repair import repair_text


def _spans(text: str, *words: str) -> list[tuple[int, int]]:
    out = []
    for w in words:
        i = text.index(w)
        out.append((i, i + len(w)))
    return out


@pytest.mark.parametrize("text,unsure,expected", [
    # tone and hook swaps our OCR makes, fixed by context
    ("Sơ đồ Gantt chỉ tiết các nhiệm vụ", ["chỉ"], "Sơ đồ Gantt chi tiết các nhiệm vụ"),
    ("các đơn vị chi đạo triển khai thực hiện", ["chi"], "các đơn vị chỉ đạo triển khai thực hiện"),
    ("đề xuất sửa đối quy chế làm việc", ["đối"], "đề xuất sửa đổi quy chế làm việc"),
    ("Sở Nội vụ bố sung biên chế cho các đơn vị", ["bố"], "Sở Nội vụ bổ sung biên chế cho các đơn vị"),
    # a right reading stays
    ("Sở Tài chính bố trí kinh phí thực hiện", ["bố"], "Sở Tài chính bố trí kinh phí thực hiện"),
    ("Giao Sở Y tế chủ trì, phối hợp với các đơn vị liên quan", ["chủ", "phối"],
     "Giao Sở Y tế chủ trì, phối hợp với các đơn vị liên quan"),
    # acronyms read with look-alikes
    ("Trung tâm giám sát điều hành loC tỉnh Đắk Lắk", ["loC"], "Trung tâm giám sát điều hành IoC tỉnh Đắk Lắk"),
    ("Trung tâm giám sát điều hành I0C tỉnh", ["I0C"], "Trung tâm giám sát điều hành IOC tỉnh"),
    # numbers and document symbols are not words to re-mark
    ("theo Quyết định số 155/QĐ-UBND ngày 15/12/2021", ["155/QĐ-UBND"], "theo Quyết định số 155/QĐ-UBND ngày 15/12/2021"),
    # high-confidence words are fixed, even when wrong: only the spans are re-chosen
    ("đề xuất sửa đối quy chế làm việc", [], "đề xuất sửa đối quy chế làm việc"),
])
def test_low_confidence_words_are_rechosen(text, unsure, expected):
    r = repair_text(text, uncertain=_spans(text, *unsure))
    assert r.text == expected
    for e in r.report.edits:
        assert text[e.start:e.end] == e.before and e.step == "ocr-marks" and e.score is not None


def test_edits_map_back_through_earlier_steps():
    # a zero-width space before the word: the unicode step removes it first
    text = "\u200bđề xuất sửa đối quy chế"
    i = text.index("đối")
    r = repair_text(text, uncertain=[(i, i + 3)])
    assert r.text == "đề xuất sửa đổi quy chế"
    e = [e for e in r.report.edits if e.step == "ocr-marks"][0]
    assert (e.start, e.end, text[e.start:e.end]) == (i, i + 3, "đối")


def test_the_pipeline_passes_ingestion_low_confidence_words():
    from notice_parser.options import ParseOptions
    from notice_parser.pipeline import _run
    from notice_parser.schema import Source

    text = "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nđề xuất sửa đối quy chế làm việc của các sở\n"
    i = text.index("đối")
    ingested = IngestedText(text=text, pages=pages_from_text(text, "ocr"),
                            low_confidence=[LowConfidenceWord(start=i, end=i + 3, text="đối", confidence=61.0, page=1)])
    notice = _run(ingested, ParseOptions(), Source(name="x", media_type="image/png", sha256="0" * 64, size=1))
    assert "ocr-marks" in notice.repair.steps


_WORDS = st.sampled_from(["các", "sở", "chỉ", "chi", "đối", "bố", "loC", "UBND", "155/QĐ", "tỉnh", "Đắk", "ảúê",
                          "x", "\n", ",", "  ", "Hiền", "IOC", "1", "ngành"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=40).map(" ".join), st.lists(st.tuples(st.integers(-5, 300), st.integers(-5, 300)),
                                                                max_size=8))
def test_any_spans_on_any_text_never_crash_and_only_touch_the_spans(text, spans):
    r = repair_text(text, uncertain=spans)
    for e in r.report.edits:
        if e.step == "ocr-marks":
            assert any(s < e.end and e.start < t for s, t in spans)
