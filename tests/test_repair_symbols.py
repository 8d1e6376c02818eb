"""Abbreviations and document symbols (issue 10 point 4): where marks were lost, the letters of a
document symbol are read as the abbreviations of Nghị định 30's Phụ lục III and the bodies'
acronyms (data/doc_types.json, data/agencies.json), never as syllables or other letters."""

from __future__ import annotations

import pytest

from notice_parser.repair import repair_text
from notice_parser.repair.resources import symbols


def test_the_symbol_lexicon_comes_from_the_data():
    table = symbols()
    assert table["qd"] == ("QĐ",) and table["cd"] == ("CĐ",) and table["nd"] == ("NĐ",)
    assert "TTg" in table["ttg"] and "VPCP" in table["vpcp"]
    assert "HĐND" in table["hdnd"]
    assert all(k == k.lower() and k.isascii() for k in table)


@pytest.mark.parametrize("damaged, symbol", [
    ("Thuc hien Cong dien so 215/CD-TTg ngay 3 thang 10 nam 2025 cua Thu tuong Chinh phu ve phong chong lu", "215/CĐ-TTg"),
    ("Can cu Quyet dinh so 87/QD-UBND ngay 2 thang 4 nam 2024 cua Uy ban nhan dan tinh ve viec giao chi tieu", "87/QĐ-UBND"),
    ("Theo Nghi dinh so 30/2020/ND-CP cua Chinh phu ve cong tac van thu, cac co quan thuc hien nghiem tuc", "30/2020/NĐ-CP"),
    ("Thuc hien Ke hoach so 56/KH-BCD ngay 9 thang 6 cua Ban Chi dao tinh, cac so nganh trien khai ngay", "56/KH-BCĐ"),
    # a party symbol's issuer after the slash is a symbol part too (Đảng ủy, Ban cán sự đảng)
    ("Thuc hien Ket luan so 15-KL/DU ngay 5 thang 3 nam 2025 cua Dang uy xa ve cong tac chuyen doi so", "15-KL/ĐU"),
    ("Can cu Nghi quyet so 12-NQ/BCSD cua Ban can su dang UBND tinh ve phat trien kinh te xa hoi", "12-NQ/BCSĐ"),
    # a token written as a listed form is that form: "TU" is the Tỉnh ủy's, "TW" the Trung ương's
    ("Quan triet Ket luan so 45-KL/TU cua Ban Thuong vu Tinh uy ve cong tac can bo, cac so nganh", "45-KL/TU"),
    ("Thuc hien Thong bao ket luan so 96-TB/TW ngay 5 thang 3 nam 2025 cua Bo Chinh tri ve sap xep", "96-TB/TW"),
])
def test_symbols_in_stripped_text_get_their_abbreviations_back(damaged, symbol):
    assert symbol in repair_text(damaged).text


def test_an_abbreviation_the_lexicon_reads_two_ways_keeps_a_listed_form():
    out = repair_text("Trien khai de an so 12/DA-UBND ve chuyen doi so cua tinh trong giai doan toi, cac so nganh phoi hop").text
    assert "12/DA-UBND" in out or "12/ĐA-UBND" in out

