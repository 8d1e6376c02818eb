"""Extraction: repaired text → Notice (sections, directives, agencies, dates, citations, people)."""

from __future__ import annotations

from ..schema import Notice, PageInfo


def extract_notice(text: str, pages: list[PageInfo] | None = None) -> Notice:
    return Notice(text=text)
