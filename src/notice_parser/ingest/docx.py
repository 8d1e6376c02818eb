"""DOCX inputs: paragraphs and tables of word/document.xml, no extra dependency.

Notices put the header (issuing body | Quốc hiệu) and the footer (Nơi nhận | signature)
in borderless two-column tables; such a table is read column by column, as a reader does.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree import ElementTree as ET

from ..errors import InputError
from ..options import ParseOptions
from .pages import PageText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# document.xml of a long notice is a few hundred KB; refuse zip bombs before inflating them.
MAX_XML_BYTES = 50_000_000


def _run_text(node: ET.Element) -> str:
    """What one node inside a paragraph contributes: its text, a tab or a line break."""
    if node.tag == f"{_W}t":
        return node.text or ""
    if node.tag == f"{_W}tab":
        return "\t"
    return "\n" if node.tag in (f"{_W}br", f"{_W}cr") else ""


def _paragraph(p: ET.Element) -> str:
    return "".join(_run_text(node) for node in p.iter())


def _flat_text(parent: ET.Element) -> str:
    """The text under ``parent`` in document order, a line per paragraph: one pass over the
    subtree (``_paragraph`` per nested paragraph would read deep nests again and again)."""
    return "".join("\n" if node.tag == f"{_W}p" else _run_text(node) for node in parent.iter()).strip("\n")


def _cell_text(tc: ET.Element, depth: int) -> str:
    return "\n".join(_block_texts(tc, depth + 1))


def _table(tbl: ET.Element, depth: int) -> list[str]:
    rows = [[_cell_text(tc, depth) for tc in tr.findall(f"{_W}tc")] for tr in tbl.findall(f"{_W}tr")]
    width = max((len(r) for r in rows), default=0)
    if width == 2:  # layout table: left column, then right column
        return [c for col in range(2) for r in rows if len(r) > col and (c := r[col]).strip()]
    return ["\t".join(r) for r in rows]


# Tables in tables and content controls in content controls nest a few levels in real
# documents; past this depth (a crafted file nests thousands) the rest is read flat,
# paragraph by paragraph, so the walk never recurses without bound.
MAX_NESTING = 32


def _block_texts(parent: ET.Element, depth: int = 0) -> list[str]:
    if depth > MAX_NESTING:
        return [_flat_text(parent)]
    out: list[str] = []
    for child in parent:
        if child.tag == f"{_W}p":
            out.append(_paragraph(child))
        elif child.tag == f"{_W}tbl":
            out.extend(_table(child, depth + 1))
        elif child.tag == f"{_W}sdt":  # content controls wrap ordinary paragraphs
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(_block_texts(content, depth + 1))
    return out


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member's bytes, inflating at most ``limit`` + 1: the size in the zip directory is
    whatever the file's maker wrote, so a bomb is caught by what is actually inflated."""
    with zf.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"DOCX body inflates past {limit / 1e6:g} MB: refused as a zip bomb")
    return data


def docx_pages(data: bytes, options: ParseOptions | None = None) -> list[PageText]:
    limit = min(MAX_XML_BYTES, 20 * (options or ParseOptions()).max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = _read_member(zf, "word/document.xml", limit)
        root = ET.fromstring(xml)
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError, EOFError, zlib.error,
            NotImplementedError) as exc:
        raise InputError(f"DOCX is corrupt ({type(exc).__name__}: {exc})") from exc
    body = root.find(f"{_W}body")
    blocks = _block_texts(body) if body is not None else []
    text = "\n\n".join(b for b in blocks if b.strip())
    # DOCX has no fixed pages: one logical page, read from the file's own text.
    return [PageText(text=text, method="text", reason="DOCX document text")]
