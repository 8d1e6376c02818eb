"""Cue words of agency roles and names (data/agency_cues.json, data/predicate_starts.txt),
compiled once into the regexes the finder and the role rules use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ... import regex_cache
from ...data import load_json, load_lines
from ..layout import UPPER, fold


def phrase_regex(phrase: str) -> str:
    """Regex for a cue phrase: words joined by any whitespace (wrapped lines), a ',' with or
    without spaces around it."""
    parts = []
    for word in phrase.split(" "):
        if word == ",":
            parts.append(r"\s*,")
        else:
            parts.append((r"\s+" if parts else "") + re.escape(word))
    return "".join(parts).replace(r"\s*,\s+", r"\s*,\s*")


def alternation(phrases) -> str:
    """Longest first; phrases of one length in a fixed order (not a set's, which changes with the
    hash seed), so that every process builds the same pattern and regex_cache finds it."""
    return "|".join(phrase_regex(p) for p in sorted(set(phrases), key=_longest_first))


def _longest_first(phrase: str) -> tuple[int, str]:
    return -len(phrase), phrase


@dataclass(frozen=True)
class Cues:
    name_stop: frozenset[str]
    predicates: tuple[str, ...]  # longest first
    lead_before: re.Pattern  # searched at the end of the left context
    directing: re.Pattern  # matched at the start of a lead_before match: "X chỉ đạo Y" — Y acts, X leads too
    directs_items: re.Pattern  # searched in a parent's own text: "X chỉ đạo:" over sub-items whose subjects X directs
    support_before: re.Pattern
    head_prefix: re.Pattern  # fullmatch of the whole left context
    lead_after: re.Pattern  # matched at the start of the right context
    possessed: re.Pattern  # searched at the end of the left context: "… của <name>" owns, does not act
    not_subject_after: re.Pattern
    subject_adverbial: re.Pattern
    support_predicate: re.Pattern
    request_predicate: re.Pattern
    continues: re.Pattern  # fullmatch of the text between two names
    after_group: re.Pattern
    adverbial_openers: frozenset[str]
    not_before_subject: frozenset[str]
    continuers: re.Pattern  # lower-case words that continue a name after a proper name
    stop_compound: re.Pattern  # matched at a linking word: it makes one word with the next ("trong nước")
    proper_end: re.Pattern  # searched at the end of a name so far: "… Quốc gia" closes it like a proper name
    verb_phrase: re.Pattern  # matched at a lower-case word of a name: a verb and its object end the name
    comma_pair: re.Pattern  # matched at a word before a comma: the pair goes on past it ("Khám, chữa bệnh")
    function_word: re.Pattern  # matched at a name's first word: it names a function ("Quản lý …"), objects may follow
    unnamed_group: re.Pattern  # fullmatch of an open name that names no body ("Ban Quản lý dự án")
    proper_head: re.Pattern  # matched in the folded text: "Ủy ban " before a capital, a body if its name ends "Quốc gia"
    list_head: re.Pattern  # "các Tập đoàn:" — group "head" is the head word
    contact: re.Pattern  # searched before a name: a contact line's opener, no sentence end since
    attendance: re.Pattern  # searched before a name: "Thành phần:" opening its line or item, no full stop since
    attribute: re.Pattern  # searched in the folded text before a clause start: a plan's "Cơ quan chủ trì:"

    def name_continues(self, text: str, pos: int) -> bool:
        return self.continuers.match(text, pos) is not None


def titles(words) -> str:
    """Title words matched as written and with a lower-case first letter."""
    forms = set()
    for w in words:
        forms.add(w)
        forms.add(w[:1].lower() + w[1:])
    return "|".join(phrase_regex(f) for f in sorted(forms, key=_longest_first))


@lru_cache(maxsize=1)
def cues() -> Cues:
    rx = regex_cache.compile  # compiled once per machine, read back by every later process
    data = load_json("agency_cues.json")
    lead = data["lead_before"]
    labels = load_json("directive_cues.json")  # a plan's attribute labels, one home for the unit shape and the roles
    return Cues(
        name_stop=frozenset(data["name_stop"]["words"]),
        predicates=tuple(sorted(load_lines("predicate_starts.txt"), key=len, reverse=True)),
        lead_before=rx(
            rf"(?:\b(?:{alternation(lead['verbs'])})\s*(?:(?:{alternation(lead['titles'])})\s+)*)$", re.IGNORECASE),
        directing=rx(rf"\s*(?:{alternation(lead['directing'])})\b", re.IGNORECASE),
        directs_items=rx(rf"\b(?:{alternation(lead['directing'])})\s*:\s*$", re.IGNORECASE),
        support_before=rx(rf"(?:\b(?:{alternation(data['support_before']['phrases'])})\s*(?:các\s+)?)$",
                          re.IGNORECASE),
        head_prefix=rx(rf"(?:\b(?:{titles(data['head_titles']['words'])})\s*)+"),
        lead_after=rx(rf"\s*(?:,\s*)?(?:{alternation(data['lead_after']['phrases'])})\b", re.IGNORECASE),
        possessed=rx(rf"(?:\b(?:{alternation(data['lead_after']['not_after'])})\s*)$", re.IGNORECASE),
        not_subject_after=rx(rf"\s*(?:{alternation(data['not_subject_after']['words'])})\b", re.IGNORECASE),
        subject_adverbial=rx(rf"\s*,?\s*(?:{alternation(data['subject_adverbials']['phrases'])})\s*,?",
                             re.IGNORECASE),
        request_predicate=rx(rf"\s*(?:{alternation(data['request_predicate']['phrases'])})\b", re.IGNORECASE),
        support_predicate=rx(rf"\s*(?:{alternation(data['support_predicate']['phrases'])})\s*(?:[.;)]|$)",
                                     re.IGNORECASE),
        continues=rx(rf"\s*(?:{alternation(data['continue']['phrases'])})\s*"
                     rf"(?:(?-i:{titles(data['continue']['titles'])})\s+)*", re.IGNORECASE),
        after_group=rx(rf"\s*(?:{alternation(data['continue']['after_group'])})\s*", re.IGNORECASE),
        adverbial_openers=frozenset(data["adverbial_openers"]["words"]),
        not_before_subject=frozenset(data["not_before_subject"]["words"]),
        proper_head=rx(rf"(?<![\w&])(?:{alternation(fold(h) for h in data['proper_heads']['heads'])})\s+(?=[{UPPER}])"),
        unnamed_group=rx(rf"(?:{alternation(data['unnamed_groups']['phrases'])})", re.IGNORECASE),
        list_head=rx(rf"(?i:các|những)\s+(?P<head>{titles(data['list_heads']['words'])})\s*:\s*"),
        stop_compound=rx(rf"(?:{alternation(data['name_stop']['stop_compounds'])})(?!\w)", re.IGNORECASE),
        continuers=rx(rf"(?:{alternation(data['name_stop']['continuers'])})(?!\w)", re.IGNORECASE),
        proper_end=rx(rf"(?<!\w)(?:{titles(data['name_stop']['proper_ends'])})$"),
        contact=rx(rf"\b(?:{alternation(data['contact']['phrases'])})(?!\s+(?:{alternation(data['contact']['not_before'])})\b)"
                   rf"(?:(?![.;]\s).)*$", re.IGNORECASE | re.DOTALL),
        attendance=rx(rf"(?:^|(?<=[\n;.])|(?<=[-+•–]\s)|(?<=\d[.)]\s))\s*(?:{alternation(data['attendance']['labels'])})\s*:"
                              rf"(?:(?!\.\s).)*$", re.IGNORECASE | re.DOTALL | re.MULTILINE),
        # the label opens its line or follows a bullet, ';' or '.' ("- Cơ quan chủ trì: Sở X; cơ quan phối hợp: Sở Y")
        attribute=rx(rf"(?:^|(?<=[\n;.(])|[-+•–][^\S\n]*)[^\S\n]*(?:(?P<lead>{alternation(map(fold, labels['attribute_lead']))})"
                     rf"|(?P<support>{alternation(map(fold, labels['attribute_support']))}))[^\S\n]*:\s*$", re.IGNORECASE),
        verb_phrase=rx(rf"(?:{alternation(data['name_stop']['verbs_in_names'])})\s+"
                       rf"(?:{alternation(data['name_stop']['verb_objects'])})(?!\w)", re.IGNORECASE),
        function_word=rx(rf"(?:{alternation(data['name_stop']['verbs_in_names'])})(?!\w)", re.IGNORECASE),
        comma_pair=rx(rf"(?:{alternation(data['name_stop']['comma_pairs'])})(?!\w)", re.IGNORECASE),
    )


def predicate_at(text: str, pos: int) -> str | None:
    """The predicate word or phrase (data/predicate_starts.txt, longest first) starting at pos;
    it may wrap lines."""
    rest = " ".join(text[pos:pos + 40].lower().split())
    return next((p for p in cues().predicates if rest.startswith(p) and not rest[len(p):len(p) + 1].isalnum()), None)


def starts_predicate(text: str, pos: int) -> bool:
    return predicate_at(text, pos) is not None
