"""Citations: table-driven cases per form, negative cases, and property-based tests on hostile text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_parser.extract.citations import find_citations, normalize_number
from notice_parser.uncertainty import Uncertainty

D = dt.date

# (text, [(number, doc_type, issuer, date), ...])
CASES = [
    # the forms of the samples
    ("theo thời hạn đã được giao tại Quyết định số 155/QĐ-UBND ngày 18/01/2024 của UBND tỉnh",
     [("155/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2024, 1, 18))]),
    ("theo thời hạn đã được giao tại 155/QĐ-UBND ngày 18/01/2024",
     [("155/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2024, 1, 18))]),
    ("bổ sung Nghị quyết 112/NQ-HĐND ngày \n\n13/12/2019.",
     [("112/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân", D(2019, 12, 13))]),
    ("khuyến nghị của Bộ tại Văn bản số 2333/BTTTT-CĐSQG ngày 20/06/2023 về triển khai ICT",
     [("2333/BTTTT-CĐSQG", "Văn bản", "Bộ Thông tin và Truyền thông", D(2023, 6, 20))]),
    ("chủ trương tại Công văn số 2472/UBND-KGVX ngày 02/6/2021;",
     [("2472/UBND-KGVX", "Công văn", "Ủy ban nhân dân", D(2021, 6, 2))]),
    ("ý kiến của Sở (số 1732/BC-STTTT ngày 15/12/2021); ý kiến tham gia",
     [("1732/BC-STTTT", "Báo cáo", "Sở Thông tin và Truyền thông", D(2021, 12, 15))]),
    ("được phê duyệt tại các Quyết định số 3826/QĐ-UBND và 3827/QĐ-UBND ngày \n29/12/2023, đồng thời",
     [("3826/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2023, 12, 29)),
      ("3827/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2023, 12, 29))]),
    ("theo Nghị quyết số 66-NQ/TW của Bộ Chính trị",
     [("66-NQ/TW", "Nghị quyết", "Ban Chấp hành Trung ương", None)]),
    ("quy định tại Nghị định 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
     [("30/2020/NĐ-CP", "Nghị định", "Chính phủ", D(2020, 3, 5))]),
    ("căn cứ Luật số 80/2015/QH13 ban hành văn bản quy phạm pháp luật",
     [("80/2015/QH13", "Luật", "Quốc hội", None)]),
    ("theo Thông tư 01/2011/TT-BNV hướng dẫn thể thức",
     [("01/2011/TT-BNV", "Thông tư", "Bộ Nội vụ", None)]),
    # beyond the samples: other ministries, provinces, forms
    ("Quyết định số 1/QĐ-UBND, 2/QĐ-UBND",
     [("1/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", None), ("2/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", None)]),
    ("thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình",
     [("749/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", D(2020, 6, 3))]),
    ("theo Chỉ thị 01/CT-TTg ngày 15.01.2022", [("01/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", D(2022, 1, 15))]),
    ("thực hiện Kết luận số 12-KL/TW và Hướng dẫn số 35-HD/BTGTW",
     [("12-KL/TW", "Kết luận", "Ban Chấp hành Trung ương", None),
      ("35-HD/BTGTW", "Hướng dẫn", "Ban Tuyên giáo Trung ương", None)]),
    ("theo Chỉ thị số 05-CT/TU của Tỉnh ủy Bình Định", [("05-CT/TU", "Chỉ thị", "Tỉnh ủy", None)]),
    ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC",
     [("01/2015/TTLT-BNV-BTC", "Thông tư liên tịch", "Bộ Nội vụ, Bộ Tài chính", None)]),
    ("báo cáo theo Kế hoạch số 45/KH-UBND ngày 10 tháng 02 năm 2023 của UBND tỉnh Đắk Lắk",
     [("45/KH-UBND", "Kế hoạch", "Ủy ban nhân dân", D(2023, 2, 10))]),
    ("Tờ trình số 88/TTr-SNV ngày 12/5/2022 của Sở Nội vụ",
     [("88/TTr-SNV", "Tờ trình", "Sở Nội vụ", D(2022, 5, 12))]),
    ("Công điện số 07/CĐ-UBND ngày 20/9/2024 về ứng phó bão", [("07/CĐ-UBND", "Công điện", "Ủy ban nhân dân", D(2024, 9, 20))]),
    ("hướng dẫn tại Văn bản số 4176/BTTTT-THH ngày 22/11/2019",
     [("4176/BTTTT-THH", "Văn bản", "Bộ Thông tin và Truyền thông", D(2019, 11, 22))]),
    ("theo 4176/BTTTT-THH ngày 22/11/2019",  # no word: a symbol without a type part is a công văn
     [("4176/BTTTT-THH", "Công văn", "Bộ Thông tin và Truyền thông", D(2019, 11, 22))]),
    ("Văn bản số 12/QĐ-UBND", [("12/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", None)]),  # generic word yields
    ("Thông báo kết luận số 215/TB-VPCP ngày 08/8/2023 của Văn phòng Chính phủ",
     [("215/TB-VPCP", "Thông báo", "Văn phòng Chính phủ", D(2023, 8, 8))]),
    ("Đề án 06/ĐA-UBND và Chương trình số 03/CTr-UBND",
     [("06/ĐA-UBND", "Đề án", "Ủy ban nhân dân", None), ("03/CTr-UBND", "Chương trình", "Ủy ban nhân dân", None)]),
    ("Quyết định số 1/QĐ-UBND ngày 02/01/2024 và 2/QĐ-UBND ngày 03/01/2024",
     [("1/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2024, 1, 2)),
      ("2/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2024, 1, 3))]),
    ("Văn bản số 10/STTTT-BCVT và 11/STTTT-CNTT ngày 4/4/2024",
     [("10/STTTT-BCVT", "Văn bản", "Sở Thông tin và Truyền thông", D(2024, 4, 4)),
      ("11/STTTT-CNTT", "Văn bản", "Sở Thông tin và Truyền thông", D(2024, 4, 4))]),
    ("Quyết định số 1/QĐ-UBND; Nghị quyết 66-NQ/TW",  # a type word breaks the list
     [("1/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", None), ("66-NQ/TW", "Nghị quyết", "Ban Chấp hành Trung ương", None)]),
    ("Quyết định số 9/QĐ-UBND, Hội nghị ngày 5/5/2024",  # a date after other words is not the number's
     [("9/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", None)]),
    ("Quyết định số 155 / QĐ - UBND ngày 18/01/2024",  # stray spaces inside the symbol
     [("155/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2024, 1, 18))]),
    ("Nghị định số 13/2023/N\u00d0-CP", [  # "Ð" (U+00D0) from a PDF font
("13/2023/NĐ-CP", "Nghị định", "Chính phủ", None)]),
    ("Công văn số 123/XYZ-VP ngày 1/2/2024", [("123/XYZ-VP", "Công văn", "XYZ", D(2024, 2, 1))]),  # unknown issuer
    ("Cong van s6 2472/UBND-KGVX ngay 02/6/2021",  # OCR without diacritics: "ngay" read only where uncertain
     [("2472/UBND-KGVX", "Công văn", "Ủy ban nhân dân", None)]),
    ("Quyết định số 155/QĐ-UBND của UBND tỉnh ngày 18/01/2024",
     [("155/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2024, 1, 18))]),
    ("Quyết định số 155/QĐ-\nUBND ngày\n18/01/2024", [("155/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", D(2024, 1, 18))]),
    ("Nghị quyết 09-\n\nNQ/TU của Tỉnh ủy", [("09-NQ/TU", "Nghị quyết", "Tỉnh ủy", None)]),
    ("thực hiện Quyết định 12/QĐ-UBND\n- UBND các huyện, thành phố",  # a bullet on the next line is not a part
     [("12/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", None)]),
    ("Nghị quyết số 43/2022/QH15 của Quốc hội", [("43/2022/QH15", "Nghị quyết", "Quốc hội", None)]),
    ("Luật Đầu tư công số 39/2019/QH14", [("39/2019/QH14", "Luật", "Quốc hội", None)]),
    ("Pháp lệnh Quản lý vũ khí số 16/2011/UBTVQH12", [("16/2011/UBTVQH12", "Pháp lệnh", "Ủy ban Thường vụ Quốc hội", None)]),
    ("Pháp lệnh số 08/2003/PL-UBTVQH11", [("08/2003/PL-UBTVQH11", "Pháp lệnh", "Ủy ban Thường vụ Quốc hội", None)]),
    ("THỰC HIỆN QUYẾT ĐỊNH SỐ 2145/QĐ-BCT NGÀY 01/8/2023", [("2145/QĐ-BCT", "Quyết định", "Bộ Công Thương", D(2023, 8, 1))]),
    ("theo 03-TT/TW của Ban Bí thư", [("03-TT/TW", "Thông tri", "Ban Chấp hành Trung ương", None)]),  # Party TT
    ("UBND các huyện cập nhật dữ liệu theo Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ "
     "và Đề án 06 theo Quyết định số 06/QĐ-TTg ngày 06/01/2022; trước ngày 20/3/2024",
     [("468/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", D(2021, 3, 27)),
      ("06/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", D(2022, 1, 6))]),
    # negatives
    ("Ngày 18/01/2024 và 15-12-2021, giai đoạn 2024-2028, năm 2025", []),
    ("Điện thoại: 0263.3822.111; Fax: (0263) 3822 112; di động 0912-345-678", []),
    ("Trung tâm/Kho dữ liệu số, tỷ lệ 1/2, mục 24/7, phiên bản 4.0/CĐS, COVID-19/SARS-CoV-2", []),
    ("Số: 12/TB-UBND          Bà Rịa - Vũng Tàu, ngày 12 tháng 4 năm 2024", []),  # the header itself
    ("Số: /TB-UBND", []),  # an unnumbered draft
    ("UBND TỈNH BẮC KẠN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 215/TB-UBND          Bắc Kạn, ngày 3 tháng 5",
     []),
    ("ỦY BAN NHÂN DÂN        Số: 88/TB-UBND", []),  # the left column of a two-column header line
    ("\tSố:\t301/TB-VPUBND", []),
    ("căn cứ Quyết định Số: 12/QĐ-UBND", [("12/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", None)]),  # in a sentence
    ("số 12/KH và số 7/UBND", []),  # too little of a symbol
    ("Công văn 12/UBND-DL", [("12/UBND-DL", "Công văn", "Ủy ban nhân dân", None)]),  # DL is an abbreviation already
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_citations(text, expected):
    found = find_citations(text)
    assert [(c.number, c.doc_type, c.issuer, c.date) for c in found] == expected
    for c in found:
        assert 0 <= c.span.start < c.span.end <= len(text)
        assert " ".join(text[c.span.start:c.span.end].split()) == c.text


# Tolerant readings, each: (text, the doubted word, read where doubted, read in clean text).
# A symbol that lost its "Đ" (stripped text, English OCR) gets it back when one abbreviation fits;
# an unmarked "So:" opening a line is the header's "Số:". In clean text both are what was written.
TOLERANT = [
    ("Văn bản số 312/SKHDT-DN gửi kèm", "312/SKHDT-DN",
     [("312/SKHĐT-DN", "Văn bản", "Sở Kế hoạch và Đầu tư")], [("312/SKHDT-DN", "Văn bản", "SKHDT")]),
    ("theo Quyết định số 155/QD-UBND", "155/QD-UBND",
     [("155/QĐ-UBND", "Quyết định", "Ủy ban nhân dân")], [("155/QD-UBND", "Quyết định", "QD")]),
    ("Nghị định 30/2020/ND-CP quy định", "30/2020/ND-CP",
     [("30/2020/NĐ-CP", "Nghị định", "Chính phủ")], [("30/2020/ND-CP", "Nghị định", "ND")]),
    ("thực hiện Quy định 12-QD/TU", "12-QD/TU",
     [("12-QĐ/TU", "Quy định", "Tỉnh ủy")], [("12-QD/TU", "Quy định", "Tỉnh ủy")]),
    ("UBND HUYỆN A\nSo: 41/TB-UBND", "So",
     [], [("41/TB-UBND", "Thông báo", "Ủy ban nhân dân")]),
    ("SỞ Y TẾ          SO: 7/KH-SYT", "SO",
     [], [("7/KH-SYT", "Kế hoạch", "Sở Y tế")]),
]


@pytest.mark.parametrize(("text", "doubted", "where_doubted", "as_written"), TOLERANT)
def test_tolerant_readings_only_where_uncertain(text, doubted, where_doubted, as_written):
    at = text.index(doubted)
    uncertain = Uncertainty.of_spans([(at, at + len(doubted))], text)
    elsewhere = Uncertainty.of_spans([(0, 2)], text)  # doubt about another word changes nothing
    read = lambda u: [(c.number, c.doc_type, c.issuer) for c in find_citations(text, uncertain=u)]
    assert read(uncertain) == where_doubted
    assert read(Uncertainty.everywhere()) == where_doubted
    assert read(elsewhere) == read(Uncertainty()) == as_written


@pytest.mark.parametrize(("text", "date"), [
    ("Cong van s6 2472/UBND-KGVX ngay 02/6/2021", D(2021, 6, 2)),  # the date after the number
    ("Ngay 23/10/2025, Sở Y tế ban hành Kế hoạch số 88/KH-SYT", D(2025, 10, 23)),  # the date before it
])
def test_unmarked_date_keyword_only_where_uncertain(text, date):
    at = text.lower().index("ngay")
    dates = lambda u: [c.date for c in find_citations(text, uncertain=u)]
    assert dates(Uncertainty.of_spans([(at, at + 4)])) == dates(Uncertainty.everywhere()) == [date]
    assert dates(Uncertainty()) == [None]


def test_uncertainty_is_read_in_the_notices_offsets():
    text = "theo Quyết định số 155/QD-UBND"
    at = 1000 + text.index("155")
    (c,) = find_citations(text, base=1000, uncertain=Uncertainty.of_spans([(at, at + 3)]))
    assert c.number == "155/QĐ-UBND"


def test_header_line_excluded_but_same_number_in_body_kept():
    text = "UBND TỈNH BẮC KẠN\nSố: 12/TB-UBND\n\nThực hiện Thông báo số 12/TB-UBND của UBND tỉnh"
    (c,) = find_citations(text)
    assert c.number == "12/TB-UBND" and c.span.start == text.index("Thông báo số")


def test_each_occurrence_is_reported():
    text = "Nghị quyết 112/NQ-HĐND ngày 13/12/2019 … sửa đổi Nghị quyết 112/NQ-HĐND."
    found = find_citations(text)
    assert [(c.number, c.date) for c in found] == [("112/NQ-HĐND", D(2019, 12, 13)), ("112/NQ-HĐND", None)]


def test_citation_text_and_span():
    text = "tại Quyết định số 155/QĐ-UBND ngày\n18/01/2024 của UBND"
    (c,) = find_citations(text, base=500, page_of=lambda off: 3)
    assert c.text == "Quyết định số 155/QĐ-UBND ngày 18/01/2024"
    assert (c.span.start, c.span.end, c.span.page) == (500 + text.index("Quyết"), 500 + text.index(" của"), 3)


@pytest.mark.parametrize("text", [
    "Công văn số 45/SYT-NVY ngày 27/12",
    "bám sát Quyết định số 210/QĐ-BYT ngày 05/3 của Bộ Y tế",
    "theo Kế hoạch số 9/KH-UBND ngày 14 tháng 7 và",
])
def test_year_the_text_does_not_give_leaves_the_date_null(text):
    (c,) = find_citations(text)
    assert c.date is None


# Rules settled on real documents (tests/reference/ANNOTATION.md), in phrasings of our own.
RULE_CASES = [
    # a sub-number after a dot, dots inside a part, "&" with a space
    ("thực hiện Nghị quyết số 12.3/2024/NQ-CP ngày 02/02/2024 về", [("12.3/2024/NQ-CP", D(2024, 2, 2))]),
    ("theo Công văn số 5521/VPCP-V.III ngày 7/8/2025. Các bộ", [("5521/VPCP-V.III", D(2025, 8, 7))]),
    ("Văn bản số 77/SKH& ĐT-TH ngày 3/3/2021", [("77/SKH&ĐT-TH", D(2021, 3, 3))]),
    ("số 14.2-NQ/TU của Tỉnh ủy", [("14.2-NQ/TU", None)]),
    # a date before the number: right before "số", or opening the clause with an issuing verb
    ("Bộ Tư pháp nhận được văn bản ngày 02 tháng 9 năm 2025 số 88/CV-HHDN của Hiệp hội",
     [("88/CV-HHDN", D(2025, 9, 2))]),
    ("(Ngày 14/7/2025, Bộ Y tế đã ký ban hành Thông tư số 21/2025/TT-BYT sửa đổi)",
     [("21/2025/TT-BYT", D(2025, 7, 14))]),
    ("Ngày 3/6/2025 Ủy ban đã họp; tại Quyết định số 31/QĐ-UBND",  # another clause: not its date
     [("31/QĐ-UBND", None)]),
    ("Ngày 3/6/2025, đoàn kiểm tra làm việc theo Quyết định số 31/QĐ-UBND",  # no issuing verb
     [("31/QĐ-UBND", None)]),
    # a trailing date is shared back only along consecutive numbers
    ("tiếp theo các Công điện số 40/CĐ-UBND, 41/CĐ-UBND và 45/CĐ-UBND ngày 02/10/2024,",
     [("40/CĐ-UBND", None), ("41/CĐ-UBND", None), ("45/CĐ-UBND", D(2024, 10, 2))]),
    ("các Quyết định số 701/QĐ-UBND, 702/QĐ-UBND và 703/QĐ-UBND ngày 9/9/2022",
     [("701/QĐ-UBND", D(2022, 9, 9)), ("702/QĐ-UBND", D(2022, 9, 9)), ("703/QĐ-UBND", D(2022, 9, 9))]),
    ("các Quyết định số 699/QĐ-UBND, 702/QĐ-UBND và 703/QĐ-UBND ngày 9/9/2022",
     [("699/QĐ-UBND", None), ("702/QĐ-UBND", D(2022, 9, 9)), ("703/QĐ-UBND", D(2022, 9, 9))]),
]


@pytest.mark.parametrize(("text", "expected"), RULE_CASES)
def test_citation_rules(text, expected):
    assert [(c.number, c.date) for c in find_citations(text)] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("155 / QĐ - UBND", "155/QĐ-UBND"),
    ("30/2020/N\u00d0-CP", "30/2020/NĐ-CP"),
    ("2333/BTTTT–CĐSQG", "2333/BTTTT-CĐSQG"),
    ("112/NQ-H\u0110ND", "112/NQ-HĐND"),
    ("Q\u0110", "QĐ"),
    ("1/Qu\u0079\u0301", "1/Quý"),  # decomposed accents are composed (NFC)
])
def test_normalize_number(raw, expected):
    assert normalize_number(raw) == expected


def test_empty():
    assert find_citations("") == []


_VOCAB = ["Quyết định", "số", "Số:", "\n", " ", "155", "2024", "/", "-", "QĐ", "UBND", "TW", "NQ", "ngày",
          "18/01/2024", "và", ",", ";", "(", ")", "Văn bản", "BTTTT", "QH13", "Ð", "&", "TTg", "của", "tỉnh"]
_hostile = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_VOCAB), max_size=120).map(" ".join),
    st.lists(st.sampled_from(_VOCAB), max_size=120).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_hostile, base=st.integers(0, 10**6))
def test_never_raises_and_spans_stay_inside(text, base):
    for c in find_citations(text, base=base):
        assert base <= c.span.start < c.span.end <= base + len(text)
        assert c.number and " " not in c.number and "\u00d0" not in c.number


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("unit", "size"), [
    (" ", 10**6), ("1/", 10**6), ("1-", 10**6), ("A-", 10**6), ("1/A-", 10**6), ("Số: ", 10**6),
    ("Quyết định số ", 10**6), ("số ", 10**6), ("ngày ", 10**6), ("1/2024/", 10**6), ("QĐ-", 10**6), ("của ", 10**6),
    # every fragment is a citation here: the cost is building ~10k Citation models, not scanning
    ("1/QĐ-UBND và ", 150_000), ("1/QĐ-UBND ngày ", 150_000),
])
def test_hostile_text_finishes(unit, size):
    """Up to 1 MB of a repeated fragment: bounded by the timeout (timings belong to `make bench`)."""
    find_citations(unit * (size // len(unit)))


@pytest.mark.timeout(60)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fragment=st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=8).map(" ".join))
def test_hostile_repetitions_finish(fragment):
    find_citations(fragment * (100_000 // len(fragment) + 1))


_TYPES = {"QĐ": "Quyết định", "NQ": "Nghị quyết", "KH": "Kế hoạch", "BC": "Báo cáo", "TB": "Thông báo",
          "CT": "Chỉ thị", "TTr": "Tờ trình", "HD": "Hướng dẫn"}
_ISSUERS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "STTTT": "Sở Thông tin và Truyền thông",
            "TTg": "Thủ tướng Chính phủ", "BTC": "Bộ Tài chính", "XYZ": "XYZ"}


@settings(max_examples=200, deadline=None)
@given(number=st.integers(1, 99999), abbr=st.sampled_from(sorted(_TYPES)), issuer=st.sampled_from(sorted(_ISSUERS)),
       date=st.one_of(st.none(), st.dates(D(1990, 1, 1), D(2100, 12, 31))),
       word=st.booleans(), lead=st.sampled_from(["", "theo ", "tại các ", "(số "]))
def test_generated_symbols_round_trip(number, abbr, issuer, date, word, lead):
    symbol = f"{number}/{abbr}-{issuer}"
    text = lead + (f"{_TYPES[abbr]} số " if word else "") + symbol
    text += f" ngày {date.day}/{date.month}/{date.year}" if date else ""
    (c,) = find_citations(text + "; ")
    assert (c.number, c.doc_type, c.issuer, c.date) == (symbol, _TYPES[abbr], _ISSUERS[issuer], date)


def test_notice_citations_include_footnotes_and_never_its_own_number():
    from notice_parser import parse_text

    text = (
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 45/TB-UBND\nLào Cai, ngày 02 tháng 12 năm 2025\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp ngày 28/11/2025\n"
        "Chủ tịch UBND tỉnh kết luận như sau:\n"
        "1. Sở Xây dựng hoàn thiện hồ sơ theo Thông báo số 45/TB-UBND[1] trước ngày 20/12/2025.\n"
        "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Bình\n"
        "[1] Kế hoạch số 310/KH-UBND ngày 04/11/2025 của UBND tỉnh.\n"
    )
    assert [(c.number, c.date) for c in parse_text(text).citations] == [("310/KH-UBND", D(2025, 11, 4))]
