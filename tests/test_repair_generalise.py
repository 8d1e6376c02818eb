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


def _repaired_line(line: str, filler: str) -> str:
    return repair_text(filler + line + "\n").text.splitlines()[2]


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


@pytest.mark.parametrize("line,expected", [
    # a wrapped line holding only an unseen marked form is decoded in a broadly damaged document
    ("huyén", "huyện"),
    ("trién", "triển"),
])
def test_lone_unseen_form_is_decoded_in_a_damaged_document(line, expected):
    assert _repaired_line(line, _OCR_FILLER) == expected


def test_lone_unseen_form_is_left_in_clean_text():
    text = "Các cơ quan, đơn vị liên quan phối hợp thực hiện các nhiệm vụ được giao.\ntrién\n"
    assert repair_text(text).text == text


@pytest.mark.parametrize("line,filler,expected", [
    # a label before a number is decoded with the number as its context ("số <num>")
    ("S6: 17/BC-SNV", _OCR_FILLER, "Số: 17/BC-SNV"),
    ("So: 17/BC-SNV", _STRIPPED_FILLER, "Số: 17/BC-SNV"),
    # without a number after the colon the context still ends there
    ("Cac So, nganh: thuc hien", _STRIPPED_FILLER, "Các Sở, ngành: thực hiện"),
])
def test_label_colon_keeps_the_number_as_context(line, filler, expected):
    assert _repaired_line(line, filler) == expected
