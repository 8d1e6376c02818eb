"""Mechanisms that make English-OCR repair carry over to notices nobody tuned it on (issue 5
follow-up): each a small table of snippets → expected repair, in a broadly damaged document.

The snippets are written for these tests (not lines of the dev texts); a filler paragraph makes
each document broadly damaged, as a whole notice read by English OCR is.
"""

from __future__ import annotations

import pytest

from notice_parser.repair import repair_text
from notice_parser.repair.damage import _toolkit, model_path
from notice_parser.repair.detect import Detector

# A paragraph of English-OCR garble (the damage of sample 003) that makes the document broad.
_OCR_FILLER = ("Cac co quan, don vi lién quan phoi hop thuc hién cac nhiém vu duoc giao,\n"
               "bdo cdo két qua vé UBND tinh truéc ngay 30 hang thang.\n")
# The same paragraph with its marks stripped (the stripped channel).
_STRIPPED_FILLER = ("Cac co quan, don vi lien quan phoi hop thuc hien cac nhiem vu duoc giao,\n"
                    "bao cao ket qua ve UBND tinh truoc ngay 30 hang thang.\n")


def _repaired(snippet: str, filler: str) -> str:
    """The repair of ``snippet`` at the end of a document that ``filler`` makes broadly damaged."""
    return repair_text(filler + snippet).text.split("\n", filler.count("\n"))[-1]


# snippet -> its repair, each after a filler paragraph; grouped by the mechanism they exercise
_IN_A_DAMAGED_DOCUMENT = [
    # a wrapped line holding only an unseen marked form is decoded in a broadly damaged document
    pytest.param("huyén\n", _OCR_FILLER, "huyện\n", id="unseen-huyen"),
    pytest.param("trién\n", _OCR_FILLER, "triển\n", id="unseen-trien"),
    # a label before a number is decoded with the number as its context ("số <num>")
    pytest.param("S6: 17/BC-SNV\n", _OCR_FILLER, "Số: 17/BC-SNV\n", id="label-ocr"),
    pytest.param("So: 17/BC-SNV\n", _STRIPPED_FILLER, "Số: 17/BC-SNV\n", id="label-stripped"),
    # a number left blank before the symbol counts as a number too
    pytest.param("So:      /KH-UBND\n", _STRIPPED_FILLER, "Số:      /KH-UBND\n", id="label-blank-number"),
    # without a number after the colon the context still ends there
    pytest.param("Cac So, nganh: thuc hien\n", _STRIPPED_FILLER, "Các Sở, ngành: thực hiện\n", id="label-no-number"),
    # after a cue, the first word of a Title-case run is a family name, not "phản ánh"
    pytest.param("Chu tich UBND tinh Pham Anh Tuan co y kién chi dao\n", _OCR_FILLER,
                 "Chủ tịch UBND tỉnh Phạm Anh Tuấn có ý kiến chỉ đạo\n", id="family-after-position"),
    pytest.param("dong chi Lé Van Nam chu tri\n", _OCR_FILLER, "đồng chí Lê Văn Nam chủ trì\n",
                 id="family-after-honorific"),
    # no cue: the same words are decoded by the model alone
    pytest.param("y kien phan anh cua nguoi dan\n", _STRIPPED_FILLER, "ý kiến phản ánh của người dân\n",
                 id="family-no-cue"),
    # a wrapped signature title: the lone capital word continues the heading above it
    pytest.param("KT. CHANH VAN\n\nPHONG\n", _OCR_FILLER, "KT. CHÁNH VĂN\n\nPHÒNG\n", id="heading-wrapped-ocr"),
    pytest.param("PHO CHANH VAN\nPHONG\n", _STRIPPED_FILLER, "PHÓ CHÁNH VĂN\nPHÒNG\n", id="heading-wrapped-stripped"),
    # a roman section number stays a number; the heading's end is scored as an end
    pytest.param("II. DANH GIA CHUNG\n\nNam qua, cac don vi", _OCR_FILLER,
                 "II. ĐÁNH GIÁ CHUNG\n\nNăm qua, các đơn vị", id="heading-roman-ocr"),
    pytest.param("I. DANH GIA CHUNG\n", _STRIPPED_FILLER, "I. ĐÁNH GIÁ CHUNG\n", id="heading-roman-stripped"),
    # the tilde of Ĩ read as a second i inside a word in capitals
    pytest.param("CONG HOA XA HOI CHU NGHIiA VIET NAM\n", _OCR_FILLER, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
                 id="lowercase-inside-capitals"),
    # a gazetteer body's name spelt by the candidates gets its forms
    pytest.param("Giao Phong Tai nguyén va Moi truong chu tri\n", _OCR_FILLER,
                 "Giao Phòng Tài nguyên và Môi trường chủ trì\n", id="gazetteer-ocr"),
    pytest.param("Giao Phong Tai chinh - Ke hoach huyen tham muu\n", _STRIPPED_FILLER,
                 "Giao Phòng Tài chính - Kế hoạch huyện tham mưu\n", id="gazetteer-stripped"),
    # lowercase: no name, the model decides alone ("phòng, chống")
    pytest.param("cong tac phong, chong dich benh\n", _STRIPPED_FILLER, "công tác phòng, chống dịch bệnh\n",
                 id="gazetteer-lowercase"),
    # a marked vowel or short word the OCR printed as digits, between two words
    pytest.param("bé tri quy dat xay dung nha 6 cho céng nhan\n", _OCR_FILLER,
                 "bố trí quỹ đất xây dựng nhà ở cho công nhân\n", id="digits-for-a-word"),
    pytest.param("khu vuc cé nguy co sat 16 dat tai cac xa\n", _OCR_FILLER, "khu vực có nguy cơ sạt lở đất tại các xã\n",
                 id="digits-for-a-syllable"),
    # numbers that are numbers stay: before a unit, after a label, with a leading zero, at a line end
    pytest.param("bdo cdo dinh ky 6 thang mét lan\n", _OCR_FILLER, "báo cáo định kỳ 6 tháng một lần\n",
                 id="digits-number-before-unit"),
    pytest.param("theo khoan 2 Diéu 5 cua Nghi dinh\n", _OCR_FILLER, "theo khoản 2 Điều 5 của Nghị định\n",
                 id="digits-number-after-label"),
    pytest.param("hoan thanh 02 céng trinh\n", _OCR_FILLER, "hoàn thành 02 công trình\n", id="digits-leading-zero"),
]


@pytest.mark.parametrize("snippet,filler,expected", _IN_A_DAMAGED_DOCUMENT)
def test_snippet_in_a_damaged_document(snippet, filler, expected):
    assert _repaired(snippet, filler) == expected


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(_toolkit(model_path()).model)


@pytest.mark.parametrize("token,unseen", [
    ("huyén", True),    # 'é' for ệ: letters of a common syllable, a form nobody writes
    ("trién", True),
    ("huyện", False),   # the real forms
    ("triển", False),
    ("huyen", False),   # unmarked forms count as stripped, not unseen
    ("ciia", False),    # not a syllable at all: invalid, not unseen
])
def test_detector_counts_unseen_marked_forms(detector, token, unseen):
    assert bool(detector.line(token).unseen) is unseen


def test_lone_unseen_form_is_left_in_clean_text():
    text = "Các cơ quan, đơn vị liên quan phối hợp thực hiện các nhiệm vụ được giao.\ntrién\n"
    assert repair_text(text).text == text


@pytest.mark.parametrize("tokens,flagged", [
    ("Chu tich UBND tinh Pham Anh Tuan", "Pham"),      # position, acronym, level word, then the name
    ("Chi tich UBND tinh Pham Anh Tuan", "Pham"),      # the cue itself garbled by one letter
    ("dong chi Le Van Nam", "Le"),
    ("ong Vo Thanh Son", "Vo"),
    ("Giam doc So Tai chinh", ""),                     # 'So' is no family name's letters
    ("UBND tinh Ha Tinh", ""),                         # no cue: a place, not a person
    ("phan tich Pham Anh Tuan", ""),                   # 'tich' alone is no cue
    ("Chu tich Pham", ""),                             # a run of one word is no name
    # a province between the title and the person (issue 10 point 3): the name after it
    ("Pho Chu tich UBND tinh Quang Ngai Dang Van Minh", "Dang"),
    ("Bi thu Tinh uy Bac Ninh Vo Thi Lan", "Vo"),
    ("Chu tich UBND thanh pho Ha Noi Tran Sy Thanh", "Tran"),
    ("duong cao toc Son La Dien Bien Cua khau", ""),   # places without a title: no person
    # the cue read with a digit for a marked vowel ("Bộ" → "B6") or a letter off in its last word
    ("B6 truong B6 Noi vu Pham Thi Thanh", "Pham"),
    ("Bo trudng Bo Xay dung Tran Hong Minh", "Tran"),
    ("Bi truong Le Van Thanh", ""),                    # a short word differs by a letter: no cue
])
def test_family_flags(tokens, flagged):
    from notice_parser.repair.names import family_flags
    toks = tokens.split()
    assert [t for t, f in zip(toks, family_flags(toks)) if f] == ([flagged] if flagged else [])


def test_name_cue_list_integrity():
    import unicodedata
    from pathlib import Path

    import notice_parser.repair as repair
    from notice_parser.repair.resources import name_cues

    path = Path(repair.__file__).parent / "data" / "name_cues.txt"
    entries = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    assert entries and len(entries) == len(set(entries))
    for cue in entries:
        assert cue == cue.lower() == unicodedata.normalize("NFC", cue), cue
    cues = name_cues()
    assert ("dong", "chi") in cues and ("chu", "tich") in cues  # honorifics and positions.json heads
    assert all(c and all(w.isascii() and w.isalpha() for w in c) for c in cues)


def test_lone_acronym_line_after_clean_capitals_is_left_alone():
    # in a clean document the detector's acronym rule stands: nothing is decoded
    text = "Các cơ quan, đơn vị liên quan phối hợp thực hiện.\nCHÁNH VĂN PHÒNG\nUBND\n"
    assert repair_text(text).text == text


@pytest.mark.parametrize("src,form,expected", [
    ("NGHIiA", "nghĩa", "NGHĨA"),   # a capitals word with an OCR'd lowercase letter stays in capitals
    ("NGHIA", "nghĩa", "NGHĨA"),
    ("Nghia", "nghĩa", "Nghĩa"),
    ("IoC", "ioc", "IoC"),          # a form that only differs in case keeps the token's own case
    ("Hoa", "hòa", "Hòa"),
    ("nghia", "nghĩa", "nghĩa"),
])
def test_apply_case(src, form, expected):
    from notice_parser.repair.casing import apply_case
    assert apply_case(src, form) == expected


@pytest.mark.parametrize("token,expected", [
    ("Ditic", "đức"),        # short Title-case garble gets the one-edit search
    ("Novatus", None),       # a longer Title-case ASCII word (a foreign name) is left alone
])
def test_short_title_case_garble(token, expected):
    cands = _toolkit(model_path()).ocr(token, "huyen", "Trong", False)
    if expected is None:
        assert cands is None
    else:
        assert expected in [f for f, _ in cands]


def test_gazetteer_phrases_are_sorted_and_capitalised():
    from notice_parser.repair.phrases import gazetteer_phrases
    phrases = gazetteer_phrases()
    assert ("phòng", "tài", "chính", "kế", "hoạch") in phrases["phòng"] or any(
        p[:3] == ("phòng", "tài", "chính") for p in phrases["phòng"])
    for first, group in phrases.items():
        assert all(p[0] == first and len(p) >= 2 for p in group)
        assert [len(p) for p in group] == sorted((len(p) for p in group), reverse=True)
