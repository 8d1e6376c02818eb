#!/usr/bin/env python3
"""Generate src/notice_parser/data/provinces.json from underthesea's bundled address mapping.

The 63 provinces before the 2025 merger and the 34 after it (documents name whatever existed
when they were written), with their level (tỉnh / thành phố) and a few historical aliases.
tests/test_data.py checks that the committed file equals what this script makes.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/notice_parser/data/provinces.json"
# Names still written in older documents for a province that is listed under another name.
ALIASES = {"Huế": ["Thừa Thiên Huế", "Thừa Thiên - Huế"], "Hồ Chí Minh": ["TP. Hồ Chí Minh", "TP.HCM", "TPHCM"]}


def build() -> dict:
    mapping = json.loads(resources.files("underthesea").joinpath("address/data/mapping.json").read_text("utf-8"))
    provinces: dict[str, dict] = {}
    for table, era in (("old_province_names", "before-2025"), ("province_names", "from-2025")):
        for entry in mapping[table].values():
            short = entry["short"]
            level = "thành phố" if entry["name"].lower().startswith("thành phố") else "tỉnh"
            item = provinces.setdefault(short, {"name": short, "level": level, "eras": [], "aliases": ALIASES.get(short, [])})
            item["eras"].append(era)
    return {"source": "underthesea address/data/mapping.json (vietnamadminunits)",
            "provinces": sorted(provinces.values(), key=lambda p: p["name"])}


def main() -> int:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
