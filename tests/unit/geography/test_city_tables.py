"""kg.cities' kept tables: China's places as `make install` keeps them give exactly what
GeoNames' world file gives; a missing, damaged or stale table (other code or data) is not
used, and the world file is read instead."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

import kg.cities as cities


@pytest.fixture
def tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(cities, "tables_dir", lambda: tmp_path)
    cities.china_cities.cache_clear()
    yield tmp_path
    cities.china_cities.cache_clear()


def test_a_kept_table_gives_what_the_world_file_gives(tables: Path) -> None:
    written = cities.build_tables((15000,))
    assert written == [tables / "cn-15000.json"]
    kept = cities._read_table(15000)
    assert kept is not None and kept == cities._from_geonames(15000)
    assert cities.china_cities(15000) == kept


def test_a_table_made_by_other_code_is_not_used(tables: Path) -> None:
    cities.build_tables((15000,))
    path = tables / "cn-15000.json"
    doc = orjson.loads(path.read_bytes())
    doc["cities"] = doc["cities"][:3]  # what another version of the module might have kept
    doc["madeBy"] = "0" * 64
    path.write_bytes(orjson.dumps(doc))
    assert cities._read_table(15000) is None
    assert len(cities.china_cities(15000)) > 2000  # the world file, read instead


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]"])
def test_a_missing_or_damaged_table_is_not_used(tables: Path, content: bytes) -> None:
    assert cities._read_table(1000) is None  # missing
    (tables / "cn-1000.json").write_bytes(content)
    assert cities._read_table(1000) is None
    assert len(cities.china_cities(1000)) > 4000
