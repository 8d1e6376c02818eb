"""Typed models at the pipeline's boundaries and of its JSON output.

The keys read by the team's scorer (../shared/eval/score.py) are part of the contract:
``text``, ``document.*``, ``meeting.*``, ``directives[]`` (a tree through ``children``),
``citations[]``, ``signer``, ``recipients``, ``warnings``. Dates serialise as ISO
``YYYY-MM-DD``. Every extracted item carries a :class:`Span` into ``Notice.text``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"

Role = Literal["lead", "support"]
Recurrence = Literal["daily", "weekly", "monthly", "quarterly", "semiannual", "yearly"]
Severity = Literal["info", "warning", "error"]
PageMethod = Literal["text", "text-layer", "ocr"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """Half-open character range ``[start, end)`` into ``Notice.text``; ``page`` is 1-based."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = None


class Warning(Model):  # noqa: A001 - the domain word; shadows the builtin only inside this module
    """Something the pipeline noticed and could not (fully) resolve; never fatal."""

    code: str = Field(description="stable machine-readable code, e.g. 'no-directives'")
    message: str
    stage: Literal["ingest", "repair", "extract", "pipeline"] = "extract"
    severity: Severity = "warning"
    page: int | None = None
    span: Span | None = None


class Person(Model):
    name: str | None = None
    title: str | None = None
    span: Span | None = None


class Agency(Model):
    name: str = Field(description="canonical, complete name, e.g. 'Sở Thông tin và Truyền thông'")
    role: Role
    surface: str | None = Field(default=None, description="the words as written in the text")
    inherited: bool = Field(default=False, description="assigned by a heading above the directive ('1. Sở X:')")
    span: Span | None = None


class Deadline(Model):
    text: str = Field(description="the deadline phrase as written")
    date: dt.date | None = Field(default=None, description="resolved date; null for relative deadlines")
    recurrence: Recurrence | None = None
    kind: Literal["by", "within", "recurring", "relative"] = "by"
    starts: dt.date | None = Field(default=None, description="first occurrence of a recurrence, if stated")
    inherited: bool = Field(default=False, description="set by the parent item whose action the sub-items "
                                                      "spell out ('…, hoàn thành trong tháng 11, cụ thể:')")
    agencies: list[str] = Field(default_factory=list, description=(
        "the directive's agencies this deadline binds, when the text ties it to some of them "
        "('Sở A …; Văn phòng X … trong 03 ngày'); empty: it binds the whole directive"))
    span: Span | None = None


class Citation(Model):
    text: str = Field(description="the citing phrase as written")
    number: str = Field(description="số và ký hiệu, e.g. '155/QĐ-UBND'")
    doc_type: str | None = Field(default=None, description="e.g. 'Quyết định', 'Công văn'")
    issuer: str | None = None
    date: dt.date | None = None
    span: Span | None = None


class Directive(Model):
    id: str = Field(description="label path, e.g. '2.a.1'")
    label: str = Field(description="the numbering as written, e.g. 'a)', '-', '6.1.'")
    text: str = Field(description="the node's own text, wrapped lines joined, without its children")
    span: Span
    agencies: list[Agency] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list, description="numbers of the documents it cites")
    heading: bool = Field(default=False, description=(
        "only groups the sub-items below it ('1. Về việc …:', '2. Sở X:'); not counted as a task"))
    confidence: float | None = Field(default=None, ge=0, le=1, description=(
        "how far the extraction of this directive can be trusted (assignee found, text repaired, OCR certainty)"))
    children: list[Directive] = Field(default_factory=list)


class Document(Model):
    doc_type: str | None = Field(default=None, description="e.g. 'Thông báo'")
    number: str | None = Field(default=None, description="số và ký hiệu, e.g. '123/TB-UBND'")
    issuer: str | None = Field(default=None, description="full issuing body, e.g. 'UBND tỉnh Bắc Kạn'")
    place: str | None = None
    issue_date: dt.date | None = None
    title: str | None = Field(default=None, description="trích yếu")


class Meeting(Model):
    date: dt.date | None = None
    location: str | None = None
    chair: Person | None = None
    attendees: list[str] = Field(default_factory=list)
    span: Span | None = None


class Signer(Model):
    name: str | None = None
    title: str | None = None
    authority: str | None = Field(default=None, description="'TL. CHỦ TỊCH', 'KT. CHÁNH VĂN PHÒNG', ...")
    span: Span | None = None


class PageInfo(Model):
    """Per-page provenance of the text (ingestion)."""

    number: int = Field(ge=1)
    method: PageMethod
    start: int = Field(ge=0, description="offset of the page's first character in the ingested text")
    end: int = Field(ge=0)
    reason: str | None = Field(default=None, description="why this method was chosen")
    ocr_confidence: float | None = None
    warnings: list[str] = Field(default_factory=list)


class Edit(Model):
    """One change made by the repair stage: ``original[start:end]`` became ``after``."""

    start: int = Field(ge=0, description="offset in the text before repair")
    end: int = Field(ge=0)
    before: str
    after: str
    step: str = Field(description="which repair step made it, e.g. 'unicode', 'diacritics'")
    score: float | None = None
    span: Span | None = Field(default=None, description="where the replacement lies in Notice.text")


class RepairReport(Model):
    enabled: bool = True
    steps: list[str] = Field(default_factory=list)
    edit_count: int = 0
    changed_tokens: int = 0
    total_tokens: int = 0
    encoding: str | None = Field(default=None, description="legacy encoding converted from, if any")
    edits: list[Edit] = Field(default_factory=list)


class ReviewReason(Model):
    code: str = Field(description="heavy-repair, low-ocr-confidence, no-directives, no-doc-type, no-recipients, "
                                  "no-signature, directive-unassigned")
    message: str
    directives: list[str] = Field(default_factory=list, description="ids of the directives concerned")


class Review(Model):
    """Whether a person should check this notice against its text before acting on it, and why."""

    needs_review: bool = False
    reasons: list[ReviewReason] = Field(default_factory=list)
    repaired_share: float | None = Field(default=None, description="share of the syllables the repair stage changed")
    repair_mean_score: float | None = Field(default=None, description="mean score of the scored repair edits")
    ocr_confidence: float | None = Field(default=None, description="lowest mean OCR confidence of an OCR'd page")
    low_confidence: list[Span] = Field(default_factory=list, description="words OCR read with low confidence")


class Source(Model):
    path: str | None = None
    name: str | None = None
    media_type: str | None = None
    sha256: str | None = None
    size: int | None = None


class Notice(Model):
    schema_version: str = SCHEMA_VERSION
    parser_version: str = ""
    source: Source = Field(default_factory=Source)
    status: Literal["success", "partial"] = "success"
    text: str = Field(description="the full, repaired text the extraction ran on; spans index into it")
    document: Document = Field(default_factory=Document)
    meeting: Meeting = Field(default_factory=Meeting)
    directives: list[Directive] = Field(default_factory=list)
    findings: list[Directive] = Field(
        default_factory=list,
        description="assessment sections ('I. ĐÁNH GIÁ CHUNG'): what the meeting found, assigning nothing; not tasks")
    information: list[Directive] = Field(
        default_factory=list,
        description="items that only inform ('I. MỤC ĐÍCH, YÊU CẦU', '2. Thời gian:', '3. Địa điểm:'), assigning nothing; not tasks")
    citations: list[Citation] = Field(default_factory=list)
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)
    pages: list[PageInfo] = Field(default_factory=list)
    repair: RepairReport | None = None
    review: Review = Field(default_factory=Review)
    warnings: list[Warning] = Field(default_factory=list)

    def iter_directives(self):
        """Depth-first (directive, parent) pairs over the whole tree."""

        def walk(nodes, parent):
            for node in nodes:
                yield node, parent
                yield from walk(node.children, node)

        yield from walk(self.directives, None)

    def to_json(self, indent: int | None = 1) -> str:
        return self.model_dump_json(indent=indent)


def json_schema() -> dict:
    return Notice.model_json_schema()
