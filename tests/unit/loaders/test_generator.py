"""The synthetic generator: deterministic by seed, valid records, skewed distributions."""

from __future__ import annotations

import collections
import hashlib
import json
from pathlib import Path

from loaders.generator import generate
from loaders.pipeline import LoadOptions, load_file
from loaders.records import LOAD_ORDER


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for kind in LOAD_ORDER:
        h.update((folder / f"{kind}.jsonl").read_bytes())
    return h.hexdigest()


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    counts = generate("tiny", 7, a)
    generate("tiny", 7, b)
    generate("tiny", 8, c)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)
    assert counts["teams"] == 300 and counts["equipment"] == 3000


def test_generated_records_are_valid_and_referentially_sound(tmp_path: Path) -> None:
    generate("tiny", 3, tmp_path)
    for kind in LOAD_ORDER:
        s = load_file(
            None, "neo4j", tmp_path / f"{kind}.jsonl", LoadOptions(kind=kind, dry_run=True)
        )
        assert s.error_rows == 0, s.to_text()
    teams = [json.loads(x) for x in (tmp_path / "teams.jsonl").read_text("utf-8").splitlines()]
    regions = {
        json.loads(x)["id"] for x in (tmp_path / "regions.jsonl").read_text("utf-8").splitlines()
    }
    assert all(t["region"] in regions for t in teams)
    team_ids = {t["id"] for t in teams}
    holders = [
        json.loads(x)["holder"]
        for x in (tmp_path / "equipment.jsonl").read_text("utf-8").splitlines()
    ]
    assert sum(h in team_ids for h in holders) > 0.7 * len(holders)


def test_distributions_are_skewed(tmp_path: Path) -> None:
    generate("tiny", 5, tmp_path)
    teams = [json.loads(x) for x in (tmp_path / "teams.jsonl").read_text("utf-8").splitlines()]
    types = collections.Counter(t["teamType"] for t in teams)
    assert types.most_common(1)[0][0] == "tt.fire-rescue"
    by_region = collections.Counter(t["region"] for t in teams).most_common()
    assert by_region[0][1] > 3 * by_region[-1][1]  # teams cluster in the big cities
    water = [t for t in teams if t["teamType"] == "tt.water-rescue"]
    assert all(
        any(c["capability"] == "cap.water-rescue" for c in t["capabilities"])
        or len(t["capabilities"]) < 5
        for t in water
    )
