"""Offline lexical resources bundled with underthesea: the Viet74K word list and the
administrative-unit gazetteer. Used at training time to extend the syllable inventory and to
teach the model place names that statutes never mention."""

from __future__ import annotations

import json
import re
from pathlib import Path


def _underthesea_dir() -> Path | None:
    try:
        import underthesea
    except ImportError:  # training only: the shipped model does not need it
        return None
    return Path(underthesea.__file__).resolve().parent


def dictionary_lines() -> list[str]:
    """Viet74K entries with a space between syllables (hyphenated loanwords are left out)."""
    root = _underthesea_dir()
    path = root / "corpus" / "data" / "Viet74K.txt" if root else None
    if not path or not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and "-" not in line:
            out.append(line)
    return out


_UNIT = re.compile(r"^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn|Đặc khu)\s+", re.IGNORECASE)


def gazetteer_lines() -> list[str]:
    """Province, district and ward names, with and without their unit word ("tỉnh Đắk Lắk")."""
    root = _underthesea_dir()
    path = root / "address" / "data" / "mapping.json" if root else None
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
