"""HTML inputs (a notice saved from a portal or a mail client): the page's text content.

Read as plain text, an HTML page would hand its tags, scripts and styles to the repair stage
and the extractors. Here only what a browser shows is kept: script, style and other
non-content elements are dropped, block elements end a line, table cells of a row are
separated by a tab, character references are resolved (html.parser does that).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .pages import PageText

_SKIP = {"script", "style", "template", "noscript", "svg", "math", "object", "iframe"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "hr", "address", "center",
          "caption", "form", "fieldset", "main", "nav", "aside", "figure", "figcaption", "title"}
_CELL = {"td", "th"}


class _TextContent(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside non-content elements, whose text is dropped
        self.pre = 0  # depth inside <pre>, where line breaks are the author's

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _CELL:
            self.parts.append("\t")
        elif tag in _BLOCK:
            self.parts.append("\n")
            self.pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        # Outside <pre>, a browser shows any run of white space, line breaks included, as one space.
        self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def html_text(markup: str) -> str:
    """What a browser would show of ``markup``, one block per line, table cells tab-separated."""
    parser = _TextContent()
    parser.feed(markup)
    parser.close()
    lines = []
    for line in "".join(parser.parts).replace("\xa0", " ").split("\n"):
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        lines.append("\t".join(c for c in cells if c))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def html_pages(markup: str) -> list[PageText]:
    return [PageText(text=html_text(markup), method="text", reason="HTML text content")]
