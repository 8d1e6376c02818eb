"""Hostile text never crashes or hangs the parser; it gives a valid Notice with warnings."""

import random

from hypothesis import HealthCheck, given, settings, strategies as st

from notice_parser import InputError, Notice, ParseOptions, UnsupportedInput, parse_bytes, parse_text

import pytest

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
WORDS = ["Sở", "Tài", "chính", "UBND", "tỉnh", "1.", "a)", "-", "+", "ngày", "15/3/2021", "giao", "phối", "hợp", "với",
         "Quyết", "định", "số", "155/QĐ-UBND", "trước", "THÔNG", "BÁO", "Nơi", "nhận:", "TL.", "CHỦ", "TỊCH", "\n", ":",
         "các", "Sở:", ",", "và", "(", ")", "hàng", "tuần", "quý", "II/2024", "Nguyễn", "Văn", "An", "đồng", "chí"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=300).map(" ".join))
def test_random_notice_like_text_gives_a_valid_notice(text):
    notice = parse_text(text)
    assert isinstance(notice, Notice)
    for d, _ in notice.iter_directives():
        assert 0 <= d.span.start <= d.span.end <= len(notice.text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_unicode_never_crashes(text):
    try:
        notice = parse_text(text)
    except UnsupportedInput as exc:  # text that is not Vietnamese at all is refused, with a message
        assert "not Vietnamese" in str(exc)
        return
    Notice.model_validate_json(notice.to_json())


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_notice_or_a_clear_error(data):
    try:
        parse_bytes(data, "x.txt")
    except InputError as exc:
        assert str(exc)


def test_empty_text_has_a_warning():
    notice = parse_text("")
    assert notice.directives == [] and any(w.code == "empty-text" for w in notice.warnings)


def test_empty_file_is_a_clear_error():
    with pytest.raises(InputError, match="empty"):
        parse_bytes(b"", "empty.txt")


def test_binary_junk_is_a_clear_error():
    with pytest.raises(InputError):
        parse_bytes(bytes(range(256)) * 40, "junk.txt")


def test_notice_without_numbering_takes_paragraphs():
    text = ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nNgày 2/3/2024, Chủ tịch UBND tỉnh Lê Văn A chủ trì họp. "
            "Kết luận như sau:\nSở Y tế rà soát các cơ sở khám bệnh trước ngày 30/4/2024.\n"
            "Sở Tài chính bố trí kinh phí.\nUBND tỉnh thông báo để các cơ quan thực hiện./.\n")
    notice = parse_text(text)
    assert [d.agencies[0].name for d in notice.directives] == ["Sở Y tế", "Sở Tài chính"]
    assert any(w.code == "no-numbering" for w in notice.warnings)


@pytest.mark.timeout(60)
def test_one_megabyte_of_random_vietnamese_finishes():
    rng = random.Random(7)
    words = ["".join(rng.choice(VI) for _ in range(rng.randint(1, 6))) for _ in range(2000)] + WORDS
    text = " ".join(rng.choice(words) for _ in range(200_000))[:1_000_000]
    # Random letter strings are not Vietnamese (and refused as such by default): the language
    # check is turned off to run every stage over the megabyte.
    notice = parse_text(text, ParseOptions(require_vietnamese=False))
    # Repair may shorten junk tokens, so compare loosely; every span must still index the text.
    assert abs(len(notice.text) - len(text)) < len(text) // 100
    for d, _ in notice.iter_directives():
        assert 0 <= d.span.start <= d.span.end <= len(notice.text)
