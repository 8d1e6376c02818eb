"""Dates and deadlines: table-driven cases per rule, plus property-based tests on hostile text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notice_parser.extract.dates import find_dates, parse_date
from notice_parser.extract.deadlines import find_deadlines
from notice_parser.uncertainty import Uncertainty

from _fresh import fresh_python

D = dt.date

# --- parse_date ------------------------------------------------------------------------

PARSE_CASES = [
    ("ngày 10 tháng 4 năm 2024", None, D(2024, 4, 10)),
    ("Ngày 15/12/2021", None, D(2021, 12, 15)),
    ("01/3/2021", None, D(2021, 3, 1)),
    ("20/06/2023", None, D(2023, 6, 20)),
    ("15-12-2021", None, D(2021, 12, 15)),
    ("15.12.2021", None, D(2021, 12, 15)),
    ("30 tháng 11 năm 2025", None, D(2025, 11, 30)),
    ("NGÀY 02 THÁNG 6 NĂM 2021", None, D(2021, 6, 2)),
    ("Ngày 02 tháng 6 năm 2021,", None, D(2021, 6, 2)),
    ("ngày 27/12", 2021, D(2021, 12, 27)),
    ("ngày 27/12", None, None),  # no year, no default
    ("ngày 5 tháng 3", 2022, D(2022, 3, 5)),
    ("ngày 1 tháng 10 năm sau", 2020, D(2021, 10, 1)),
    ("ngày 1 tháng 10 năm nay", 2020, D(2020, 10, 1)),
    ("ngày 1 tháng 10 năm thứ hai", 2020, None),
    ("ngày \n\n13/12/2019", None, D(2019, 12, 13)),  # hard-wrapped PDF text
    ("ngày 10 tháng\n4 năm\n2024", None, D(2024, 4, 10)),
    ("15 / 12 / 2021", None, D(2021, 12, 15)),
    ("ngay 15/12/2021", None, None),  # unmarked keyword in clean text: not read (see the gating table below)
    ("29/02/2024", None, D(2024, 2, 29)),
    ("31/02/2024", None, None),  # no such day
    ("29/02/2023", None, None),
    ("15/13/2021", None, None),
    ("15/12/21", None, None),  # two-digit years are not accepted
    ("15/12-2021", None, None),  # mixed separators
    ("15/12/0021", None, None),  # out of range year
    ("30/2020/NĐ-CP", None, None),
    ("2024-2028", None, None),
    ("ngày   tháng 4 năm 2024", None, None),  # the blank day of an unsigned header
    ("Quyết định số 155/QĐ-UBND ngày 18/01/2024", None, None),  # not one date expression
    ("", None, None),
]


@pytest.mark.parametrize(("text", "default_year", "expected"), PARSE_CASES)
def test_parse_date(text, default_year, expected):
    assert parse_date(text, default_year) == expected


def test_parse_date_rejects_non_strings():
    assert parse_date(None) is None  # type: ignore[arg-type]


# --- find_dates ------------------------------------------------------------------------

FIND_CASES = [
    ("Quyết định số 155/QĐ-UBND ngày 18/01/2024 của UBND tỉnh", None, [("18/01/2024", D(2024, 1, 18))]),
    ("Nghị định 30/2020/NĐ-CP và Luật số 80/2015/QH13", None, []),
    ("giai đoạn 2024-2028, năm 2025", None, []),
    ("Ngày 10 tháng 4 năm 2024, tại Trụ sở", None, [("10 tháng 4 năm 2024", D(2024, 4, 10))]),
    ("từ ngày 1/6 đến ngày 30/6", 2023, [("1/6", D(2023, 6, 1)), ("30/6", D(2023, 6, 30))]),
    ("từ ngày 1/6 đến ngày 30/6", None, []),
    ("tỷ lệ 1/2 số hồ sơ, mục 3-4", 2023, []),  # year-less fractions without "ngày" are not dates
    ("điện thoại 0263.3822.111", None, []),
    ("ngày 31/02/2024 và ngày 01/03/2024", None, [("01/03/2024", D(2024, 3, 1))]),
]


@pytest.mark.parametrize(("text", "default_year", "expected"), FIND_CASES)
def test_find_dates(text, default_year, expected):
    found = find_dates(text, default_year)
    assert [(text[s:e], d) for s, e, d in found] == expected


# --- find_deadlines --------------------------------------------------------------------

# (text, default_year, [(date, recurrence, kind), ...])
DEADLINE_CASES = [
    # point dates after a deadline word
    ("tham mưu UBND tỉnh trước ngày 31/3/2021.", None, [(D(2021, 3, 31), None, "by")]),
    ("gửi Sở Tài chính chậm nhất ngày 17/12/2021 để xem xét, tham mưu, trình UBND tỉnh cho chủ "
     "trương thực hiện chậm nhất\nngày 21/12/2021.", None,
     [(D(2021, 12, 17), None, "by"), (D(2021, 12, 21), None, "by")]),
    ("báo cáo kết quả chậm nhất là ngày 05/8/2024", None, [(D(2024, 8, 5), None, "by")]),
    ("hoàn thành chậm nhất đến ngày 30/6/2024", None, [(D(2024, 6, 30), None, "by")]),
    ("Thời gian hoàn thành: Quý II/2024.", None, [(D(2024, 6, 30), None, "within")]),
    ("hoàn thành trước 30 tháng 11 năm 2025", None, [(D(2025, 11, 30), None, "by")]),
    ("nộp hồ sơ đến hết ngày 15.07.2023", None, [(D(2023, 7, 15), None, "by")]),
    ("triển khai xong trước ngày 20-10-2022", None, [(D(2022, 10, 20), None, "by")]),
    ("thời gian gửi không quá ngày 10/9/2024", None, [(D(2024, 9, 10), None, "by")]),
    ("Thời hạn hoàn thành: ngày 30/6/2025.", None, [(D(2025, 6, 30), None, "by")]),
    ("gửi về Văn phòng trước 16h00 ngày 12/3/2024", None, [(D(2024, 3, 12), None, "by")]),
    ("báo cáo Chủ tịch UBND tỉnh trước 17 giờ ngày 05/01/2023", None, [(D(2023, 1, 5), None, "by")]),
    ("báo cáo trước ngày 15/3", 2021, [(D(2021, 3, 15), None, "by")]),  # year from the meeting
    ("hoàn thành trước ngày 25 tháng 12", 2022, [(D(2022, 12, 25), None, "by")]),
    ("báo cáo trước ngày 15/3", None, [(None, None, "by")]),  # unresolvable: kept, undated
    ("TRƯỚC NGÀY 01/02/2024", None, [(D(2024, 2, 1), None, "by")]),
    ("gửi Sở Nội vụ trước thứ Sáu, ngày 20/12/2024", None, [(D(2024, 12, 20), None, "by")]),
    ("báo cáo sơ kết trước ngày 15/6 và ngày 15/12/2024", None,  # the later year completes the first
     [(D(2024, 6, 15), None, "by"), (D(2024, 12, 15), None, "by")]),
    ("báo cáo trước ngày 15/6 hoặc 15/12", 2023, [(D(2023, 6, 15), None, "by"), (D(2023, 12, 15), None, "by")]),
    ("trước ngày 15/3/2021 và Quyết định số 12/QĐ-UBND ngày 01/01/2021", None, [(D(2021, 3, 15), None, "by")]),
    ("Thời gian thực hiện: tháng 6/2024", None, [(D(2024, 6, 30), None, "within")]),
    # periods
    ("báo cáo UBND tỉnh trong tháng 04/2024.", None, [(D(2024, 4, 30), None, "within")]),
    ("trình phê duyệt trong tháng 2 năm 2024", None, [(D(2024, 2, 29), None, "within")]),
    ("hoàn thành trong tháng 9", 2023, [(D(2023, 9, 30), None, "within")]),
    ("tổ chức khai trương trong quý II/2024", None, [(D(2024, 6, 30), None, "within")]),
    ("đưa vào vận hành trong Quý IV năm 2023", None, [(D(2023, 12, 31), None, "within")]),
    ("hoàn thành trong quý 3/2025", None, [(D(2025, 9, 30), None, "within")]),
    ("phấn đấu hoàn thành trong năm 2024", None, [(D(2024, 12, 31), None, "within")]),
    ("hoàn thành việc số hóa trong năm nay", 2022, [(D(2022, 12, 31), None, "within")]),
    ("đưa vào sử dụng cuối năm 2025", None, [(D(2025, 12, 31), None, "within")]),
    ("duy trì đến hết quý 1 năm 2026", None, [(D(2026, 3, 31), None, "within")]),
    ("triển khai trong 6 tháng đầu năm 2024", None, [(D(2024, 6, 30), None, "within")]),
    ("hoàn thành trước tháng 6/2024", None, [(D(2024, 5, 31), None, "by")]),
    ("hoàn thành trước quý III/2024", None, [(D(2024, 6, 30), None, "by")]),
    # years named relative to the meeting's
    ("gửi Sở Tài chính trước ngày 01 tháng 10 năm sau", 2020, [(D(2021, 10, 1), None, "by")]),
    ("hoàn thành trong năm tới", 2020, [(D(2021, 12, 31), None, "within")]),
    ("đưa vào vận hành trong quý I năm sau", 2023, [(D(2024, 3, 31), None, "within")]),
    ("trình trước ngày 31 tháng 5 năm thứ năm của kế hoạch", 2020, [(None, None, "by")]),  # unresolvable
    # recurrences
    ("hàng tuần báo cáo tiến độ cho đến khi hoàn thành", None, [(None, "weekly", "recurring")]),
    ("hằng tháng tổng hợp, báo cáo UBND tỉnh", None, [(None, "monthly", "recurring")]),
    ("báo cáo định kỳ hằng quý về Sở Nội vụ", None, [(None, "quarterly", "recurring")]),
    ("tổng kết hàng năm", None, [(None, "yearly", "recurring")]),
    ("theo dõi, cập nhật hằng ngày trên hệ thống", None, [(None, "daily", "recurring")]),
    ("họp giao ban 01 lần/tháng", None, [(None, "monthly", "recurring")]),
    ("tổ chức họp vào sáng thứ Hai hằng tuần", None, [(None, "weekly", "recurring")]),
    ("nộp báo cáo trước ngày 20 hằng tháng", None, [(None, "monthly", "recurring")]),
    ("Trước ngày 30 tháng 11 hằng năm, Sở Kế hoạch và Đầu tư tổng hợp", 2024, [(None, "yearly", "recurring")]),
    ("thông báo kết quả kiểm tra trước tháng 10 hằng năm", 2024, [(None, "yearly", "recurring")]),
    # relative
    ("Trong thời hạn 03 ngày làm việc, Văn phòng UBND tỉnh có trách nhiệm trình", None,
     [(None, None, "relative")]),
    ("báo cáo trong vòng 10 ngày kể từ ngày 05/01/2024", None, [(None, None, "relative")]),
    ("chậm nhất 15 ngày sau khi nhận được văn bản", None, [(None, None, "relative")]),
    ("hoàn thành ngay trong tuần này", None, [(None, None, "relative")]),
    ("kết quả đạt được trong 3 tháng qua", None, []),  # looks back: no deadline
    ("xử lý sự cố trong vòng 24 giờ kể từ khi nhận được phản ánh", None, [(None, None, "relative")]),
    ("trong 07 ngày làm việc và trong vòng 2 tuần", None, [(None, None, "relative"), (None, None, "relative")]),
    # whole directives, citations and deadlines mixed
    ("Giao Sở Kế hoạch và Đầu tư chủ trì tham mưu UBND tỉnh ban hành Kế hoạch triển khai Nghị quyết số "
     "57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, hoàn thành trước ngày 15/02/2025.", 2025,
     [(D(2025, 2, 15), None, "by")]),
    ("Sở Y tế báo cáo kết quả thực hiện Công văn số 1234/UBND-VX ngày 05/3/2024 về UBND tỉnh (qua Văn "
     "phòng UBND tỉnh) trước 16 giờ 00 ngày 20/3/2024.", 2024, [(D(2024, 3, 20), None, "by")]),
    ("UBND các huyện cập nhật dữ liệu theo Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính "
     "phủ; định kỳ hằng tháng (trước ngày 20) báo cáo kết quả về Sở.", 2024, [(None, "monthly", "recurring")]),
    ("Công an tỉnh hoàn thành việc làm sạch dữ liệu dân cư trong quý III năm 2024, báo cáo kết quả "
     "trong tháng 10/2024.", 2024, [(D(2024, 9, 30), None, "within"), (D(2024, 10, 31), None, "within")]),
    # dates that are NOT deadlines
    ("theo thời hạn đã được giao tại 155/QĐ-UBND ngày 18/01/2024 của UBND tỉnh", None, []),
    ("thông qua Nghị quyết sửa đổi Nghị quyết 112/NQ-HĐND ngày \n\n13/12/2019.", None, []),
    ("Ngày 10 tháng 4 năm 2024, tại Trụ sở UBND tỉnh, đồng chí Phó Chủ tịch chủ trì", None, []),
    ("thực hiện Kế hoạch giai đoạn 2024-2028", None, []),
    ("trong giai đoạn 2021 - 2025 và trong năm 2024 - 2025", None, []),
    ("Thông tư 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ", None, []),
    ("Trước hết, cần quán triệt; trong quy hoạch tỉnh; trước đây đã thuê", None, []),
    ("hàng hóa, hàng ngàn doanh nghiệp", None, []),
]


@pytest.mark.parametrize(("text", "default_year", "expected"), DEADLINE_CASES)
def test_find_deadlines(text, default_year, expected):
    found = find_deadlines(text, default_year=default_year)
    assert [(d.date, d.recurrence, d.kind) for d in found] == expected
    for d in found:
        assert d.span is not None and 0 <= d.span.start < d.span.end <= len(text)
        assert " ".join(text[d.span.start:d.span.end].split()) == d.text


def test_recurrence_start_goes_into_starts_not_a_dated_deadline():
    text = ("báo cáo UBND tỉnh cập nhật tiến độ, kết quả triển khai thực hiện định kỳ vào thứ 2 hằng "
            "tuần (bắt đầu từ ngày 27/12/2021).")
    (dl,) = find_deadlines(text)
    assert (dl.date, dl.recurrence, dl.starts) == (None, "weekly", D(2021, 12, 27))
    assert dl.text == "định kỳ vào thứ 2 hằng tuần"


def test_start_date_in_another_sentence_is_not_taken():
    (dl,) = find_deadlines("Họp hằng tuần. Khai trương từ ngày 27/12/2021.")
    assert dl.recurrence == "weekly" and dl.starts is None


@pytest.mark.parametrize(("text", "phrase"), [
    ("Trong thời hạn 03 ngày kể từ ngày tiếp nhận hồ sơ, tin báo", "Trong thời hạn 03 ngày kể từ ngày tiếp nhận hồ sơ"),
    ("trong vòng 10 ngày kể từ ngày 05.01.2024 đến", "trong vòng 10 ngày kể từ ngày 05.01.2024"),
    ("trong thời hạn 10 ngày, kể từ ngày nhận được; sau đó", "trong thời hạn 10 ngày, kể từ ngày nhận được"),
])
def test_relative_deadline_text_stops_at_the_clause(text, phrase):
    (dl,) = find_deadlines(text)
    assert dl.text == phrase and dl.date is None


def test_same_recurrence_twice_is_one_deadline_with_the_later_start():
    text = ("Giám đốc Sở họp trực báo định kỳ hằng tuần về tiến độ triển khai IOC, báo cáo UBND tỉnh "
            "cập nhật tiến độ, kết quả triển khai thực hiện định kỳ vào thứ 2 hằng tuần (bắt đầu từ "
            "ngày 27/12/2021). Trong thời hạn 03 ngày làm việc, Văn phòng trình UBND tỉnh.")
    found = find_deadlines(text)
    assert [(d.recurrence, d.kind, d.starts) for d in found] == [
        ("weekly", "recurring", D(2021, 12, 27)),
        (None, "relative", None),
    ]
    assert found[0].text == "định kỳ hằng tuần"


def test_identical_dates_are_deduplicated_keeping_the_first():
    text = "báo cáo trước ngày 15/3/2021; hoàn thành trước ngày 15/03/2021"
    found = find_deadlines(text)
    assert [(d.date, d.span.start) for d in found] == [(D(2021, 3, 15), text.index("trước"))]


def test_base_offset_and_page():
    text = "hoàn thành trước ngày 31/3/2021"
    (dl,) = find_deadlines(text, base=1000, page_of=lambda off: 1 + off // 1000)
    assert (dl.span.start, dl.span.end, dl.span.page) == (1011, 1000 + len(text), 2)


def test_empty_text():
    assert find_deadlines("") == [] and find_dates("") == []


# --- hostile input ---------------------------------------------------------------------

_VOCAB = ["ngày", "tháng", "năm", "quý", "trước", "chậm nhất", "trong", "hằng", "tuần", "thời hạn", "vòng",
          "kể từ", "bắt đầu từ", "định kỳ", "vào thứ", "lần", "/", "-", ".", ":", ",", "(", ")", " ", "\n",
          "1", "12", "31", "2024", "II", "IV", "giờ", "h", "đến hết", "cuối", "6", "nay", "là", "sau"]
_hostile = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_VOCAB), max_size=120).map(" ".join),
    st.lists(st.sampled_from(_VOCAB), max_size=120).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_hostile, default_year=st.one_of(st.none(), st.integers(-5, 10000)), base=st.integers(0, 10**6))
@example(text="HẾT NAM", default_year=0, base=0)  # "hết năm" with a year outside the calendar raised
@example(text="cuối năm", default_year=10000, base=0)
def test_never_raises_and_spans_stay_inside(text, default_year, base):
    for start, end, date in find_dates(text, default_year):
        assert 0 <= start < end <= len(text) and isinstance(date, dt.date)
    for d in find_deadlines(text, base=base, default_year=default_year):
        assert base <= d.span.start < d.span.end <= base + len(text)
        assert d.recurrence is not None or d.kind != "recurring"
    parse_date(text, default_year)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("unit", [
    "ngày ", " ", "\n", "1/", "1/1/", "trước ", "trong thời hạn ", "hằng ", "ngày 1", "quý ",
    "tháng 1/", "định kỳ vào thứ 2 ", "9", "bắt đầu từ ", "chậm nhất là vào ", "1 tháng ",
])
def test_hostile_megabyte_is_scanned_linearly(unit):
    """1 MB of a repeated fragment: a catastrophically backtracking pattern would hang here.

    No wall-clock assertion (timings belong to `make bench`): pytest-timeout bounds the test,
    and the scan completing at all on 1 MB shows the patterns do not backtrack exponentially.
    """
    text = unit * (1_000_000 // len(unit))
    find_deadlines(text, default_year=2024)
    find_dates(text, 2024)


@pytest.mark.timeout(60)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fragment=st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=8).map(" ".join))
def test_hostile_repetitions_finish(fragment):
    """Repeated random fragments (~200 kB): bounded by the timeout, never a hang."""
    text = fragment * (200_000 // len(fragment) + 1)
    find_deadlines(text, default_year=2024)
    find_dates(text, 2024)


_FORMATS = [
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}",
    lambda d: f"ngày\n{d.day}/{d.month}/{d.year}",
]


@settings(max_examples=200, deadline=None)
@given(date=st.dates(D(1950, 1, 1), D(2100, 12, 31)), fmt=st.sampled_from(_FORMATS),
       prefix=st.sampled_from(["", "Quyết định số 12/QĐ-UBND ", "tại cuộc họp ", "hoàn thành trước "]))
def test_every_format_round_trips(date, fmt, prefix):
    written = fmt(date)
    assert parse_date(written) == date
    text = prefix + written + "."
    assert [d for _, _, d in find_dates(text)] == [date]
    deadlines = find_deadlines(text)
    assert [d.date for d in deadlines] == ([date] if prefix.startswith("hoàn thành") else [])


# The lunar new year, Vietnamese calendar (UTC+7): 1985 and 2007 differ from the Chinese one.
@pytest.mark.parametrize(("year", "expected"), [
    (1985, dt.date(1985, 1, 21)), (2007, dt.date(2007, 2, 17)), (2015, dt.date(2015, 2, 19)),
    (2017, dt.date(2017, 1, 28)), (2020, dt.date(2020, 1, 25)), (2021, dt.date(2021, 2, 12)),
    (2022, dt.date(2022, 2, 1)), (2023, dt.date(2023, 1, 22)), (2024, dt.date(2024, 2, 10)),
    (2025, dt.date(2025, 1, 29)), (2026, dt.date(2026, 2, 17)), (2028, dt.date(2028, 1, 26)),
])
def test_tet(year, expected):
    from notice_parser.extract.lunar import tet

    assert tet(year) == expected


@pytest.mark.parametrize(("stem", "branch", "near", "expected"), [
    ("Ất", "Tỵ", 2024, 2025), ("Giáp", "Thìn", 2023, 2024), ("Quý", "Mão", 2022, 2023),
    ("Quý", "Mẹo", 2022, 2023), ("Canh", "Tý", 2019, 2020), ("Giáp", "Tý", 1990, 1984),
    ("Giáp", "Sửu", 2024, None),  # never a year's name
])
def test_year_of_cycle_name(stem, branch, near, expected):
    from notice_parser.extract.lunar import year_of_cycle_name

    assert year_of_cycle_name(stem, branch, near) == expected


@pytest.mark.parametrize(("text", "reference", "expected"), [
    ("xong trước Tết Nguyên đán Ất Tỵ.", dt.date(2024, 10, 3), [(dt.date(2025, 1, 28), "by")]),
    ("hoàn thành trước Tết Nguyên đán năm 2024", dt.date(2023, 11, 1), [(dt.date(2024, 2, 9), "by")]),
    ("hoàn thành trước Tết Nguyên đán Giáp Thìn 2024", None, [(dt.date(2024, 2, 9), "by")]),
    # no year: the first Tết after the meeting
    ("chậm nhất trước Tết, báo cáo UBND tỉnh", dt.date(2024, 10, 3), [(dt.date(2025, 1, 28), "by")]),
    ("chậm nhất trước Tết, báo cáo UBND tỉnh", dt.date(2025, 1, 6), [(dt.date(2025, 1, 28), "by")]),
    ("trước Tết Dương lịch", dt.date(2024, 11, 20), [(dt.date(2024, 12, 31), "by")]),
    # a Tết the text cannot place is still a deadline, with no date
    ("xong trước Tết", None, [(None, "by")]),
    # during Tết is not a deadline
    ("đảm bảo an toàn trong dịp Tết Nguyên đán", dt.date(2024, 12, 1), []),
    ("vui Xuân, đón Tết an toàn", dt.date(2024, 12, 1), []),
])
def test_tet_deadlines(text, reference, expected):
    found = find_deadlines(text, reference=reference)
    assert [(d.date, d.kind) for d in found] == expected


# A year-less date or period said at a meeting means its next occurrence ("trước 30/6" in November
# is next June); "đến ngày" ends a period; "đến cuối năm" is the meeting year's end.
@pytest.mark.parametrize(("text", "expected"), [
    ("hoàn thành trước 30/6", [(dt.date(2025, 6, 30), "by")]),
    ("trước ngày 15 tháng 3", [(dt.date(2025, 3, 15), "by")]),
    ("trong tháng 3", [(dt.date(2025, 3, 31), "within")]),
    ("trong quý I", [(dt.date(2025, 3, 31), "within")]),
    ("trước ngày 17/12", [(dt.date(2024, 12, 17), "by")]),
    ("trong tháng 11", [(dt.date(2024, 11, 30), "within")]),
    ("trước ngày 30/10", [(dt.date(2024, 10, 30), "by")]),  # within a month: overdue, not next year
    ("trước 30/6 và 31/12/2025", [(dt.date(2025, 6, 30), "by"), (dt.date(2025, 12, 31), "by")]),
    ("trong tháng 3/2024", [(dt.date(2024, 3, 31), "within")]),  # a stated year is kept
    ("thực hiện từ ngày 1/1/2025 đến ngày 31/3/2025", [(dt.date(2025, 3, 31), "by")]),
    ("đến ngày 31/12/2025", [(dt.date(2025, 12, 31), "by")]),
    ("tính đến ngày 30/9/2024, đã giải ngân 60%", []),
    ("từ nay đến cuối năm", [(dt.date(2024, 12, 31), "within")]),
    ("đến hết năm", [(dt.date(2024, 12, 31), "within")]),
    ("cuối năm 2025", [(dt.date(2025, 12, 31), "within")]),
])
def test_deadlines_relative_to_the_meeting(text, expected):
    found = find_deadlines(text, default_year=2024, reference=dt.date(2024, 11, 5))
    assert [(d.date, d.kind) for d in found] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("định kỳ 6 tháng báo cáo kết quả", [(None, "semiannual", "recurring")]),
    ("định kỳ 06 tháng, năm báo cáo UBND tỉnh", [(None, "semiannual", "recurring")]),
    ("báo cáo 06 tháng/lần", [(None, "semiannual", "recurring")]),
    ("sáu tháng một lần tổng hợp", [(None, "semiannual", "recurring")]),
    ("trong 6 tháng đầu năm 2025", [(dt.date(2025, 6, 30), None, "within")]),  # a period, not a recurrence
])
def test_every_six_months(text, expected):
    assert [(d.date, d.recurrence, d.kind) for d in find_deadlines(text, default_year=2024)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("báo cáo UBND tỉnh trong quý IH/2023.", dt.date(2023, 9, 30)),  # OCR: "IH" for "III"
    ("trong quý Il năm 2024", dt.date(2024, 6, 30)),
    ("trong quý lV/2024", dt.date(2024, 12, 31)),
])
def test_quarter_numerals_damaged_by_ocr(text, expected):
    """Look-alike numerals are read where the repair stage marks the text uncertain, not in clean text."""
    assert [d.date for d in find_deadlines(text, default_year=2024, uncertain=Uncertainty.everywhere())] == [expected]
    assert [d.date for d in find_deadlines(text, default_year=2024)] == [None]  # a phrase with no quarter as written
    at = text.index("quý")
    assert [d.date for d in find_deadlines(text, default_year=2024, uncertain=Uncertainty.of_spans([(at + 4, at + 6)]))
            ] == [expected]


def test_a_quarter_that_is_not_a_numeral_is_not_a_deadline():
    assert find_deadlines("trong quý HH/2024", default_year=2024) == []


# --- whether a deadline phrase governs an action (tests/reference/ANNOTATION.md, turn 2) ----------

GOVERNING_CASES = [
    # set by the text: deadlines
    ("tổ chức lễ gắn biển công trình vào ngày 02 tháng 9 năm 2026", [D(2026, 9, 2)]),
    ("khánh thành nhà máy vào ngày 30/4/2026.", [D(2026, 4, 30)]),
    ("phải được hoàn thành trong quý II năm 2026", [D(2026, 6, 30)]),
    ("từ nay đến hết năm 2026 tập trung giải ngân", [D(2026, 12, 31)]),
    ("bàn giao mặt bằng trong tháng 12/2025", [D(2025, 12, 31)]),
    ("triển khai thực hiện từ ngày 01/3/2026 đến ngày 31/5/2026", [D(2026, 5, 31)]),
    # reported or past
    ("giải ngân tính đến hết ngày 30/9/2025 đạt 61% kế hoạch", []),
    ("tính đến ngày 15/10/2025, toàn tỉnh có 12 xã", []),
    ("đã hoàn thành trong tháng 8/2025 việc sắp xếp", []),
    ("Chương trình trong năm 2025 đã được triển khai đồng bộ", []),
    # planned, predicted, negated, descriptive
    ("hỗ trợ các dự án có kế hoạch hoàn thành năm 2026", []),
    ("tin tưởng trong năm 2026 sẽ về đích", []),
    ("phần vốn không có khả năng giải ngân trong năm 2025 được điều chuyển", []),
    ("các dự án chưa hoàn thành trong năm 2025", []),
    ("rà soát các nhiệm vụ được giao trong năm 2025, bảo đảm tiến độ", []),
    ("đạt mục tiêu tăng trưởng 8% trong năm 2026 của Thành phố", []),
    ("xây dựng kịch bản cho những tháng cuối năm 2025", []),
    # a risk or a likelihood that the period would see come true describes the noun
    ("thống kê các hồ chứa có nguy cơ cạn kiệt trong tháng 3/2026, đề xuất giải pháp trước ngày 15/2/2026",
     [D(2026, 2, 15)]),
    ("rà soát những hộ có khả năng tái nghèo trong năm 2026", []),
    ("chủ động phòng ngừa nguy cơ dịch bùng phát trong quý I/2026", []),
    # a plan's time alone in brackets at the item's end is its deadline; periods joined by "và" share a later year
    ("rà soát quy hoạch mạng lưới trường học (Quý III/2026).", [D(2026, 9, 30)]),
    ("tổ chức tập huấn cho cán bộ cấp xã (tháng 3/2026)", [D(2026, 3, 31)]),
    ("triển khai thí điểm trong tháng 11 và tháng 12/2026", [D(2026, 11, 30), D(2026, 12, 31)]),
    ("kết quả năm trước (năm 2024) đạt 80% kế hoạch", []),
    ("đã hoàn thành việc số hóa hồ sơ (năm 2026).", []),
    # an occasion or a season during which one acts is not a time by which one finishes
    ("chuẩn bị đủ hàng hóa phục vụ nhân dân dịp cuối năm và Tết Dương lịch", []),
    ("tăng cường tuần tra kiểm soát trong đợt cao điểm cuối năm 2025", []),
    ("chủ động ứng phó với thiên tai trong mùa mưa lũ cuối năm", []),
    ("bố trí lực lượng trực vào thời điểm cuối năm 2025", []),
    ("tham mưu ứng phó kịp thời, nhất là trong đợt cao điểm mưa lũ cuối năm", []),
    ("tổ chức đợt kiểm tra liên ngành, hoàn thành cuối năm", [D(2025, 12, 31)]),
    ("bảo đảm an ninh trật tự dịp nghỉ lễ cuối năm, hoàn thành phương án trước ngày 20/12/2025",
     [D(2025, 12, 20)]),
    ("bình ổn giá trong dịp Tết; báo cáo kết quả trước Tết Dương lịch", [D(2025, 12, 31)]),
    # a milestone the item must reach names its period as a deadline
    ("chỉ đạo nhà thầu tăng ca, bảo đảm thông xe kỹ thuật năm 2026", [D(2026, 12, 31)]),
    ("phấn đấu đưa vào khai thác trong quý II năm 2026", [D(2026, 6, 30)]),
    ("tuyến đường đã thông xe trong năm 2024", []),
    ("hỗ trợ các dự án có kế hoạch thông xe năm 2026", []),
    # the time of an event someone else holds, a purpose aside
    ("báo cáo Phó Thủ tướng lịch kiểm tra, thời gian trong tuần ngày 8 đến ngày 12 tháng 12 năm 2025", []),
    ("trình dự thảo trước ngày 10/3/2026 (để kịp thông qua tại phiên họp trong tháng 3/2026)", [D(2026, 3, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), GOVERNING_CASES)
def test_deadline_words_govern_only_actions(text, expected):
    found = find_deadlines(text, default_year=2025, reference=D(2025, 11, 20))
    assert [d.date for d in found if d.date] == expected


def test_dates_before_the_document_are_past_not_due():
    text = "báo cáo kết quả đến ngày 15/9/2025 và hoàn thành trước ngày 20/12/2025"
    found = find_deadlines(text, default_year=2025, reference=D(2025, 11, 20), not_before=D(2025, 10, 20))
    assert [d.date for d in found] == [D(2025, 12, 20)]
    # a year-less date is the meeting's concern (rolled forward), never dropped as past
    assert [d.date for d in find_deadlines("trước ngày 15/9", default_year=2025, not_before=D(2025, 10, 20))] \
        == [D(2025, 9, 15)]


def test_date_cues_integrity():
    import unicodedata

    from notice_parser.extract.dates import load_date_cues

    cues = load_date_cues()
    lists = {f"triggers.{k}": v for k, v in cues.triggers.items()}
    lists |= {f"not_governing.{k}": v for k, v in cues.not_governing.model_dump().items()}
    lists["recurrence_words"] = cues.recurrence_words
    for name, words in lists.items():
        assert words, name
        assert len(words) == len(set(words)), f"{name} lists a word twice"
        for w in words:
            assert w == unicodedata.normalize("NFC", w) and w == " ".join(w.split()) and w == w.lower(), (name, w)
    every_trigger = [w for ws in cues.triggers.values() for w in ws]
    assert len(every_trigger) == len(set(every_trigger)), "a trigger word in two groups"
    assert set(cues.recurrence_units) == {"ngày", "tuần", "tháng", "quý", "năm"}


def test_date_patterns_are_built_on_first_use_not_at_import():
    code = ("import notice_parser.extract.deadlines as d, notice_parser.extract.dates as m; "
            "before = m.date_re.cache_info().currsize + m.period_re.cache_info().currsize; "
            "d.find_deadlines('Báo cáo trước ngày 20/3/2025 và trong quý II/2025.', default_year=2025); "
            "print(before, m.date_re.cache_info().currsize + m.period_re.cache_info().currsize)")
    assert fresh_python(code) == "0 2"


# --- date keywords without their marks: read only where the text is uncertain -----------

def _doubt(text: str, word: str | None) -> Uncertainty:
    """Uncertain spans on every occurrence of ``word``; clean text when None."""
    if word is None:
        return Uncertainty()
    at, spans = text.find(word), []
    while at != -1:
        spans.append((at, at + len(word)))
        at = text.find(word, at + 1)
    return Uncertainty.of_spans(spans)


@pytest.mark.parametrize(("text", "doubted", "expected"), [
    ("Họp giao ban ngay 5/3, các phòng chuẩn bị.", None, []),  # "ngay" (at once) beside a number
    ("Họp giao ban ngay 5/3, các phòng chuẩn bị.", "ngay", [D(2025, 3, 5)]),
    ("Ngày 3 thang 4 nam 2025 họp tổng kết.", None, []),
    ("Ngày 3 thang 4 nam 2025 họp tổng kết.", "thang 4 nam", [D(2025, 4, 3)]),
    ("Lập ngay 12.10.2024 theo mẫu.", None, [D(2024, 10, 12)]),  # a full date needs no keyword
    ("Họp ngày 5/3 theo lịch.", None, [D(2025, 3, 5)]),  # marked: read everywhere
])
def test_unmarked_keywords_in_dates(text, doubted, expected):
    assert [d for _, _, d in find_dates(text, 2025, uncertain=_doubt(text, doubted))] == expected


@pytest.mark.parametrize(("text", "doubted", "expected"), [
    ("Sở Xây dựng báo cáo trước ngay 15/3, không để chậm.", None, []),
    ("Sở Xây dựng báo cáo trước ngay 15/3, không để chậm.", "ngay", [D(2025, 3, 15)]),
    ("UBND xã hoàn thành trong thang 4/2025.", None, []),
    ("UBND xã hoàn thành trong thang 4/2025.", "thang", [D(2025, 4, 30)]),
    ("Phòng Kinh tế rà soát xong trong quy II năm 2025.", None, []),
    ("Phòng Kinh tế rà soát xong trong quy II năm 2025.", "quy", [D(2025, 6, 30)]),
    ("Chi trả đến hết nam 2025.", None, []),
    ("Chi trả đến hết nam 2025.", "nam", [D(2025, 12, 31)]),
    # the deadline word's own unmarked words are not date keywords: "ngay trong" is "right within"
    ("Triển khai ngay trong tháng 4/2025.", None, [D(2025, 4, 30)]),
])
def test_unmarked_keywords_in_deadlines(text, doubted, expected):
    found = find_deadlines(text, default_year=2025, uncertain=_doubt(text, doubted))
    assert [d.date for d in found if d.kind != "relative"] == expected


def test_unmarked_keyword_in_a_single_date():
    assert parse_date("ngay 15/12/2021") is None
    assert parse_date("ngay 15/12/2021", uncertain=Uncertainty.everywhere()) == D(2021, 12, 15)
    assert parse_date("  ngay 15/12/2021", uncertain=Uncertainty.of_spans([(2, 6)])) == D(2021, 12, 15)
    assert parse_date("  ngay 15/12/2021", uncertain=Uncertainty.of_spans([(0, 2)])) is None


@pytest.mark.parametrize(("text", "expected"), [
    # data/date_cues.json "year_end_words": a deadline word naming an end, with no year after it
    ("Các xã hoàn thành đến cuối năm.", [D(2025, 12, 31)]),
    ("Duy trì kiểm tra đến hết năm.", [D(2025, 12, 31)]),
    ("Các xã hoàn thành trong năm.", []),  # no end named: no date
])
def test_year_end_words(text, expected):
    assert [d.date for d in find_deadlines(text, default_year=2025)] == expected


def test_year_end_words_are_sound_and_deadline_words():
    from notice_parser.extract.dates import load_date_cues
    cues = load_date_cues()
    words = cues.year_end_words
    assert words and len(words) == len(set(words)) and all(w and w == w.lower() for w in words)
    triggers = " ".join(w for ws in cues.triggers.values() for w in ws).split()
    assert all(w in triggers for w in words)  # each is read inside a deadline word


_TET = [
    # data/date_cues.json "tet": every name, occasion and qualifier
    ("Các xã hoàn thành trước Tết Nguyên đán 2026.", D(2026, 2, 16)),
    ("Chi trả trợ cấp xong trước Tết âm lịch năm 2026.", D(2026, 2, 16)),
    ("Sửa chữa nhà văn hóa xong trước dịp Tết cổ truyền 2026.", D(2026, 2, 16)),
    ("Quyết toán trước Tết Dương lịch 2026.", D(2025, 12, 31)),
]


@pytest.mark.parametrize(("text", "date"), _TET)
def test_tet_words(text, date):
    assert [d.date for d in find_deadlines(text, default_year=2025)] == [date]


def test_tet_words_are_sound_and_each_is_read():
    from notice_parser.extract.dates import load_date_cues
    tet = load_date_cues().tet
    words = [*tet.names, *tet.occasions, *tet.lunar, *tet.solar]
    assert all(words) and len(words) == len(set(words)) and all(w == w.lower() for w in words)
    texts = " ".join(t.lower() for t, _ in _TET)
    assert [w for w in words if w not in texts] == []
