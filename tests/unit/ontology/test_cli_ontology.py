"""`emkg ontology validate | diff | export | align` as a planner runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import SKOS, Graph, URIRef

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
    assert "ifrc：共 16 行，已映射 16" in text  # Chinese first
    assert "earthquake" in text and "11C02" in text
    g = Graph().parse(out)
    quake = URIRef("https://w3id.org/emkg/ext/ifrc-hazard/earthquake")
    assert (URIRef("https://w3id.org/emkg/id/11C02"), SKOS.exactMatch, quake) in g


def test_align_sahana_reports_coverage_and_reasons_in_english(
    shared_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = shared_file("sahana/incident_type.csv").parents[1]
    assert run("align", "--source", "sahana", "--data-dir", str(data), "--locale", "en") == 0
    text = capsys.readouterr().out
    assert "0 neither (100% covered)" in text
    assert "missingPerson" in text and "people missing is a situation fact" in text


def test_align_exits_1_and_lists_a_row_neither_mapped_nor_out_of_scope(
    shared_file: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ontology.alignment_scope import SCOPE_FILE

    data = shared_file("sahana/incident_type.csv").parents[1]
    scope = tmp_path / "scope.yaml"
    text = SCOPE_FILE.read_text(encoding="utf-8")
    entry = "    geophysical.earthquake: {hazard: 11C02}\n"
    assert text.count(entry) == 1
    scope.write_text(text.replace(entry, ""), encoding="utf-8")
    args = ("align", "--source", "sahana", "--data-dir", str(data), "--scope", str(scope))
    assert run(*args, "--locale", "en") == 1
    out = capsys.readouterr().out
    assert "1 neither" in out
    unmapped = out[out.index("neither mapped nor out of scope") :]
    # the row, and what the label matcher would map it to
    assert "geophysical.earthquake" in unmapped and "11C02" in unmapped


def test_align_without_a_scope_lists_proposals(
    shared_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = shared_file("fema-rtlt/FEMA_RTLT_NQS_Database.json").parents[1]
    assert run("align", "--source", "fema-rtlt", "--data-dir", str(data)) == 0
    assert "review them before adding them to the ontology" in capsys.readouterr().out


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
