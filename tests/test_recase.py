"""Capitals of the letters repair fills into a word whose first glyph a font run lost
(repair/recase.recase_filled): which of them were capitals nobody saw, so the text and the
project's knowledge decide — a sentence's or an item's start, a gazetteer name written with
its capitals around the word, a person's name after a family name."""

from __future__ import annotations

import re

import pytest

from notice_parser.repair import repair_text

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
