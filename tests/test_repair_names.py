"""The given-name list (data/given_names.txt): integrity, and its use as a prior inside names."""

from __future__ import annotations

import pytest

from notice_parser.data import load_lines
from notice_parser.repair.damage import _toolkit, model_path
from notice_parser.repair import repair_text
from notice_parser.repair.names import GENDER_PENALTY, MARKER_PENALTY, gender_prior, name_logratio
from notice_parser.repair.tokens import Token
from notice_parser.repair.lm import is_syllable_shape
from notice_parser.repair.resources import given_names, name_genders


def _lines() -> list[list[str]]:
    return [line.split() for line in load_lines("given_names.txt") if not line.startswith("[")]


def test_given_name_list_is_well_formed():
    entries = [fields[0] for fields in _lines()]  # broad, each once, NFC: test_repair_lists
    for name in entries:
        assert " " not in name and is_syllable_shape(name), name
        assert name[:1].isupper() and name[1:].islower(), name
    names = given_names()
    assert len(names) == len(entries)
    assert set(names.values()) == {1.0, 0.2}
    # common words that are rarely names stay out of the list
    assert not {"hiện", "những", "được", "của"} & set(names)


@pytest.fixture(scope="module")
def model():
    return _toolkit(model_path()).model


@pytest.mark.parametrize("likely,unlikely", [
    ("hiền", "hiên"),    # common name vs less common (the corpora count 2 vs 3 after a family name)
    ("hiền", "hiện"),    # a name vs a common word
    ("tuấn", "tuân"),
    ("nhung", "những"),
    ("hùng", "hưng"),
])
def test_name_prior_ranks_common_names_first(model, likely, unlikely):
    assert name_logratio(model, likely) > name_logratio(model, unlikely)


def test_ocr_name_token_prefers_the_common_given_name(model):
    kit = _toolkit(model_path())
    cands = dict(kit.ocr("Hién", "Phuéc", None, True))
    assert cands["hiền"] > cands["hiên"] > cands["hiện"]
    # outside a name run the list plays no part
    plain = dict(kit.ocr("Hién", "tinh", None, False))
    assert plain["hiền"] - plain["hiên"] < cands["hiền"] - cands["hiên"]


def test_gender_tags_are_well_formed():
    genders = name_genders()
    for fields in _lines():
        assert fields[1:] in ([], ["m"], ["f"], ["m", "marker"], ["f", "marker"]), fields
    # general naming customs: the two markers, and names of one gender each
    assert {n for n, (_, m) in genders.items() if m} == {"văn", "thị"}
    assert genders["văn"][0] == "m" and genders["thị"][0] == "f"
    assert sum(g == "m" for g, _ in genders.values()) >= 100
    assert sum(g == "f" for g, _ in genders.values()) >= 50
    # names given to both men and women carry no tag
    assert not {"phương", "hiền", "thanh", "minh", "bình"} & set(genders)


@pytest.mark.parametrize("damaged,expected", [
    # a man's middle name rules out a woman's given name and the other way round
    ("ong Nguyen Van Phuong, Giam doc So", "Nguyễn Văn Phương"),
    ("ba Le Thi Hien, Pho Giam doc So", "Lê Thị Hiền"),
    # the marker's gender decides, not its homograph's: "Vân" as a given name after "Thị"
    ("ba Pham Thi Van, Truong phong", "Phạm Thị Vân"),
])
def test_gender_prior_in_name_runs(damaged, expected):
    assert expected in repair_text(damaged).text


def _tok(text, *cands, fixed=False):
    return Token(0, 0, text, [(f, c) for f, c in cands], fixed)


# (run of name tokens, index of the token looked at, forms expected to lose, by how much)
GENDER_CASES = [
    # marker in a middle position: a woman's name pays the marker penalty
    ([_tok("Van", ("vân", -2.0), ("văn", -4.0)), _tok("Phuong", ("phượng", -1.0), ("phương", -5.0))],
     1, {"phượng": MARKER_PENALTY, "phương": 0.0}),
    ([_tok("Thi", ("thị", -1.0), ("thi", -3.0)), _tok("Hien", ("hiển", -1.0), ("hiền", -1.5), ("hiên", -2.0))],
     1, {"hiển": MARKER_PENALTY, "hiền": 0.0, "hiên": 0.0}),
    # an ordinary name's gender is weaker evidence
    ([_tok("Hoa", ("hoa", -1.0), ("hòa", -2.0)), _tok("Nam", ("nam", -1.0), ("năm", -9.0))],
     0, {"hoa": GENDER_PENALTY, "hòa": 0.0}),
    # the marker as the LAST token is a given name, not a marker: "Thi" there is no cue
    ([_tok("Hung", ("hưng", -1.0), ("hùng", -1.0)), _tok("Thi", ("thị", -1.0), ("thi", -1.5))],
     0, {"hưng": 0.0, "hùng": 0.0}),
    # the run's other names disagree: no cue
    ([_tok("Van", ("văn", -1.0),), _tok("Mai", ("mai", -1.0),), _tok("Hung", ("hùng", -1.0), ("hưng", -2.0))],
     1, {"mai": 0.0}),
    # a lone name has nothing to agree with
    ([_tok("Phuong", ("phượng", -1.0), ("phương", -5.0))], 0, {"phượng": 0.0}),
]


@pytest.mark.parametrize("run,i,loss", GENDER_CASES)
def test_gender_prior_table(run, i, loss):
    run = [Token(t.start, t.end, t.text, list(t.cands), t.fixed) for t in run]
    before = dict(run[i].cands)
    gender_prior([run])
    after = dict(run[i].cands)
    assert {f: round(before[f] - after[f], 6) for f in loss} == loss


def test_gender_runs_stop_at_punctuation_between_two_people():
    from notice_parser.repair.diacritics import region_segments

    kit = _toolkit(model_path())
    text = "ong Le Van Nam, Tran Hoa"
    alone = {t.text: dict(t.cands) for g in region_segments("ba Tran Hoa", 0, 11, kit.stripped) for t in g}
    joined = {t.text: dict(t.cands) for g in region_segments(text, 0, len(text), kit.stripped) for t in g}
    # "Hoa" is the second person's name: the first person's "Văn" does not weigh on it
    assert joined["Hoa"] == alone["Hoa"]


@pytest.mark.parametrize("damaged, name", [
    # the cue before the body the title names, not right before the name
    ("Ngay 5 thang 8, Pho Thu tuong Chinh phu Bui Van Thanh chu tri hop ve cong tac phong chong dich", "Bùi Văn Thanh"),
    ("Bo truong Bo Tai chinh Do Van Hung da ky van ban gui cac dia phuong de thuc hien", "Đỗ Văn Hùng"),
    ("Chu tich Uy ban nhan dan tinh Vo Thi Lan phat bieu ket luan hoi nghi so ket cong tac", "Võ Thị Lan"),
])
def test_family_names_after_any_title(damaged, name):
    from notice_parser.repair import repair_text

    assert name.split()[0] in repair_text(damaged).text
