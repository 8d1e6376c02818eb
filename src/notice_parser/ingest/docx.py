"""DOCX inputs: paragraphs and tables of word/document.xml, no extra dependency.

Notices put the header (issuing body | Quốc hiệu) and the footer (Nơi nhận | signature)
in borderless two-column tables; such a table is read column by column, as a reader does.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from ..errors import InputError
from .pages import PageText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# document.xml of a long notice is a few hundred KB; refuse zip bombs before inflating them.
MAX_XML_BYTES = 50_000_000


def _paragraph(p: ET.Element) -> str:
    out = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            out.append(node.text)
        elif node.tag == f"{_W}tab":
            out.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


def _cell_text(tc: ET.Element) -> str:
    return "\n".join(_block_texts(tc))


def _table(tbl: ET.Element) -> list[str]:
    rows = [[_cell_text(tc) for tc in tr.findall(f"{_W}tc")] for tr in tbl.findall(f"{_W}tr")]
    width = max((len(r) for r in rows), default=0)
    if width == 2:  # layout table: left column, then right column
        return [c for col in range(2) for r in rows if len(r) > col and (c := r[col]).strip()]
    return ["\t".join(r) for r in rows]


def _block_texts(parent: ET.Element) -> list[str]:
    out: list[str] = []
    for child in parent:
        if child.tag == f"{_W}p":
            out.append(_paragraph(child))
        elif child.tag == f"{_W}tbl":
            out.extend(_table(child))
        elif child.tag == f"{_W}sdt":  # content controls wrap ordinary paragraphs
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(_block_texts(content))
    return out


def docx_pages(data: bytes) -> list[PageText]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise InputError(f"DOCX body is {info.file_size / 1e6:.0f} MB uncompressed: refused as a zip bomb")
            xml = zf.read(info)
        root = ET.fromstring(xml)
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError) as exc:
        raise InputError(f"DOCX is corrupt ({type(exc).__name__}: {exc})") from exc
    body = root.find(f"{_W}body")
    blocks = _block_texts(body) if body is not None else []
    text = "\n\n".join(b for b in blocks if b.strip())
    # DOCX has no fixed pages: one logical page, read from the file's own text.
    return [PageText(text=text, method="text", reason="DOCX document text")]
