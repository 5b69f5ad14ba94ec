"""`emkg ontology validate | diff | export | align` as a planner runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from api.cli import main

WEIGHT = "id:12A00 emkg:requirement\n    [ emkg:capability id:cap.mine-rescue ; emkg:weight 1.0 ;"


def run(*argv: str) -> int:
    return main(["ontology", *argv])


def test_validate_shipped(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("validate") == 0
    assert capsys.readouterr().out.strip() == "ok: no problems found"


def test_validate_broken_copy_exits_1_and_names_file_and_line(
    copy_ontology: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_ontology("requirements.ttl", WEIGHT, WEIGHT.replace("1.0", "-1"))
    assert run("validate", str(folder)) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'requirements.ttl'}:" in out
    assert "12A00: requirement 12A00 -> cap.mine-rescue: emkg:weight -1 is outside (0, 1]" in out
    assert out.strip().endswith("1 error, 0 warnings")


def test_diff_text_and_json(
    copy_ontology: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old = copy_ontology()
    new = copy_ontology("requirements.ttl", WEIGHT, WEIGHT.replace("1.0", "0.9"))
    assert run("diff", str(old), str(new)) == 0
    assert "~ 12A00 -> cap.mine-rescue {weight: 1.0, minLevel: IV} -> {weight: 0.9" in (
        capsys.readouterr().out
    )
    assert run("diff", str(old), str(new), "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["requirements"]["changed"][0]["new"] == {"weight": 0.9, "minLevel": "IV"}


@pytest.mark.parametrize(("fmt", "rdf_format"), [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_export(tmp_path: Path, fmt: str, rdf_format: str) -> None:
    out = tmp_path / f"emkg.{fmt}"
    assert run("export", "--format", fmt, "--out", str(out)) == 0
    assert len(Graph().parse(out, format=rdf_format)) > 5000


def test_align_ifrc(
    shared_file: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = shared_file("sahana/ifrc_hazard_synonyms.csv").parents[1]
    out = tmp_path / "ifrc.ttl"
    assert run("align", "--source", "ifrc", "--data-dir", str(data), "--out", str(out)) == 0
    text = capsys.readouterr().out
    assert "11C02" in text and "exactMatch" in text
    assert len(Graph().parse(out)) > 10


def test_errors_are_reported_not_raised(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run("diff", str(tmp_path / "missing"), str(tmp_path)) == 1
    assert "no such file or folder" in capsys.readouterr().err
    assert run("align", "--source", "ifrx", "--data-dir", str(tmp_path)) == 1
    assert "did you mean 'ifrc'" in capsys.readouterr().err


def test_align_takes_several_kinds_after_one_flag(
    shared_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = shared_file("sahana/ifrc_hazard_synonyms.csv").parents[1]
    args = ("align", "--source", "ifrc", "--data-dir", str(data))
    assert run(*args, "--kinds", "HazardType", "Capability") == 0
    assert run(*args, "--kinds", "Hazard") == 1
    assert "Hazard" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("frobnicate") == 2
    assert "No such command 'frobnicate'" in capsys.readouterr().err
    assert main(["load", "x.csv", "--kind", "pets"]) == 2
    assert "'pets' is not one of" in capsys.readouterr().err
