"""Text repair: the stage between ingestion and extraction.

``repair_text`` runs the steps in order; each returns its new text and its edits against
its input, so every offset of the repaired text maps back to the ingested text.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..options import ParseOptions
from ..schema import Edit, RepairReport, Warning
from .offsets import OffsetChain, OffsetMap, apply_edits
from .unicode import clean_unicode


class RepairedText(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    text: str
    report: RepairReport
    chain: OffsetChain = Field(exclude=True)
    warnings: list[Warning] = Field(default_factory=list)


def _count_tokens(text: str) -> int:
    return len(text.split())


def repair_text(text: str, options: ParseOptions | None = None) -> RepairedText:
    options = options or ParseOptions()
    if not options.repair:
        return RepairedText(text=text, report=RepairReport(enabled=False, total_tokens=_count_tokens(text)),
                            chain=OffsetChain())
    chain = OffsetChain()
    all_edits: list[Edit] = []
    steps: list[str] = []

    current, edits = clean_unicode(text)
    steps.append("unicode")
    chain = chain.then(edits)
    all_edits.extend(edits)

    report = RepairReport(
        enabled=True,
        steps=steps,
        edit_count=len(all_edits),
        changed_tokens=sum(max(1, _count_tokens(e.after)) for e in all_edits if e.step != "unicode"),
        total_tokens=_count_tokens(current),
        edits=all_edits if options.keep_edits else [],
    )
    return RepairedText(text=current, report=report, chain=chain)


__all__ = ["RepairedText", "repair_text", "OffsetChain", "OffsetMap", "apply_edits"]
