"""Integrity of the agency data: data/agencies.json (the gazetteer) and data/agency_cues.json
(the role cue words): no duplicate keys or forms, NFC, phrases in the shape the loaders expect."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from notice_parser.data import read_text
from notice_parser.extract.agencies.cues import cues, phrase_regex
from notice_parser.extract.layout import name_key


def _strict(name: str):
    def hook(pairs):
        keys = [k for k, _ in pairs]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        assert not dupes, f"duplicate keys in {name}: {dupes}"
        return dict(pairs)
    raw = read_text(name)
    assert unicodedata.is_normalized("NFC", raw)
    assert "\u00d0" not in raw  # the Icelandic Eth is not the Vietnamese Đ
    return json.loads(raw, object_pairs_hook=hook)


GAZ = _strict("agencies.json")
CUES = _strict("agency_cues.json")


@pytest.mark.parametrize("kind", ["departments", "ministries"])
def test_each_form_names_one_department_or_ministry(kind):
    """A short name, alias or abbreviation means one body of its kind (the VHTTDL listed twice,
    'Giao thông vận tải' twice under two spellings were such slips)."""
    forms = Counter(name_key(f) for e in GAZ[kind] for f in [e["short"], *e.get("aliases", []), *e.get("abbr", [])])
    assert not [f for f, n in forms.items() if n > 1]


def test_bodies_and_their_aliases_are_unique():
    forms = Counter(name_key(f) for b in GAZ["bodies"] for f in [b["name"], *b.get("aliases", [])])
    assert not [f for f, n in forms.items() if n > 1]


def test_two_letter_abbreviations_do_not_collide_across_departments():
    """Two-letter abbreviations are ambiguous by nature ("TP" Tư pháp / thành phố, "CT" Công
    Thương / Chủ tịch); the finder reads them as a department only when no capitalised word
    follows (tests/test_agencies.py LOCAL_CASES). Within the gazetteer each still names one."""
    two = Counter(a for e in GAZ["departments"] for a in e.get("abbr", []) if len(a) == 2)
    assert not [a for a, n in two.items() if n > 1]
    shorts = {name_key(e["short"]) for e in GAZ["departments"]}
    assert not shorts & {name_key(a) for a in two}


def test_regional_and_open_heads_are_capitalised_phrases():
    for head in [*GAZ["regional_heads"], *GAZ["open_heads"]["capitalised_next"], *GAZ["open_heads"]["any_next"]]:
        assert head[:1].isupper() and head == " ".join(head.split()), head


def _phrases():
    for section, body in CUES.items():
        if section == "about":
            continue
        assert body.get("about"), f"{section} says what it is for"
        for key, items in body.items():
            if key != "about":
                yield section, key, items


@pytest.mark.parametrize("section,key,items", list(_phrases()), ids=lambda x: x if isinstance(x, str) else "")
def test_cue_phrases_are_well_formed(section, key, items):
    assert items and len(items) == len(set(items)), f"{section}.{key} has duplicates"
    capitalised = section in ("head_titles", "adverbial_openers", "list_heads", "party_organs", "province_lists",
                              "body_party_committee",
                              "leaders_without_body", "proper_heads") or key in ("proper_ends", "titles")
    for phrase in items:
        assert phrase == " ".join(phrase.split()), phrase
        assert re.fullmatch(r"[\w ,;]+", phrase), phrase
        assert "," not in phrase or " , " in f" {phrase} ", f"a ',' stands alone between words: {phrase!r}"
        assert capitalised or phrase == phrase.lower(), phrase


@pytest.mark.parametrize("phrase,text", [
    ("phối hợp , hướng dẫn", "phối hợp,\nhướng dẫn"),
    ("làm việc với", "làm  việc\nvới"),
])
def test_cue_phrases_tolerate_wrapped_lines_and_spacing(phrase, text):
    assert re.fullmatch(phrase_regex(phrase), text)


def test_cues_compile():
    c = cues()
    assert c.lead_before.search("đề nghị đồng chí Giám đốc ")
    assert c.support_before.search("tiếp tục phối hợp, hướng dẫn ")
    assert c.head_prefix.fullmatch("Đồng chí Bộ trưởng")
    assert c.subject_adverbial.match(" theo chức năng, nhiệm vụ được giao khẩn trương")
    assert "của" in c.name_stop and "Trên" in c.adverbial_openers
