"""Offline lexical resources bundled with underthesea: the Viet74K word list and the
administrative-unit gazetteer. Used at training time to extend the syllable inventory and to
teach the model place names that statutes never mention."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from .. import regex_cache


def _underthesea_dir() -> Path | None:
    try:
        import underthesea
    except ImportError:  # training only: the shipped model does not need it
        return None
    return Path(underthesea.__file__).resolve().parent


def _viet74k() -> Path | None:
    root = _underthesea_dir()
    return root / "corpus" / "data" / "Viet74K.txt" if root else None


def _address_mapping() -> Path | None:
    root = _underthesea_dir()
    return root / "address" / "data" / "mapping.json" if root else None


# The project's data files the trainer reads (domain_lines, notice_phrase_lines, surnames).
TRAINING_DATA = ("agencies.json", "positions.json", "provinces.json", "surnames.txt", "notice_phrases.txt")


def _sha(path: Path | None) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path and path.is_file() else "missing"


def external_inputs() -> dict[str, str]:
    """Version and hashes of what the model is built from outside this project: underthesea's
    Viet74K word list and its address gazetteer. The model records them (``make models``); a
    model built from other versions is stale (tests/test_repair_model.py)."""
    try:
        from importlib.metadata import version

        under = version("underthesea")
    except Exception:  # noqa: BLE001 - not installed: nothing to compare
        under = "missing"
    return {"underthesea": under, "sha256.viet74k": _sha(_viet74k()), "sha256.address_mapping": _sha(_address_mapping())}


def project_inputs() -> dict[str, str]:
    """Hashes of the project's data files the trainer reads."""
    import hashlib

    from ..data import read_text

    return {f"sha256.data.{name}": hashlib.sha256(read_text(name).encode("utf-8")).hexdigest()[:16]
            for name in TRAINING_DATA}


def stale_inputs(meta: dict[str, str], project: bool = True) -> list[str]:
    """The recorded inputs of a model (its metadata) that differ from what is installed now:
    underthesea's version and resources, and (``project``) the project's data files."""
    now = {**external_inputs(), **(project_inputs() if project else {})}
    return sorted(k for k, v in now.items() if meta.get(k) != v)


def dictionary_lines() -> list[str]:
    """Viet74K entries with a space between syllables (hyphenated loanwords are left out)."""
    path = _viet74k()
    if not path or not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and "-" not in line:
            out.append(line)
    return out


_UNIT = regex_cache.compile(r"^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn|Đặc khu)\s+", re.IGNORECASE)


def gazetteer_lines() -> list[str]:
    """Province, district and ward names, with and without their unit word ("tỉnh Đắk Lắk")."""
    path = _address_mapping()
    if not path or not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for table in ("province_names", "old_province_names"):
        for v in data.get(table, {}).values():
            names.add(v["name"])
            names.add(v["short"])
    for row in data.get("ward_mapping", []):
        for k in ("old_province", "old_district", "old_ward", "new_province", "new_ward"):
            if row.get(k):
                names.add(row[k])
    out = []
    for n in sorted(names):
        out.append(n)
        short = _UNIT.sub("", n)
        if short != n:
            out.append(short)
    return out


def data_strings(node, skip: tuple[str, ...] = ("about", "source"), keys: bool = False) -> list[str]:
    """Every string in a data file's JSON, in file order: list items and dict values, and with
    ``keys`` the dict keys too (gazetteers that key entries by their name: "Ủy ban nhân dân":
    […]); the entries under a key in ``skip`` (comments, sources) are left out. The one walker
    over the data files for repair: the model's domain lines (``domain_lines``), the symbols'
    acronyms and recase's gazetteer names."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in skip
                for s in ([k] if keys else []) + data_strings(v, skip, keys)]
    if isinstance(node, list):
        return [s for v in node for s in data_strings(v, skip, keys)]
    return []


@lru_cache(maxsize=1)
def surnames() -> tuple[str, ...]:
    """Vietnamese family names from the project's gazetteer (lowercase, one tone placement)."""
    from ..data import load_lines

    return tuple(line.lower() for line in load_lines("surnames.txt"))


_ACRONYM = regex_cache.compile(r"[A-ZĐ][A-ZĐa-z]*[A-ZĐ][a-z]?")


@lru_cache(maxsize=1)
def symbols() -> dict[str, tuple[str, ...]]:
    """Abbreviations of document symbols and bodies, by their base letters (lowercase, Đ → d):
    the document types and issuers of Nghị định 30's Phụ lục III and the party's rules
    (data/doc_types.json: "CĐ", "QĐ", "TTg", "VPCP"), the acronyms of data/agencies.json
    ("BKHĐT") and the shorthand of data/abbreviations.tsv ("QHĐP", "PTTg"); the parts of "KH&ĐT" count on their own. Where marks were lost, a token
    with those letters is one of them ("158/CD-TTg" is "158/CĐ-TTg")."""
    from ..data import load_json
    from ..vietnamese import strip_marks

    found: set[str] = set()
    doc_types = load_json("doc_types.json")
    for table in ("type_abbreviations", "party_type_abbreviations", "issuer_abbreviations",
                  "party_issuer_abbreviations"):
        found.update(doc_types.get(table, {}))
    for s in data_strings(load_json("agencies.json")):
        for part in re.split(r"[&\s-]+", s):
            if _ACRONYM.fullmatch(part):
                found.add(part)
    # and the listed shorthand (data/abbreviations.tsv: "QHĐP", "GRDP", "TTgCP"), but not the forms that
    # could be a word or a word's consonants ("TH"): those stay words outside a list
    from .abbreviations import ambiguous, word_forms
    found.update(f for f in word_forms() if not ambiguous(f))
    out: dict[str, set[str]] = {}
    for form in found:
        for piece in form.split("&"):
            if len(piece) >= 2:
                out.setdefault(strip_marks(piece), set()).add(piece)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


@lru_cache(maxsize=1)
def name_cues() -> tuple[tuple[str, ...], ...]:
    """Word sequences (lowercase, marks stripped) after which a Title-case run is a person's name:
    the honorifics of data/name_cues.txt and the positions of data/positions.json ("chu tich")."""
    from ..data import load_json
    from ..vietnamese import strip_marks

    phrases = [line.strip() for line in (Path(__file__).resolve().parent / "data" / "name_cues.txt")
               .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    phrases += [h for h in load_json("positions.json").get("heads", []) if isinstance(h, str)]
    cues = {tuple(strip_marks(unicodedata.normalize("NFC", p).lower()).split()) for p in phrases}
    return tuple(sorted(c for c in cues if c))


# Weight of a listed name by its section of given_names.txt (a common name is strong evidence)
_NAME_SECTIONS = {"common": 1.0, "less common": 0.2}


@lru_cache(maxsize=1)
def _name_entries() -> tuple[tuple[str, float, str, bool], ...]:
    """(name, weight, gender, marker) per line of data/given_names.txt; names lowercase in the
    model's tone placement, gender "m", "f" or "" (either), marker for "Văn"/"Thị"-like names."""
    from ..data import read_text
    from ..vietnamese import canonical

    out = []
    weight = None
    for n, line in enumerate(read_text("given_names.txt").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            if section not in _NAME_SECTIONS:
                raise ValueError(f"given_names.txt:{n}: unknown section {line}")
            weight = _NAME_SECTIONS[section]
            continue
        name, *tags = line.split()
        gender = tags[0] if tags else ""
        marker = tags[1:] == ["marker"]
        if weight is None or gender not in ("", "m", "f") or tags[1:] not in ([], ["marker"]) or (marker and not gender):
            raise ValueError(f"given_names.txt:{n}: expected 'Name [m|f [marker]]' inside a section: {line!r}")
        out.append((canonical(unicodedata.normalize("NFC", name).lower()), weight, gender, marker))
    return tuple(out)


@lru_cache(maxsize=1)
def given_names() -> dict[str, float]:
    """Given and middle names (lowercase, model tone placement) with their weight: 1 for the
    [common] section of data/given_names.txt, 0.2 for [less common]."""
    return {name: weight for name, weight, _, _ in _name_entries()}


@lru_cache(maxsize=1)
def name_genders() -> dict[str, tuple[str, bool]]:
    """The names data/given_names.txt tags as usually a man's ("m") or a woman's ("f"), with
    whether the name is a gender marker (a middle name like "Văn", "Thị")."""
    return {name: (gender, marker) for name, _, gender, marker in _name_entries() if gender}


@lru_cache(maxsize=1)
def notice_phrase_lines() -> list[str]:
    """The notice genre's own phrases (data/notice_phrases.txt: "đảm bảo tiến độ", "báo cáo định
    kỳ hằng tháng"), which the statutes use in another sense or not at all; NFC, one a line."""
    from ..data import read_text

    out = []
    for n, line in enumerate(read_text("notice_phrases.txt").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if unicodedata.normalize("NFC", line) != line or not re.search(r"[^\W\d_]{2}", line):
            raise ValueError(f"notice_phrases.txt:{n}: not an NFC phrase: {line!r}")
        out.append(line)
    return out


def domain_lines() -> list[str]:
    """Phrases from the project's own gazetteers (agencies, positions, provinces, surnames):
    how notices name departments ("các Sở Tài chính"), titles ("Phó Chủ tịch UBND tỉnh") and
    people ("đồng chí Nguyễn"), which statutes and encyclopaedia text rarely write."""
    from ..data import load_json, load_lines

    out: list[str] = []
    data = load_json("agencies.json")
    for kind, prefix in (("departments", "Sở"), ("ministries", "Bộ")):
        for entry in data.get(kind, []):
            short = entry.get("short", "")
            out += [f"{prefix} {short}", f"các {prefix} {short}", f"giao {prefix} {short} chủ trì"]
    out += data_strings({k: v for k, v in data.items() if k not in ("departments", "ministries")})
    data = load_json("positions.json")
    heads = [h for h in data.get("heads", []) if isinstance(h, str)]
    out += [f"{h} UBND tỉnh" for h in heads] + [f"đồng chí {h}" for h in heads]
    out += data_strings(data.get("party", []))
    for p in load_json("provinces.json").get("provinces", []):
        name = p.get("name", "")
        out += [f"UBND tỉnh {name}", f"tại tỉnh {name}"]
    out += [f"đồng chí {line}" for line in load_lines("surnames.txt")]
    # keep Vietnamese phrases only (the gazetteers also list acronyms and English names)
    return [s for s in out if re.search(r"[^\W\d_]{2}", s)]


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Province and city names as data/provinces.json writes them, aliases included ("Sơn La",
    "Điện Biên", "Hồ Chí Minh"): a name stands in notices without "tỉnh" before it ("Sơn La -
    Điện Biên", "cao tốc Hà Nội - Lào Cai"), where the model reads a lone "La" as "là"."""
    from ..data import load_json

    return tuple(unicodedata.normalize("NFC", name) for p in load_json("provinces.json").get("provinces", [])
                 for name in [p.get("name", ""), *p.get("aliases", [])] if name)


@lru_cache(maxsize=1)
def place_names() -> frozenset[tuple[str, ...]]:
    """Province and city names (data/provinces.json, aliases included) as word tuples, lowercase,
    marks stripped: the place a title names between the title and the person ("Chủ tịch UBND
    tỉnh Ninh Bình Trần Huy Tuấn"), whose words are not the person's names."""
    from ..data import load_json
    from ..vietnamese import strip_marks

    out: set[tuple[str, ...]] = set()
    for p in load_json("provinces.json").get("provinces", []):
        for name in [p.get("name", ""), *p.get("aliases", [])]:
            words = tuple(w for w in strip_marks(unicodedata.normalize("NFC", name).lower()).split() if w != "-")
            if words:
                out.add(words)
    return frozenset(out)
