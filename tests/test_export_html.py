"""The review pages in a real browser (Debian's chromium, headless): they load with no console
message, every highlight holds exactly the words its JSON span points at, each task row links to
its directive, and a screenshot is kept (build/test-artifacts/; NOTICE_PARSER_SCREENSHOT=PATH
also copies the first page's there — that is how docs/review-page.png is made)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from notice_parser import ParseOptions, parse_text
from notice_parser.export import INDEX_NAME, Exporter, page_name
from notice_parser.schema import Notice, PageInfo, Span

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = ROOT / "build" / "test-artifacts"
TODAY = dt.date(2025, 6, 1)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "chromium is missing: scripts/install-system-deps.sh installs it (apt-get install chromium)"
    return found


def browse(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", "--hide-scrollbars", *extra, url],
        capture_output=True, text=True, timeout=180, check=True)


class Dom(HTMLParser):
    """Every element's attributes, and the text inside each ``data-item`` (all its pieces)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.items: dict[str, list[str]] = defaultdict(list)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag not in VOID:
            self.stack.append(a.get("data-item"))
            if a.get("data-item"):
                self.items[a["data-item"]]  # an empty item still counts as present

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for key in dict.fromkeys(k for k in self.stack if k):
            self.items[key].append(data)


def expected_spans(notice: Notice) -> dict[str, tuple[str, Span]]:
    """data-item key → (layer, span), straight from the JSON."""
    out: dict[str, tuple[str, Span]] = {}
    for d, _ in notice.iter_directives():
        out[f"d:{d.id}"] = ("directive", d.span)
        out.update({f"a:{d.id}:{i}": ("mark", a.span) for i, a in enumerate(d.agencies) if a.span and not a.inherited})
        out.update({f"t:{d.id}:{i}": ("mark", x.span) for i, x in enumerate(d.deadlines) if x.span and not x.inherited})
    out.update({f"c:{i}": ("mark", c.span) for i, c in enumerate(notice.citations) if c.span})
    for role, person in (("chair", notice.meeting.chair), ("signer", notice.signer)):
        if person is not None and person.span is not None:
            out[f"p:{role}"] = ("mark", person.span)
    edits = notice.repair.edits if notice.repair else []
    out.update({f"e:{i}": ("edit", e.span) for i, e in enumerate(edits)
                if e.span and e.step != "unicode" and e.span.end > e.span.start})
    out.update({f"l:{i}": ("low", s) for i, s in enumerate(notice.review.low_confidence)})
    return out


def ocr_like(notice: Notice) -> Notice:
    """A notice as if OCR'd with doubts: its pages read by OCR, every twentieth word unsure."""
    words, pos = [], 0
    for w in notice.text.split():
        start = notice.text.index(w, pos)
        pos = start + len(w)
        words.append(Span(start=start, end=pos, page=1))
    pages = [PageInfo(number=1, method="ocr", start=0, end=len(notice.text), ocr_confidence=68.0)]
    return notice.model_copy(update={"pages": pages,
                                     "review": notice.review.model_copy(update={"low_confidence": words[::20]})})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    names = ["samples/004_4a72cad56fd21ad8.txt", "samples/003_f72d2fac265bdfa1.txt",
             "tests/gold/real/r12_cdttg-220-2025-cat-giam-thu-tuc-hanh-chinh.txt",
             "tests/gold/real/03_vpcp-648-lam-viec-tinh-dien-bien.txt", "samples/000_5b04499f5c70911f.txt"]
    notices = {}
    exporter = Exporter(out, ["csv", "ics"], html=True, today=TODAY)
    for i, name in enumerate(names):
        path = ROOT / name
        notice = parse_text(path.read_text(encoding="utf-8"), ParseOptions(ocr="never"), name=path.name)
        if i == len(names) - 1:
            notice = ocr_like(notice)
        output = f"docs/{path.stem}.json"
        (out / "docs").mkdir(exist_ok=True)
        (out / output).write_text(notice.to_json(), encoding="utf-8")
        exporter.add(notice, path.name, output)
        notices[output] = notice
    exporter.finish()
    return out, notices


@pytest.fixture(scope="module")
def pages(site, tmp_path_factory):
    """Each review page as the browser built it: (its console messages, its DOM)."""
    out, notices = site
    found = {}
    for output in notices:
        run = browse((out / page_name(output)).as_uri(), tmp_path_factory.mktemp("profile"), "--dump-dom")
        dom = Dom()
        dom.feed(run.stdout)
        found[output] = ([line for line in run.stderr.splitlines() if ":CONSOLE" in line], dom)
    return found


def test_every_highlight_holds_its_spans_words_and_the_page_runs_clean(site, pages):
    out, notices = site
    for output, notice in notices.items():
        page = out / page_name(output)
        console, dom = pages[output]
        assert console == [], f"{page.name}: console messages {console}"
        html_attrs = next(a for tag, a in dom.elements if tag == "html")
        assert html_attrs.get("data-ready") == "1", f"{page.name}: the page's script did not finish"

        spans = expected_spans(notice)
        assert set(dom.items) <= set(spans), set(dom.items) - set(spans)
        for key, pieces in dom.items.items():
            span = spans[key][1]
            assert "".join(pieces) == notice.text[span.start:span.end].replace("\f", "\n"), (page.name, key)
        # An item may be left out only where another of its layer already covers those words.
        shown = [(spans[k][0], spans[k][1]) for k in dom.items]
        for key, (layer, span) in spans.items():
            if key not in dom.items:
                assert any(lay == layer and s.start < span.end and span.start < s.end for lay, s in shown), (page.name, key)
        assert all(f"d:{d.id}" in dom.items for d, _ in notice.iter_directives())

        ids = {a["id"] for _, a in dom.elements if "id" in a}
        rows = [a for tag, a in dom.elements if tag == "tr" and "data-dir" in a]
        assert [r["data-dir"] for r in rows] == [d.id for d, _ in notice.iter_directives() if not d.heading]
        links = [a["href"][1:] for tag, a in dom.elements if tag == "a" and a.get("href", "").startswith("#d-")]
        assert links and set(links) <= ids
        badge = next(a for _, a in dom.elements if a.get("id") == "badge")
        assert ("review" in badge["class"]) is notice.review.needs_review
        reasons = [a["data-code"] for tag, a in dom.elements if tag == "li" and "data-code" in a]
        assert reasons == [r.code for r in notice.review.reasons]


def test_low_confidence_words_and_repairs_are_marked(site, pages):
    out, notices = site
    ocr = list(notices.items())[-1]
    dom = pages[ocr[0]][1]
    assert sum(1 for k in dom.items if k.startswith("l:")) == len(ocr[1].review.low_confidence)
    dom = pages[next(iter(notices))][1]  # sample 004: glyphs dropped from its text, refilled by repair
    edits = [a for _, a in dom.elements if a.get("data-item", "").startswith("e:")]
    assert edits and all(a["title"].startswith("repaired") for a in edits)
    assert {"edit", "uncertain"} <= {c for a in edits for c in a["class"].split()}
    assert any("data-before" in a for a in edits)


def test_index_links_every_notice_and_lists_deadlines(site, tmp_path):
    out, notices = site
    run = browse((out / INDEX_NAME).as_uri(), tmp_path / "profile", "--dump-dom")
    assert [line for line in run.stderr.splitlines() if ":CONSOLE" in line] == []
    dom = Dom()
    dom.feed(run.stdout)
    hrefs = [a["href"] for tag, a in dom.elements if tag == "a" and a.get("href", "").startswith("review/")]
    pages = {h.split("#")[0] for h in hrefs}
    assert pages == {page_name(o) for o in notices} and all((out / p).is_file() for p in pages)
    overdue = sum(1 for n in notices.values() for d, _ in n.iter_directives() if not d.heading
                  for date in {x.date for x in d.deadlines if x.date} if date < TODAY)
    assert sum(1 for tag, a in dom.elements if tag == "tr" and a.get("class") == "overdue") == overdue > 0


def test_screenshot_is_kept(site, tmp_path):
    out, notices = site
    first = next(iter(notices))
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "review-page.png"
    browse((out / page_name(first)).as_uri(), tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,1000")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    if os.environ.get("NOTICE_PARSER_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["NOTICE_PARSER_SCREENSHOT"])
