"""The directive tree, from the numbering the notice actually uses.

Markers: "I." (roman), "1." / "1)" (number), "6.1." (nested number), "a)" / "a." (letter),
"(1)" (in parentheses), "(i)" (a roman numeral in parentheses), "Thứ nhất," (an ordinal
word), "-" and other dashes, "+". Levels are the order in which marker kinds first appear
below each other, as in any nested list. A number that breaks its sequence ("5." after "2.")
is a wrapped line, not an item — unless exactly one number is missing and the line reads as
an item (the previous one ended its sentence, this one opens with a capital).
Labels inside a running sentence ("Giao: (1) Bộ A …; (2) Bộ B …") are found by ``inline_labels``
and cut out by ``split_inline``; whether they make units is decided in ``units.py``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from .. import regex_cache
from ..data import load_json, load_lines
from ..uncertainty import CLEAN, Uncertainty
from .agencies.gazetteer import hyphen_pairs
from .layout import Line, fold, squash


class DirectiveCues(BaseModel):
    """The cue words of ``data/directive_cues.json`` (see its ``about``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str
    ordinals: list[str]
    counts: list[str]
    finding_heads: list[str]
    heading_topics: list[str]
    task_heads: list[str]
    assign_words: list[str]
    spell_out: list[str]
    purpose_heads: list[str]
    target_heads: list[str]
    target_measures: list[str]
    funding_heads: list[str]
    context_heads: list[str]
    detail_heads: list[str]
    event_heads: list[str]
    event_time_words: list[str]
    venue_heads: list[str]
    programme_heads: list[str]
    programme_doc_types: list[str]
    request_cues: list[str]
    directive_modals: list[str]
    closing_refers: list[str]
    attribute_lead: list[str]
    attribute_support: list[str]
    attribute_time: list[str]
    attribute_other: list[str]
    lead_in_words: list[str]


@lru_cache(maxsize=1)
def load_cues() -> DirectiveCues:
    return DirectiveCues.model_validate(load_json("directive_cues.json"))


def words_re(words: list[str]) -> str:
    """A regex alternation of cue phrases, longest first, any run of blanks between words."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))

# Lettered lists in order: 'đ' follows 'd' (a, b, c, d, đ, e).
LETTERS = "abcdđefghijklmnopqrstuvwxyz"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_MARKER_BODY = (
    r"^(?:"
    r"(?P<dnum>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|$)"
    r"|(?P<num>\d{1,2})[.)](?=\s|$)"
    # OCR reads the full stop of "4." as a comma: an item only before a capital (checked below)
    r"|(?P<numc>\d{1,2}),(?=[ \t]+[^\W\d_])"
    r"|(?P<roman>[IVX]{1,5})[.)](?=\s|$)"
    r"|(?P<letter>[a-zđ])[).](?=\s|$)"
    r"|\((?P<proman>[ivx]{1,4})\)"  # "(i)", "(iv)"; a lone "(i)" may still be the letter after "(h)"
    r"|\((?P<paren>\d{1,2}|[a-zđ])\)"
    r"|(?P<dash>[-–—−•·∙▪►●○◦])(?=\s|[^\W\d_]|\()"
    r"|(?P<plus>\+)(?=\s|[^\W\d_])"
    r"|(?P<ordinal>(?i:thứ\s+(?P<ordword>{ordinals})))\s*[,:.](?=\s)"  # "Thứ nhất," (any case)
    r"|(?P<count>(?i:(?P<countword>{counts})\s+là))\s*[,:](?=\s)"  # "Một là," (any case)
    r")\s*"
)


@lru_cache(maxsize=1)
def _marker_re() -> re.Pattern:
    return regex_cache.compile(_MARKER_BODY.replace("{ordinals}", words_re(load_cues().ordinals))
                               .replace("{counts}", words_re(load_cues().counts)))


def _roman(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


_CANONICAL_ROMAN = regex_cache.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")


def _ordinal(word: str, words: str = "ordinals") -> int:
    """The place of an ordinal's word ("hai" of "Thứ hai" → 2; ``words`` "counts": of "Hai là")."""
    return [w.lower() for w in getattr(load_cues(), words)].index(" ".join(word.lower().split())) + 1


@dataclass
class Marker:
    kind: str  # 'num', 'dnum<depth>', 'roman', 'letter', 'paren', 'proman', 'ordinal', 'dash', 'plus'
    label: str  # as written, e.g. "6.1.", "a)", "-"
    value: tuple[int, ...] | None  # ordinal(s) for sequence checks; None for bullets
    length: int  # characters of the marker including the following blanks


def parse_marker(text: str) -> Marker | None:
    m = _marker_re().match(text)
    if not m:
        return None
    length = m.end()
    if length >= len(text.rstrip()):
        return None  # a marker with nothing after it is not an item
    label = text[: m.end()].strip()
    if m.group("ordinal") is not None:
        return Marker("ordinal", label, (_ordinal(m.group("ordword")),), length)
    if m.group("count") is not None:
        return Marker("ordinal", label, (_ordinal(m.group("countword"), "counts"),), length)
    if m.group("proman"):
        if not _CANONICAL_ROMAN.fullmatch(m.group("proman")):
            return None  # "(iiii)", "(vx)": not a numeral anyone writes
        return Marker("proman", label, (_roman(m.group("proman")),), length)
    if m.group("dnum"):
        parts = tuple(int(p) for p in m.group("dnum").split("."))
        return Marker(f"dnum{len(parts)}", label, parts, length)
    if m.group("num"):
        return Marker("num", label, (int(m.group("num")),), length)
    if m.group("numc"):
        if not text[length:length + 1].isupper():
            return None
        return Marker("num", label, (int(m.group("numc")),), length)
    if m.group("roman"):
        value = _roman(m.group("roman"))
        return Marker("roman", label, (value,), length) if value else None
    if m.group("letter"):
        letter = m.group("letter")
        order = LETTERS.index(letter) + 1
        return Marker("letter", label, (order,), length)
    if m.group("paren"):
        v = m.group("paren")
        return Marker("paren", label, (int(v) if v.isdigit() else LETTERS.index(v) + 1,), length)
    if m.group("dash"):
        return Marker("dash", label, None, length)
    return Marker("plus", label, None, length)


@dataclass
class Node:
    marker: Marker | None
    lines: list[Line] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None
    id: str = ""
    # Its own text opens a sentence its children complete ("Giao: (1) Bộ A …; (2) Bộ B …"): the
    # children spell out its own action, so its deadline is theirs.
    frame: bool = False

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    def text_start(self) -> int:
        """Offset where the node's own words begin (after its marker)."""
        return self.lines[0].start + (self.marker.length if self.marker else 0)

    def own_lines(self) -> list[Line]:
        """Its lines before its first child's."""
        if not self.children:
            return self.lines
        first_child = self.children[0].start
        return [ln for ln in self.lines if ln.start < first_child]

    def own_text(self) -> str:
        """Its own words (without marker and children), wrapped lines joined."""
        lines = self.own_lines()
        first = lines[0].text[self.marker.length:] if self.marker else lines[0].text
        return squash(" ".join([first, *(ln.text for ln in lines[1:])]))


def first_marker_index(lines: list[Line]) -> int | None:
    """Index of the first line that starts an item (numbered before bulleted)."""
    first_any = None
    for i, line in enumerate(lines):
        mk = parse_marker(line.text)
        if mk is None:
            continue
        if mk.kind in ("num", "roman") or mk.kind.startswith("dnum"):
            return i if first_any is None or mk.kind != "num" or mk.value == (1,) else first_any
        if first_any is None:
            first_any = i
    return first_any


def _accepts(stack: list[tuple[str, Node]], mk: Marker) -> bool:
    """Whether a marker continues the list it belongs to (or may start a new one)."""
    if mk.value is None:
        return True
    kinds = [k for k, _ in stack]
    if mk.kind.startswith("dnum"):
        # 6.1 belongs under item 6 of the numbered level; 6.2 follows 6.1.
        for k, node in reversed(stack):
            if k == mk.kind:
                prev = node.marker.value
                return mk.value[:-1] == prev[:-1] and mk.value[-1] == prev[-1] + 1 or mk.value[:-1] != prev[:-1] and mk.value[-1] == 1
            if k == "num":
                return node.marker.value[0] == mk.value[0] and mk.value[-1] == 1
        return mk.value[-1] == 1
    if mk.kind in kinds:
        prev = next(node for k, node in reversed(stack) if k == mk.kind)
        return mk.value[0] == prev.marker.value[0] + 1
    # A new level starts at its first ordinal ("a)", "1.", "I."); a document whose first
    # number was lost (damaged scans) may start anywhere at the top level — but never with
    # "Thứ hai," alone, which is as likely a weekday ("Thứ Hai, ngày 10/11").
    return mk.value[0] == 1 or (not stack and mk.kind != "ordinal")


# OCR damages list letters ("b)" read as "ở)", "c)" as "~¢)"): one stray character and ")" at the
# start of a line, followed by a word.
_DAMAGED_LETTER = regex_cache.compile(r"^[^\w\s]?(?:\w|[^\w\s])\)\s+(?=\S)")
_LOST_LETTER = regex_cache.compile(r"^\s*\)\s+(?=\S)")


def _damaged_letter(line: Line, stack: list[tuple[str, "Node"]], uncertain: Uncertainty) -> Marker | None:
    """While a lettered list is open, a damaged letter marker is that list's next item — where
    the marker's text is uncertain only: in clean text "ở) …" is what the line says, a line of
    the item before that happens to open with a word and ")". A marker whose letter is lost
    altogether (" ) Bộ Xây dựng …", a font run's dropped glyph) is the next letter too, or the
    first ("a)") under an item with no lettered list yet."""
    text = line.text
    m = _DAMAGED_LETTER.match(text)
    lost = None if m else _LOST_LETTER.match(text)
    m = m or lost
    if not m or not uncertain.overlaps(line.start, line.start + m.end()):
        return None
    letters = [node for k, node in stack if k == "letter"]
    if not letters and not (lost and stack):
        return None
    return Marker("letter", text[: m.end()].strip(), (letters[-1].marker.value[0] + 1 if letters else 1,), m.end())


# A label of a numbered list's shape that OCR or repair damaged: "(S)" for "(5)", "(au)" for
# "(iii)", "A." for "4.".
_DAMAGED_NUMBER = regex_cache.compile(r"^(?:\((?P<paren>[^\s()]{0,4})\)|(?P<dot>[^\W_]{1,2})[.)])\s+(?=\S)")


@lru_cache(maxsize=1)
def _lookalikes() -> frozenset[tuple[str, str]]:
    """(seen, meant) pairs of data/marker_lookalikes.tsv."""
    return frozenset(tuple(line.split("\t")) for line in load_lines("marker_lookalikes.tsv"))


def _spelled(value: int, kind: str) -> str:
    """How ``value`` is written in a list of ``kind``: "12", "iv"."""
    if kind in ("num", "paren"):
        return str(value)
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for n, letters in numerals:
        while value >= n:
            out, value = out + letters, value - n
    return out


def _looks_like(label: str, value: int, kind: str) -> bool:
    """``label`` is ``value`` written in ``kind`` with each character as written or as OCR renders it."""
    meant = _spelled(value, kind)
    return len(label) == len(meant) and all(
        a.lower() == b or (a, b) in _lookalikes() for a, b in zip(label, meant))


def _damaged_number(line: Line, stack: list[tuple[str, "Node"]], uncertain: Uncertainty,
                    parsed: list[Marker | None], after: int) -> Marker | None:
    """While a numbered list is open ("1.", "(1)", "(i)", "I."), a line opening with a label of its
    shape that is no label is the list's next item — where the label is uncertain, when either
    the list's next label is the number after it ("(au)" between "(ii)" and "(iv)") or the label
    is an OCR look-alike of the number (data/marker_lookalikes.tsv: "(S)" for "(5)") and the
    list's next label is not that number; where only the rest of the line is uncertain (a label
    that is a word, "A.", is never doubted itself), when both hold ("A." between "3." and "5.").
    With no list of its shape open, such a label (doubted, or empty: "()") is a list's first item
    when that list's next label is its second ("()" before "(ii)"). ``parsed``: the labels of
    the lines, this one's followers from index ``after``."""
    m = _DAMAGED_NUMBER.match(line.text)
    if not m or not uncertain.overlaps(line.start, line.end):
        return None
    doubted = uncertain.overlaps(line.start, line.start + m.end())
    paren = m.group("paren") is not None
    label = m.group("paren") if paren else m.group("dot")
    shape = ("paren", "proman") if paren else ("num", "roman")
    for kind, node in reversed(stack):
        if kind == "letter" and not paren:
            return None  # "ở)" inside a list of letters is that list's (_damaged_letter)
        if kind not in shape:
            continue
        if kind == "paren" and not node.marker.label[1:-1].isdigit():
            return None  # "(a)", "(b)": a list of letters
        expected = node.marker.value[0] + 1
        following = next((mk.value[0] for mk in itertools.islice(parsed, after, None)
                          if mk is not None and mk.kind == kind), None)
        looks = following != expected and _looks_like(label, expected, kind)
        if (following == expected + 1 or looks) if doubted else (following == expected + 1 and looks):
            return Marker(kind, m.group().strip(), (expected,), m.end())
        return None
    if doubted or not label:
        second = next((mk for mk in itertools.islice(parsed, after, None) if mk is not None and mk.kind in shape), None)
        if second is not None and second.value[0] == 2:
            return Marker(second.kind, m.group().strip(), (1,), m.end())
    return None


def _repeats_one(stack: list[tuple[str, Node]], mk: Marker, line: Line, previous: Line | None,
                 parsed: list[Marker | None], after: int) -> Marker | None:
    """An item whose number repeats the one before it ("(ii)", "(ii)", "(iv)": OCR lost a stroke):
    the number between, when the list's next label confirms it and the line reads as an item (the
    previous line ended its sentence, this one opens with a capital), as ``_skips_one`` reads a
    number skipped."""
    if mk.kind not in ("num", "paren", "proman", "roman") or mk.kind not in (k for k, _ in stack) or previous is None:
        return None
    prev = next(node for k, node in reversed(stack) if k == mk.kind)
    if prev.marker.value != mk.value or not previous.text.endswith((".", ";", ":")):
        return None
    if not line.text[mk.length:mk.length + 1].isupper():
        return None
    following = next((m.value[0] for m in itertools.islice(parsed, after, None) if m is not None and m.kind == mk.kind), None)
    return Marker(mk.kind, mk.label, (mk.value[0] + 1,), mk.length) if following == mk.value[0] + 2 else None


def _as_letter(mk: Marker, stack: list[tuple[str, Node]]) -> Marker:
    """"(i)" right after "(h)" (or "(v)" after "(u)", "(x)" after "(v)") continues a list of letters."""
    if mk.kind != "proman" or len(mk.label) != 3:
        return mk
    value = LETTERS.index(mk.label[1]) + 1
    for k, node in reversed(stack):
        if k == "paren":
            return Marker("paren", mk.label, (value,), mk.length) if node.marker.value[0] + 1 == value else mk
    return mk


def _skips_one(stack: list[tuple[str, Node]], mk: Marker, line: Line, previous: Line | None) -> bool:
    """An item whose number skips exactly one ("1.", "2.", "4."): a numbering slip, not a wrapped
    line, when the previous line ended its sentence and this one opens with a capital."""
    if mk.value is None or mk.kind not in (k for k, _ in stack) or previous is None:
        return False
    prev = next(node for k, node in reversed(stack) if k == mk.kind)
    if prev.marker.value[:-1] != mk.value[:-1] or mk.value[-1] != prev.marker.value[-1] + 2:
        return False
    return previous.text.endswith((".", ";", ":")) and line.text[mk.length:mk.length + 1].isupper()


def full_width(lines: list[Line]) -> int:
    """The length of a full line of the block: hard-wrapped text fills most of its lines to the
    same width (the upper quartile of the lengths), a text with a line per paragraph does not."""
    lengths = sorted(len(ln.text) for ln in lines)
    return lengths[3 * len(lengths) // 4] if lengths else 0


# The last item of an enumeration still open at the end of a line: after a comma or colon, one to
# three words opening with a capital ("các Tập đoàn: …, Công nghiệp", "các tỉnh: Bà Rịa").
_OPEN_NAME = regex_cache.compile(r"[,:]\s*(?:\w+\s+){0,2}\w+$")


def _compound_halves(before: str, after: str) -> bool:
    """Whether the end of one line and the start of the next could be the halves of one " - "
    compound: a running-text pair ("kinh tế" / "- xã hội": the second half lower case, which no
    bullet opens with), a range ("2021" / "- 2025"), a hyphenated name of the gazetteer ("Công
    nghiệp" / "- Viễn thông Quân đội", "Lao động" / "- Thương binh và Xã hội"), or the last name
    of an open enumeration ("các tỉnh: …, Bà Rịa" / "- Vũng Tàu")."""
    last, first = before.split()[-1], after.split()[0]
    if first[0].islower():
        return True
    if last[0].isdigit() and first[0].isdigit():
        return True
    if (fold(last).lower(), fold(first).lower()) in hyphen_pairs():
        return True
    tail = _OPEN_NAME.search(before)
    return bool(tail) and tail.group().lstrip(",: ")[:1].isupper() and first[0].isupper()


# A page of A4 set in 13-14 pt holds 70-90 characters a line: shorter "full" lines are a block of
# short items (a list of "- việc một" bullets), not text wrapped at the margin.
_HARD_WRAP_WIDTH = 50


def wrapped_dash(mk: Marker, line: Line, previous: Line | None, width: int) -> bool:
    """A line that opens with "- " but carries on the previous line's words: the hard wrap fell
    on the blanks around the hyphen of a compound ("…, Công nghiệp" / "- Viễn thông Quân đội
    theo …"). Only when the previous line is running text cut mid-sentence — it ends with a
    letter or digit (no closing punctuation), it is not an all-caps heading, and it fills the
    block's width (a heading "1. Mục đích" or the short last line of a wrapped heading comes
    before real bullets) — and the words on both sides of the dash make a compound.
    Measured on every test set (samples, written, real, held-out: 294 bullets): no real bullet
    follows a line that ends without punctuation, outside the Nơi nhận column."""
    if mk.kind != "dash" or previous is None or not previous.text[-1:].isalnum():
        return False
    if previous.text.isupper() or len(previous.text) < max(0.85 * width, _HARD_WRAP_WIDTH):
        return False
    rest = line.text[mk.length:]
    return bool(rest.strip()) and _compound_halves(previous.text, rest)


def join_lone_markers(lines: list[Line]) -> list[Line]:
    """A label alone on its line ("a)" then the item's words on the next line) becomes one line."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _marker_re().match(line.text)
        if i + 1 < len(lines) and m is not None and m.end() >= len(line.text):
            nxt = lines[i + 1]
            out.append(Line(line.start, nxt.end, f"{line.text} {nxt.text}"))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def build_tree(lines: list[Line], uncertain: Uncertainty = CLEAN) -> list[Node]:
    """Items and their continuation lines, nested by marker kind; ``uncertain`` (spans of the
    text the lines point into) is where a damaged list letter may be read as the next letter."""
    root = Node(marker=None)
    stack: list[tuple[str, Node]] = []  # (kind, node), outermost first
    current: Node | None = None
    previous: Line | None = None
    width = full_width(lines)
    joined = join_lone_markers(lines)
    parsed = [parse_marker(line.text) for line in joined]
    for i, line in enumerate(joined):
        mk = parsed[i]
        if mk is not None:
            mk = None if wrapped_dash(mk, line, previous, width) else _as_letter(mk, stack)
        if mk is None or not _accepts(stack, mk):
            # a damaged label in parentheses is a numbered list's before a lettered one's: "()" before "(ii)"
            mk = (_damaged_number(line, stack, uncertain, parsed, i + 1) or _damaged_letter(line, stack, uncertain)
                  or (mk and _repeats_one(stack, mk, line, previous, parsed, i + 1)) or mk)
        accepted = mk is not None and (_accepts(stack, mk) or _skips_one(stack, mk, line, previous))
        previous = line
        if accepted:
            kinds = [k for k, _ in stack]
            if mk.kind.startswith("dnum") and mk.kind not in kinds and "num" in kinds:
                while stack[-1][0] != "num":
                    stack.pop()
            elif mk.kind in kinds:
                while stack[-1][0] != mk.kind:
                    stack.pop()
                stack.pop()
            parent = stack[-1][1] if stack else root
            node = Node(marker=mk, lines=[line], parent=parent)
            parent.children.append(node)
            stack.append((mk.kind, node))
            current = node
        elif current is not None:
            current.lines.append(line)
        else:
            # Text before any item (only when there is no numbering at all).
            node = Node(marker=None, lines=[line], parent=root)
            root.children.append(node)
            current = node
    _assign_ids(root.children, "")
    return root.children


def _assign_ids(nodes: list[Node], prefix: str) -> None:
    ordinal = 0
    for node in nodes:
        ordinal += 1
        mk = node.marker
        if mk is None or mk.value is None:
            own = str(ordinal)
        elif mk.kind == "letter":
            # The letter from its place in the list, so a damaged marker still gets its id.
            own = LETTERS[mk.value[0] - 1] if mk.value[0] <= len(LETTERS) else mk.label.rstrip(".)")
        elif mk.kind in ("roman", "proman"):
            own = mk.label.strip("(),:.").strip()  # "II", "1.b.iv"
            if _roman(own) != mk.value[0]:  # a damaged label ("(au)" read as "(iii)"): the number it stands for
                own = _spelled(mk.value[0], mk.kind)
                own = own.upper() if mk.kind == "roman" else own
        elif mk.kind == "ordinal":
            own = mk.label.strip("(),:.")  # "II.Thứ nhất"
        else:
            own = str(mk.value[-1])
        node.id = f"{prefix}.{own}" if prefix else own
        _assign_ids(node.children, node.id)


def paragraphs_as_nodes(lines: list[Line]) -> list[Node]:
    """A notice with no numbering: each paragraph (a line ending a sentence closes it) is an item."""
    nodes: list[Node] = []
    current: list[Line] = []
    for line in lines:
        current.append(line)
        if line.text.endswith((".", ";", "./.")):
            nodes.append(Node(marker=None, lines=current))
            current = []
    if current:
        nodes.append(Node(marker=None, lines=current))
    for i, node in enumerate(nodes, 1):
        node.id = str(i)
    return nodes


# Inline labels ----------------------------------------------------------------------------
# Labels inside a running sentence: "Giao: (1) Bộ A …; (2) Bộ B …", "(i) …, (ii) …", "a) …; b) …",
# "Thứ nhất, … Thứ hai, …". A label counts only where a list item can begin: at the start of the
# text or after a colon, semicolon, comma or full stop (optionally followed by "và" / "hoặc"),
# with a word after it — so "Điều 3)" or "(1)" inside a citation never opens an item.
_INLINE_CANDIDATE = (
    r"(?:\((?P<paren>\d{1,2})\)|\((?P<proman>[ivx]{1,4})\)|\((?P<pletter>[a-zđ])\)"
    r"|(?<![\w/.(])(?P<letter>[a-zđ])\)"
    r"|(?P<ordinal>(?i:thứ\s+(?P<ordword>{ordinals}))\s*,)"
    r"|(?P<count>(?i:(?P<countword>{counts})\s+là)\s*,))"
    r"(?=\s+\w)"
)
_INLINE_BEFORE = regex_cache.compile(r"(?:^|[:;,.]|[:;,.]\s*(?:và|hoặc))\s*$", re.IGNORECASE)
_MIN_INLINE_UNITS = 2


@lru_cache(maxsize=1)
def _inline_re() -> re.Pattern:
    return regex_cache.compile(_INLINE_CANDIDATE.replace("{ordinals}", words_re(load_cues().ordinals))
                               .replace("{counts}", words_re(load_cues().counts)))


def _inline_candidates(text: str, lo: int, hi: int) -> dict[str, list[tuple[int, Marker]]]:
    """Label candidates in text[lo:hi] by list kind, each with its offset and marker."""
    out: dict[str, list[tuple[int, Marker]]] = {}
    for m in _inline_re().finditer(text, lo, hi):
        if not _INLINE_BEFORE.search(text[max(lo, m.start() - 12):m.start()]) and m.start() != lo:
            continue
        length = m.end() - m.start()
        length += len(text[m.end():hi]) - len(text[m.end():hi].lstrip())
        label = m.group().strip()
        kinds = []
        if m.group("paren"):
            kinds.append(("paren", int(m.group("paren"))))
        if m.group("proman") and _CANONICAL_ROMAN.fullmatch(m.group("proman")):
            kinds.append(("proman", _roman(m.group("proman"))))
        letter = m.group("pletter") or (m.group("proman") if m.group("proman") and len(m.group("proman")) == 1 else None)
        if letter:
            kinds.append(("pletter", LETTERS.index(letter) + 1))
        if m.group("letter"):
            kinds.append(("letter", LETTERS.index(m.group("letter")) + 1))
        if m.group("ordinal"):
            kinds.append(("ordinal", _ordinal(m.group("ordword"))))
        if m.group("count"):
            kinds.append(("ordinal", _ordinal(m.group("countword"), "counts")))
        for kind, value in kinds:
            out.setdefault(kind, []).append((m.start(), Marker(kind, label, (value,), length)))
    return out


def inline_labels(text: str, lo: int, hi: int) -> list[tuple[int, Marker]]:
    """The labels of text[lo:hi] that form one inline list — the same kind numbered 1, 2, 3, …
    in order — with their offsets; [] when there is no list of at least two. Of several kinds, the
    list that opens first is the outer one (its items may hold a list of their own)."""
    best: list[tuple[int, Marker]] = []
    for found in _inline_candidates(text, lo, hi).values():
        seq: list[tuple[int, Marker]] = []
        for at, mk in found:
            if mk.value[0] == len(seq) + 1:
                seq.append((at, mk))
        if len(seq) >= _MIN_INLINE_UNITS and (not best or seq[0][0] < best[0][0]):
            best = seq
    return best


def _cut(text: str, lines: list[Line], a: int, b: int) -> list[Line]:
    """The parts of ``lines`` inside text[a:b], blanks trimmed, as lines of their own."""
    out = []
    for ln in lines:
        s, e = max(ln.start, a), min(ln.end, b)
        piece = text[s:e]
        if not piece.strip():
            continue
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        out.append(Line(s, e, text[s:e]))
    return out


def split_inline(node: Node, text: str, labels: list[tuple[int, Marker]]) -> tuple[list[Line], list[Node]]:
    """The node's lines cut at its inline labels: the frame before the first label (which keeps
    the node's own marker) and one child node per label, running to the next label."""
    first = labels[0][0]
    frame = _cut(text, node.lines, node.start, first)
    if not frame or frame[-1].end < node.text_start():
        # nothing but the marker before the list ("5. (1) …"): the frame is the marker alone
        frame = [Line(node.start, first, text[node.start:first])]
    bounds = [at for at, _ in labels] + [node.end]
    kids = [Node(marker=mk, lines=_cut(text, node.lines, at, bounds[i + 1]), parent=node)
            for i, (at, mk) in enumerate(labels)]
    return frame, kids
