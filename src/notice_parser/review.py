"""The review signal: should a person check this notice against its text before acting on it?

``review_notice`` runs last in the pipeline, on the finished notice: it reads the repair report
(how much of the text the repair stage rewrote, and how sure it was), the pages (OCR confidence),
and the extraction (directives, doc type, recipients, signature) and returns the notice with a
``review`` block and a confidence per directive. The HTML review page's badge and the index read
the block; nothing else changes.

``place_edits`` gives each repair edit its place in the repaired text (``Edit.span``), so a
reader can be shown what was rewritten where.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from . import regex_cache
from .data import load_json
from .extract.agencies.cues import alternation
from .extract.layout import UPPER
from .schema import Directive, Edit, Notice, PageInfo, Review, ReviewReason, Span

# A notice whose repair rewrote at least this share of its syllables is read mostly as the
# language model guessed it (sample 003, English-OCR'd: 83 %; a clean text: 0).
HEAVY_REPAIR_SHARE = 0.10
# An OCR'd page whose mean word confidence (Tesseract, 0–100) is under this is read unreliably.
LOW_OCR_CONFIDENCE = 75.0
# Repair edits scored under this (channel cost + language-model log-probability) are guesses
# among close candidates: the review page marks them as uncertain.
UNCERTAIN_EDIT_SCORE = -5.0
# Steps that only normalise code points (NFC, invisible characters): not a rewrite of the words.
_COSMETIC_STEPS = frozenset({"unicode"})


def place_edits(edits: Sequence[Edit], to_new, text: str) -> list[Edit]:
    """Each edit with ``span`` set to the replacement's range in the repaired ``text``.

    ``to_new`` maps an offset of the ingested text to the repaired text (``OffsetChain.to_new``).
    An edit a later pass rewrote again keeps the range its own replacement maps to.
    """
    placed = []
    for e in edits:
        end = min(len(text), to_new(e.end))
        start = to_new(e.start) if e.end > e.start else end - len(e.after)
        start = max(0, min(start, end))
        placed.append(e.model_copy(update={"span": Span(start=start, end=end)}))
    return placed


def low_confidence_spans(words: Iterable[tuple[int, int, int]], to_new) -> list[Span]:
    """(start, end, page) of OCR words in the ingested text → spans in the repaired text."""
    return [Span(start=to_new(s), end=max(to_new(s), to_new(e)), page=p) for s, e, p in words]


def review_notice(notice: Notice, low_confidence: Sequence[Span] = ()) -> Notice:
    reasons: list[ReviewReason] = []
    repair = notice.repair
    share = mean_score = None
    rewrites = [e for e in (repair.edits if repair else []) if e.step not in _COSMETIC_STEPS]
    if repair and repair.enabled and repair.total_tokens:
        share = round(min(1.0, repair.changed_tokens / repair.total_tokens), 3)
        scores = [e.score for e in rewrites if e.score is not None]
        mean_score = round(sum(scores) / len(scores), 3) if scores else None
        if share >= HEAVY_REPAIR_SHARE:
            reasons.append(ReviewReason(code="heavy-repair", message=(
                f"the repair stage rewrote {share:.0%} of the syllables"
                + (f" (mean edit score {mean_score:.2f})" if mean_score is not None else "")
                + ": check names, numbers and dates against the original")))
    ocr = [p.ocr_confidence for p in notice.pages if p.method == "ocr" and p.ocr_confidence is not None]
    lowest = round(min(ocr), 1) if ocr else None
    if lowest is not None and lowest < LOW_OCR_CONFIDENCE:
        reasons.append(ReviewReason(code="low-ocr-confidence", message=(
            f"OCR read a page with mean confidence {lowest:.0f} (under {LOW_OCR_CONFIDENCE:.0f})")))

    tasks = [d for d, _ in notice.iter_directives() if not d.heading]
    if not notice.directives:
        reasons.append(ReviewReason(code="no-directives", message="no directive was found"))
    if not notice.document.doc_type:
        reasons.append(ReviewReason(code="no-doc-type", message="no document type (THÔNG BÁO, CÔNG VĂN …) was found"))
    if notice.text.strip() and not notice.recipients:
        reasons.append(ReviewReason(code="no-recipients", message="no recipient list (Nơi nhận) was found"))
    if notice.text.strip() and (notice.signer is None or not notice.signer.name):
        reasons.append(ReviewReason(code="no-signature", message="the signer was not found"))
    unassigned = [d.id for d in tasks if lead_expected(d)]
    if unassigned:
        reasons.append(ReviewReason(code="directive-unassigned", directives=unassigned, message=(
            f"{len(unassigned)} directive(s) that assign work to someone the extraction did not find")))

    review = Review(needs_review=bool(reasons), reasons=reasons, repaired_share=share, repair_mean_score=mean_score,
                    ocr_confidence=lowest, low_confidence=list(low_confidence))
    scored = [_with_confidence(d, notice.pages, rewrites, low_confidence) for d in notice.directives]
    return notice.model_copy(update={"review": review, "directives": scored})


# An assignment word of data/agency_cues.json ("Giao", "Yêu cầu", "Đề nghị" …) opening a clause,
# its titles ("đồng chí", "Giám đốc" …) and then a name: a capital that does not open a group
# ("các bộ, ngành", "Các Bộ" name no body the guideline would list).
@lru_cache(maxsize=1)
def _names_an_assignee() -> re.Pattern:
    cue = load_json("agency_cues.json")["lead_before"]
    titles = [t for t in cue["titles"] if t not in _GROUP_WORDS]
    group = "|".join(_GROUP_WORDS)
    return regex_cache.compile(rf"(?:^|[.;:]\s+|\n\s*)(?i:{alternation(cue['verbs'])})\s+"
                               rf"(?:(?i:{alternation(titles)})\s+)*+(?!(?i:{group})\b)[{UPPER}]")


_GROUP_WORDS = ("các", "những")
# "Các doanh nghiệp tham gia … phối hợp với Sở X", "UBND các xã …": a group is the item's own subject.
_GROUP_SUBJECT = regex_cache.compile(r"\W*(?i:(?:ubnd|[uủ][ỷy]\s+ban\s+nhân\s+dân|chủ\s+tịch|bộ\s+trưởng|thủ\s+trưởng|lãnh\s+đạo)\s+)*"
                                     rf"(?i:{'|'.join(_GROUP_WORDS)})\b")


def lead_expected(d: Directive) -> bool:
    """A task that assigns work to somebody the extraction did not find: it names supporting
    bodies but no lead (someone must lead what they support), or it gives work to a name
    ("Giao Ngân hàng X …") that became no lead. A task with no lead otherwise is what the
    guideline expects of acknowledgements, of work given to a group ("các bộ, ngành, địa
    phương", "UBND các xã"), and of items whose actor the document leaves implicit (a province's
    tasks in the Prime Minister's conclusions): no reason to review (tests/reference/ANNOTATION.md)."""
    if d.heading or any(a.role == "lead" for a in d.agencies):
        return False
    if _GROUP_SUBJECT.match(d.text):
        return False
    return any(a.role == "support" for a in d.agencies) or _names_an_assignee().search(d.text) is not None


def directive_confidence(d: Directive, pages: Sequence[PageInfo], rewrites: Sequence[Edit],
                         low_confidence: Sequence[Span]) -> float:
    """A product of three factors, each 1.0 when nothing is in doubt:

    - the assignee: a lead of its own 1.0, only an inherited one 0.9, none 0.7 (a heading 1.0);
    - the repair: 1 − the share of the directive's characters the repair stage rewrote, halved
      when the rewrite was uncertain on average;
    - the OCR: 1 − 0.05 per low-confidence word inside it (at most −0.3), and the page's mean
      OCR confidence / 100 when the page was OCR'd.
    """
    lo, hi = d.span.start, d.span.end
    if d.heading:
        who = 1.0
    elif any(a.role == "lead" and not a.inherited for a in d.agencies):
        who = 1.0
    elif any(a.role == "lead" for a in d.agencies):
        who = 0.9
    else:
        who = 0.7
    inside = [e for e in rewrites if e.span is not None and lo <= e.span.start < hi]
    changed = sum(e.span.end - e.span.start for e in inside)
    share = min(1.0, changed / max(1, hi - lo))
    scores = [e.score for e in inside if e.score is not None]
    if scores and sum(scores) / len(scores) < UNCERTAIN_EDIT_SCORE:
        share = min(1.0, share * 2)
    repaired = 1.0 - 0.5 * share
    doubtful = sum(1 for s in low_confidence if lo <= s.start < hi)
    ocr = 1.0 - min(0.3, 0.05 * doubtful)
    page = next((p for p in pages if p.number == d.span.page), None)
    if page is not None and page.method == "ocr" and page.ocr_confidence is not None:
        ocr *= max(0.0, min(1.0, page.ocr_confidence / 100))
    return round(max(0.0, min(1.0, who * repaired * ocr)), 2)


def _with_confidence(d: Directive, pages, rewrites, low_confidence) -> Directive:
    children = [_with_confidence(c, pages, rewrites, low_confidence) for c in d.children]
    return d.model_copy(update={"children": children,
                                "confidence": directive_confidence(d, pages, rewrites, low_confidence)})
