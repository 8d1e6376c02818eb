"""Damage repair: find damaged lines, then refill dropped glyphs or decode garbled syllables.

Decisions are made per line, with the document as context: a document whose lines show the
dropped-glyph pattern again and again has every suspicious line refilled; a document that is
broadly garbled or stripped has every line with a suspicious token decoded; otherwise only
lines that are damaged on their own are touched. Clean documents are never decoded.
"""

from __future__ import annotations

import re
import zipfile
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import regex_cache
from ..schema import Edit, Warning
from ..vietnamese import is_syllable_shape
from .detect import Detector, LineStats
from .lexicon import Lexicon, load_lexicon
from . import model_files
from .offsets import apply_edits

# The decoders (and numpy under them) are imported where a damaged line needs them: deciding
# that a notice is clean takes the lexicon alone (tests/test_cold_start.py).
if TYPE_CHECKING:
    from .candidates import Candidates
    from .glyphs import SyllableIndex
    from .lm import SyllableLM

# A document is "broadly damaged" above this share of suspicious tokens (clean notices: < 3 %).
DOC_DAMAGE = 0.15
# The dropped-glyph pattern must recur this often before lone fragments are refilled.
GLYPH_LINES = 3
STRIPPED_MARKED = 0.02
GLYPH_GAPS = 0.5  # inner gaps per line of text
MAX_PASSES = 4
MAX_LINE = 5000
KNOWN = 3  # corpus count from which a form is a known syllable (as the detector's)  # longer "lines" are not prose (tables dumped as one line): left alone


class _Toolkit:
    """The model and what repair builds from it. Only the lexicon and the detector are made up
    front: a clean notice needs nothing else (no numpy, no n-gram array), and the rest (the
    model's arrays, tables over the whole vocabulary) waits for a damaged line."""

    def __init__(self, path: Path):
        self.path = path
        self.lexicon = load_lexicon(path)
        self.detector = Detector(self.lexicon)

    @cached_property
    def model(self) -> SyllableLM:
        from .lm import load_model

        return load_model(self.path)

    @cached_property
    def index(self) -> SyllableIndex:
        from .glyphs import SyllableIndex

        return SyllableIndex(self.model)

    @cached_property
    def ocr(self) -> Candidates:
        from .channel import ocr_candidates

        return ocr_candidates(self.model)

    @cached_property
    def ocr_lone(self) -> Candidates:
        return lowercase_only(self.ocr, self.model)

    @cached_property
    def stripped(self) -> Candidates:
        from .candidates import stripped_candidates

        return stripped_candidates(self.model)


def lowercase_only(gen: Candidates, model: Lexicon) -> Candidates:
    """A candidate generator for a garbled-looking line with Vietnamese marks in a document that
    is otherwise clean ("ocr-lone"): a document is read by one OCR engine, so such a line is
    more likely names, abbreviations and foreign words ("Ybih Alêô, P. Tân", "KGVX(Nh-10b)")
    than English-OCR garble; only its lowercase tokens that are no known syllable may change
    (an engine that writes marks wrote "tảng" of "nền tảng Zoom/Microsoft Teams" as it read it)."""
    def lowercase(tok: str, prev: str | None, nxt: str | None, name: bool = False):
        if any(ch.isupper() for ch in tok) or (model.count(tok) >= KNOWN and is_syllable_shape(tok)):
            return None
        return gen(tok, prev, nxt, name)
    return lowercase


@lru_cache(maxsize=2)
def _toolkit(path: str) -> _Toolkit:
    return _Toolkit(Path(path))


def model_path() -> str:
    return str(model_files.model_path())


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def plan(kit: _Toolkit, text: str) -> list[tuple[str | None, int, int]]:
    """(mode, start, end) per line; mode None leaves the line alone."""
    lines = _lines(text)
    stats: list[LineStats] = [kit.detector.line(text[s:e]) if e - s <= MAX_LINE else LineStats() for s, e in lines]
    tokens = sum(st.tokens for st in stats)
    damaged = sum(st.invalid + st.stripped for st in stats)
    glyph_lines = sum(1 for st in stats if st.gaps >= 1 and st.fragments >= 1)
    text_lines = sum(1 for st in stats if st.tokens) or 1
    # The pattern recurs: several lines with fragments next to inner gaps, and gaps are common.
    glyph_doc = glyph_lines >= GLYPH_LINES and sum(st.gaps for st in stats) >= GLYPH_GAPS * text_lines
    broad = tokens >= 20 and damaged / tokens >= DOC_DAMAGE
    # A document without a single mark in 50 words was stripped, not OCR-garbled: the cheaper
    # candidate set (accented forms of the same letters) is the right channel for all of it.
    stripped_doc = broad and sum(st.marked for st in stats) <= STRIPPED_MARKED * tokens
    modes = []
    for (s, e), st in zip(lines, stats):
        mode = kit.detector.kind(st)
        if glyph_doc:
            # A text layer that drops glyphs has no other damage: a line is refilled where it
            # shows fragments, gaps, a lost first glyph (" ẾT LUẬN") or a word cut short, and is
            # otherwise left alone (its capitals and unmarked words are as printed).
            lead = text[s:s + 1] == " " and text[s + 1:s + 2].isalpha()
            modes.append(("glyphs" if st.fragments or st.gaps or st.invalid or lead else None, s, e))
            continue
        if broad and mode is None and (st.invalid + st.stripped + st.unseen > 0 or st.marked < st.tokens):
            # a broadly damaged document lost its marks everywhere: a line of plain words that
            # all exist unmarked ("CHANH VAN PHONG", "phong" is a word) is no evidence of clean
            # text, nor is a line of marked forms the corpus never writes (a wrapped "huyén")
            mode = "ocr"
        if broad and mode is None and _continues_capitals(text, lines, len(modes)):
            mode = "ocr"
        if mode == "glyphs" and st.fragments < 2:
            mode = None
        if stripped_doc and mode is not None:
            mode = "stripped"
        elif broad and mode == "stripped":
            # a document English OCR garbled throughout: its lines of plain words were read by the
            # same engine ("Noi nhin:" is "Nơi nhận:", 'i' for 'â'), so they take its channel
            mode = "ocr"
        elif mode == "ocr" and not broad and st.marked:
            # a line with Vietnamese marks was read by an engine that knows them: its
            # capitalised oddities are names and abbreviations, not English-OCR garble
            mode = "ocr-lone"
        modes.append((mode, s, e))
    return modes


_WORD = regex_cache.compile(r"[^\W\d_]+")


def _continues_capitals(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line ``i`` holds only capitalised syllables and continues a line that ends in
    capitals: the wrapped end of a heading or signature title ("PHÓ CHÁNH VĂN" / "PHONG"). The
    detector takes a lone capitalised word for an acronym; in a broadly damaged document this
    one lost its marks with the rest of the heading."""
    words = _WORD.findall(text[lines[i][0]:lines[i][1]])
    if not words or not all(len(w) >= 2 and w.isupper() and is_syllable_shape(w.lower()) for w in words):
        return False
    j = i - 1
    while j >= 0 and not text[lines[j][0]:lines[j][1]].strip():
        j -= 1
    before = _WORD.findall(text[lines[j][0]:lines[j][1]]) if j >= 0 else []
    return bool(before) and len(before[-1]) >= 2 and before[-1].isupper()
_ENDS_CONTEXT = regex_cache.compile(r"[.,;:!?()\[\]{}\"“”«»…/|]\s*$")


def _wrapped_history(text: str, modes: list[tuple[str | None, int, int]], i: int, edits: list[Edit]) -> tuple[str, ...]:
    """The last two words (lowercase, as repaired so far) of the line that line ``i`` continues:
    the previous non-blank line, when it does not end at punctuation and line ``i`` starts
    lowercase (a sentence wrapped by the PDF layout). Empty when line ``i`` starts afresh."""
    s, e = modes[i][1], modes[i][2]
    first = re.search(r"\S", text[s:e])
    if not first or not first.group().islower():
        return ()
    j = i - 1
    while j >= 0 and not text[modes[j][1]:modes[j][2]].strip():
        j -= 1
    if j < 0:
        return ()
    ps, pe = modes[j][1], modes[j][2]
    own = []  # the edits are in text order: the previous line's are at the end (not a scan of all)
    for x in reversed(edits):
        if x.start < ps:
            break
        if x.end <= pe:
            own.append(x)
    line = apply_edits(text[ps:pe], own, offset=ps)
    if _ENDS_CONTEXT.search(line):
        return ()
    return tuple(w.lower() for w in _WORD.findall(line)[-2:])


def _wrapped_future(text: str, modes: list[tuple[str | None, int, int]], i: int) -> tuple[str, ...]:
    """The first two words (lowercase) of the line that continues line ``i``: the next non-blank
    line when it starts lowercase and line ``i`` does not end at punctuation."""
    if _ENDS_CONTEXT.search(text[modes[i][1]:modes[i][2]]):
        return ()
    j = i + 1
    while j < len(modes) and not text[modes[j][1]:modes[j][2]].strip():
        j += 1
    if j >= len(modes):
        return ()
    line = text[modes[j][1]:modes[j][2]]
    first = re.search(r"\S", line)
    if not first or not first.group().islower():
        return ()
    return tuple(w.lower() for w in _WORD.findall(line)[:2])


def _refill_with_channel(kit: _Toolkit, text: str, modes: list[tuple[str | None, int, int]],
                         lines: list[int], first: list[Edit]) -> list[Edit]:
    """Second pass of the dropped-glyph filler: every glyph line is filled again with the
    document's drop channel (estimated from the first pass's fills) and with the first pass's
    repair of the line that follows as right context. Glyph edits keep lengths (a letter for a
    space), so the first pass's text has the same line offsets."""
    from .glyphs import DropChannel, fill_line

    channel = DropChannel.from_edits(text, first)
    if not channel.informative:
        return first
    draft = apply_edits(text, first)
    if len(draft) != len(text):
        return first
    edits: list[Edit] = []
    for i in lines:
        _, s, e = modes[i]
        edits.extend(fill_line(kit.model, kit.index, text, s, e, history=_wrapped_history(text, modes, i, edits),
                               future=_wrapped_future(draft, modes, i), channel=channel))
    return edits


def repair_damage(text: str) -> tuple[str, list[list[Edit]], list[str], list[Warning]]:
    """Repaired text, its passes (edits of each pass against that pass's input), the steps that
    changed something, and warnings.

    The repair is run again on its own output until nothing changes (at most ``MAX_PASSES``):
    a decision taken with little context can leave a line that still looks damaged, and the
    stage must be idempotent — repairing repaired text changes nothing. A later pass is kept
    only when it raises the language model's score of the text: on repaired text the detector
    may see the few words still odd as a different damage (English-OCR garble where marks were
    stripped) and its candidates then make the text worse, not better.
    """
    passes: list[list[Edit]] = []
    steps: set[str] = set()
    warnings: list[Warning] = []
    score = None
    for _ in range(MAX_PASSES):
        new, edits, done, warns = _repair_once(text)
        warnings.extend(warns)
        if not edits:
            break
        if passes:
            kit, _ = load_toolkit(model=True)
            score = text_score(kit.model, text) if score is None else score
            new_score = text_score(kit.model, new)
            if new_score <= score:
                break
            score = new_score
        passes.append(edits)
        steps.update(done)
        text = new
    return text, passes, sorted(steps), warnings


def text_score(model: SyllableLM, text: str) -> float:
    """The model's log-probability of a text, segment by segment (its repair objective)."""
    from .lm import segments

    return sum(model.score_sentence(toks) for toks in segments(text))


def load_toolkit(model: bool = False) -> tuple[_Toolkit | None, list[Warning]]:
    """The model's lexicon and detector (and with ``model`` the model itself, numpy and all), or
    None and a warning when the model file is missing or corrupt."""
    path = model_path()
    try:
        kit = _toolkit(path)
        if model:
            _ = kit.model  # loaded here, so that a corrupt file is the warning below, not an error mid-repair
        return kit, []
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # missing or corrupt file
        return None, [Warning(code="repair-model-missing", stage="repair",
                              message=f"language model {path} could not be loaded ({exc}); "
                                      "damaged text was left as it is")]


def _repair_once(text: str) -> tuple[str, list[Edit], list[str], list[Warning]]:
    if not text.strip():
        return text, [], [], []
    kit, warns = load_toolkit()
    if kit is None:
        return text, [], [], warns
    modes = plan(kit, text)
    if all(m is None for m, _, _ in modes):
        return text, [], [], []
    kit, warns = load_toolkit(model=True)  # the decoders need the model itself from here on
    if kit is None:
        return text, [], [], warns
    from .channel import OCR_TOKEN, ocr_reach
    from .diacritics import decode_paths, path_edits, region_segments
    from .document_prior import document_words, refine_with_document, uncertain_tokens
    from .glyphs import fill_line

    edits: list[Edit] = []
    steps: set[str] = set()
    segments: dict[str, list] = {"stripped": [], "ocr": []}
    glyph_lines: list[int] = []
    i = 0
    while i < len(modes):
        mode, s, e = modes[i]
        if mode is None:
            i += 1
            continue
        if mode == "glyphs":
            line_edits = fill_line(kit.model, kit.index, text, s, e, history=_wrapped_history(text, modes, i, edits))
            edits.extend(line_edits)
            glyph_lines.append(i)
            i += 1
            continue
        # Consecutive lines of the same mode form one region: context crosses line wraps, and
        # blank lines between them (the decoder decides whether a blank line ends the context).
        j = i
        k = j + 1
        while k < len(modes):
            if modes[k][0] == mode:
                j = k
            elif modes[k][0] is not None or text[modes[k][1]:modes[k][2]].strip():
                break
            k += 1
        end = modes[j][2]
        if mode == "stripped":
            segments[mode] += region_segments(text, s, end, kit.stripped)
        else:
            gen = kit.ocr if mode == "ocr" else kit.ocr_lone
            segments["ocr"] += region_segments(text, s, end, gen, token_re=OCR_TOKEN,
                                               reach=ocr_reach if mode == "ocr" else None)
        i = j + 1
    if edits:
        edits = _refill_with_channel(kit, text, modes, glyph_lines, edits)
    # All the segments of a kind are decoded together: one batch of model look-ups.
    kinds = (("stripped", "diacritics"), ("ocr", "ocr"))
    paths = {kind: decode_paths(kit.model, segments[kind]) for kind, _ in kinds}
    if any(uncertain_tokens(segments[kind]) for kind, _ in kinds):
        # Second pass: the document's own word use (its intact words and first-pass choices),
        # where a token has a choice to make.
        decoded = [(segments[kind], paths[kind]) for kind, _ in kinds]
        counts, pairs = document_words(text, decoded)
        paths = {kind: refine_with_document(kit.model, segments[kind], paths[kind], counts, pairs) for kind, _ in kinds}
    for kind, step in kinds:
        edits += path_edits(segments[kind], paths[kind], step)
    steps = {e.step for e in edits}
    if not edits:
        return text, [], [], []
    return apply_edits(text, edits), edits, sorted(steps), []


__all__ = ["repair_damage", "plan", "model_path", "load_toolkit"]
