"""Build the demo's regions file from the boundary data: `python -m loaders.demo.build_regions`.

Every province, prefecture and county of China (``loaders.geography.cnmaps``,
boundaries simplified to ``TOLERANCE_M``) with the demo's own facts on top: the
English names and seat coordinates of the Sichuan regions in ``sichuan.py`` and
the provinces' English names. Other prefectures and counties get an English name
from GeoNames' spelling or pinyin (``loaders.geography.names_en``; the data has
none). The output, ``regions.jsonl``, is
committed so that loading the demo needs neither the data package nor the
minute of geometry work; this script is how it was made.

Example::

    build_regions()   # {'province': 34, 'city': 333, 'county': 2848, 'bytes': ...}
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from kg.cities import china_cities
from loaders.demo import sichuan as sc
from loaders.geography.cnmaps import region_records, write_jsonl
from loaders.geography.names_en import add_english_names
from loaders.geography.provinces import PROVINCE_NAMES_EN

OUT = Path(__file__).resolve().parent / "regions.jsonl"
TOLERANCE_M = 200.0


def demo_names_en() -> dict[str, str]:
    names = dict(PROVINCE_NAMES_EN)
    names[sc.PROVINCE[0]] = sc.PROVINCE[2]
    names.update({c: en for c, _, en, _, _ in (*sc.CITIES, *sc.COUNTIES)})
    return names


def demo_seats() -> dict[str, tuple[float, float]]:
    code, _, _, lat, lon = sc.PROVINCE
    seats = {code: (lat, lon)}
    seats.update({c: (la, lo) for c, _, _, la, lo in (*sc.CITIES, *sc.COUNTIES)})
    return seats


def build_regions(out: Path = OUT) -> dict[str, int]:
    records = region_records(tolerance_m=TOLERANCE_M, names_en=demo_names_en(), seats=demo_seats())
    add_english_names(records, china_cities())
    write_jsonl(records, out)
    counts = Counter(r["rank"] for r in records)
    return {**counts, "bytes": out.stat().st_size}


if __name__ == "__main__":  # pragma: no cover
    print(build_regions(), file=sys.stderr)
