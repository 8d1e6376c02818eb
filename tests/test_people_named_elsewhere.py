"""A chair whose surname OCR damaged beyond its marks ("Lâ" for "Lê": no surname is "Lâ" up to its
marks only) takes the listed surname one letter away that the document writes elsewhere before the
same given names — only where repair doubts the surname."""

from __future__ import annotations

import pytest

from notice_parser.extract import extract_notice
from notice_parser.uncertainty import Uncertainty

_HEAD = "VĂN PHÒNG CHÍNH PHỦ\nTHÔNG BÁO\n{title}\n"
_OPENING = ("Ngày 8 tháng 11 năm 2025, Phó Thủ tướng Chính phủ {name} đã làm việc với lãnh đạo tỉnh. "
            "Phó Thủ tướng kết luận như sau:\n1. Bộ Y tế rà soát hồ sơ.\n{tail}")


def _chair(title: str, name: str, tail: str, doubted: bool) -> str | None:
    text = _HEAD.format(title=title) + _OPENING.format(name=name, tail=tail)
    at = text.index(name)
    surname = name.split()[0]
    uncertain = Uncertainty.of_spans([(at, at + len(surname))], text) if doubted else Uncertainty()
    chair = extract_notice(text, uncertain=uncertain).meeting.chair
    return chair.name if chair else None


@pytest.mark.parametrize("title,name,tail,expected", [
    # the same person in the recipients list
    ("Kết luận tại buổi làm việc với tỉnh", "Lâ Thành Long", "Nơi nhận:\n- Thư ký PTTgCP Lê Thành Long;\n",
     "Lê Thành Long"),
    # in the title, in capitals
    ("KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ LÊ THÀNH LONG", "Lâ Thành Long", "", "Lê Thành Long"),
])
def test_a_doubted_surname_takes_the_documents_spelling(title, name, tail, expected):
    assert _chair(title, name, tail, doubted=True) == expected
    assert _chair(title, name, tail, doubted=False) != expected or expected in title.title()


@pytest.mark.parametrize("tail", [
    # two listed surnames at most a letter away before the same names: no telling which
    "Nơi nhận:\n- Đồng chí Lê Thành Long;\n- Đồng chí La Thành Long;\n",
    # the given names elsewhere, after a surname that is more than a letter away
    "Nơi nhận:\n- Đồng chí Trần Thành Long;\n",
])
def test_no_single_spelling_elsewhere_keeps_the_name(tail):
    assert _chair("Kết luận tại buổi làm việc", "Lâ Thành Long", tail, doubted=True) != "Lê Thành Long"
