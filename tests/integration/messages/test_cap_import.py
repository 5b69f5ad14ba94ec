"""CAP alerts -> incident drafts on the demo graph (real Neo4j, real report parser):
Chinese national-profile alerts give hazard, location, county < prefecture < province,
the identifier's region and a level with reasons; every valid shared sample drafts;
a feed's entries already imported are skipped; `emkg cap import` prints and exits.

The demo graph is shared and read-only for other tests: these tests write only
CapAlertImport nodes and delete them before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from api.cap_import import ALREADY_IMPORTED, DRAFTED, INVALID, CapImport, import_cap
from api.cli import main
from api.messages import render
from kg.settings import Settings
from loaders.messages.problems import MessageError
from tests.integration.runner import run_with_runner

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).resolve().parents[2] / "data" / "cap"

# Valid shared samples: the hazard the draft must name, and the suggested level.
SAMPLE_DRAFTS = {
    "amber.atom": ("14B00", "II"),  # child abduction: Severe, Likely, Immediate
    "australia.cap": ("12G03", None),
    "canada.cap": ("11B14", "IV"),  # thunderstorm, Minor
    "canada_signed.cap": ("11B04", "IV"),  # snowfall
    "earthquake.cap": ("11C02", None),
    "earthquake_signed.cap": ("11C02", None),  # severity Unknown: no CAP level
    "wcatwc-warning.cap": ("11E01", "I"),  # tsunami warning
    "weather.cap": ("11A51", "III"),  # flash flood watch: Severe but Possible
    "weather.atom": ("11A51", "III"),
}


def _forget_imports(driver: Driver, database: str) -> None:
    driver.execute_query("MATCH (a:CapAlertImport) DETACH DELETE a", database_=database)


@pytest.fixture
def cap_graph(demo_graph: Driver, neo4j_settings: Settings) -> Iterator[Settings]:
    _forget_imports(demo_graph, neo4j_settings.neo4j_database)
    yield neo4j_settings
    _forget_imports(demo_graph, neo4j_settings.neo4j_database)


def _import(settings: Settings, data: bytes) -> CapImport:
    return run_with_runner(settings, lambda r: import_cap(r, None, data))


def test_a_national_rainstorm_alert_drafts_hazard_place_regions_and_level(
    cap_graph: Settings,
) -> None:
    result = _import(cap_graph, (FIXTURES / "cn_rainstorm_chengdu.cap").read_bytes())
    [entry] = result.entries
    assert entry.status == DRAFTED and entry.draft is not None
    d = entry.draft
    assert d.hazards[0].hazard.id == "11B03" and d.hazards[0].via == "code"
    assert d.location is not None
    assert (round(d.location.latitude, 2), round(d.location.longitude, 2)) == (30.65, 104.06)
    ids = [r.id for r in d.regions]
    assert ids[1:3] == ["510100", "510000"] and ids[0].startswith("5101")  # county < 成都 < 四川
    assert "510104" in ids  # the GB/T 2260 geocode (锦江区)
    assert d.level == "II"
    assert next(r.code for r in d.level_reasons) == "CAP_LEVEL"
    assert d.name == "成都市气象台发布暴雨橙色预警信号"
    assert (d.identifier, d.sender) == ("51010041600000_20260512142800_1", "cdqxt@example.cn")
    notes = {r.code: r for r in d.notes}
    assert notes["CAP_INFO_CHOSEN"].param("language") == "zh-CN"  # the Chinese info is read
    assert notes["CAP_REGION_CODE"].param("regionCode") in ("510100", "510104")
    spans = [s.text for h in d.hazards for s in h.evidence]
    assert all(s in d.description for s in spans)
    assert "暴雨" in d.description and "积水" in d.description


def test_an_earthquake_circle_drafts_from_the_text_and_the_plans_grading(
    cap_graph: Settings,
) -> None:
    d = _import(cap_graph, (FIXTURES / "cn_earthquake_wenchuan.cap").read_bytes()).entries[0].draft
    assert d is not None
    assert d.hazards[0].hazard.id == "11C02" and d.hazards[0].via == "mention"
    assert next(s.text for s in d.hazards[0].evidence) in d.description
    assert d.location is not None and abs(d.location.latitude - 31.06) < 1e-6
    assert d.regions[0].id == "513221"  # 汶川县, from the circle's centre
    assert d.level == "I"  # Extreme, Observed, Immediate
    codes = [r.code for r in d.level_reasons]
    assert codes[0] == "CAP_LEVEL" and "CAP_LEVEL_PLAN" in codes  # 12 dead grade it too
    facts = {f.kind: f.value for f in d.scenario.facts}
    assert facts["dead"] == 12 and facts["magnitude"] == 6.8


def test_a_feed_drafts_each_alert_once_and_reports_the_rest(cap_graph: Settings) -> None:
    feed = (FIXTURES / "cn_feed.atom").read_bytes()
    first = _import(cap_graph, feed)
    assert [e.status for e in first.entries] == [DRAFTED, DRAFTED, INVALID]
    fire = first.entries[1].draft
    assert fire is not None and fire.hazards[0].hazard.id.startswith("11G")
    assert fire.regions[0].id == "513422" and fire.level == "III"  # 木里县; Moderate
    assert first.entries[2].problems[0].code == "FEED_ENTRY_LINKS_ALERT"
    again = _import(cap_graph, feed)
    assert [e.status for e in again.entries] == [ALREADY_IMPORTED, ALREADY_IMPORTED, INVALID]
    assert all(e.imported_at for e in again.entries[:2])
    # A single alert is always drafted, saying when it was first imported.
    single = _import(cap_graph, (FIXTURES / "cn_rainstorm_chengdu.cap").read_bytes())
    d = single.entries[0].draft
    assert single.entries[0].status == DRAFTED and d is not None and d.first_imported_at
    assert "CAP_IMPORTED_BEFORE" in [r.code for r in d.notes]


@pytest.mark.parametrize("name", sorted(SAMPLE_DRAFTS))
def test_every_valid_shared_sample_drafts_its_hazard_and_level(
    cap_graph: Settings, shared_data: Path, name: str
) -> None:
    hazard, level = SAMPLE_DRAFTS[name]
    result = _import(cap_graph, (shared_data / "cap" / "samples" / name).read_bytes())
    d = result.entries[0].draft
    assert d is not None, [render(p, "en") for e in result.entries for p in e.problems]
    assert hazard in [h.hazard.id for h in d.hazards]
    if level is not None:
        assert d.level_reasons[0].code == "CAP_LEVEL" and d.level_reasons[0].param("level") == level
    else:
        assert d.level_reasons[0].code in ("CAP_LEVEL", "CAP_LEVEL_NONE")
    for r in (*d.level_reasons, *d.notes):
        assert render(r, "zh") and render(r, "en")


def test_the_invalid_samples_and_the_attack_fail_with_clear_errors(
    cap_graph: Settings, shared_data: Path
) -> None:
    samples = shared_data / "cap" / "samples"
    bad = _import(cap_graph, (samples / "invalid.cap").read_bytes()).entries[0]
    assert bad.status == INVALID
    assert render(bad.problems[0], "en") == (
        "alert: <scope> is missing before <info>; add it (or check the order of the elements)"
    )
    assert render(bad.problems[0], "zh").startswith("alert：在 <info> 之前缺少 <scope>")
    with pytest.raises(MessageError) as e:
        _import(cap_graph, (samples / "xee.cap").read_bytes())
    assert e.value.problems[0].code == "XML_DTD_REFUSED"


def test_the_command_prints_the_draft_or_the_errors_and_exits_accordingly(
    cap_graph: Settings,
    shared_data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EMKG_NEO4J_PORT", str(cap_graph.neo4j_port))
    monkeypatch.setenv("EMKG_NEO4J_DATA_DIR", str(cap_graph.neo4j_data_dir))
    assert main(["cap", "import", str(FIXTURES / "cn_rainstorm_chengdu.cap")]) == 0
    out = capsys.readouterr().out
    assert "已生成事件草稿" in out and "11B03 暴雨事件" in out and "建议响应级别: II" in out
    assert (
        main(["cap", "import", "--lang", "en", str(shared_data / "cap/samples/invalid.cap")]) == 1
    )
    out = capsys.readouterr().out
    assert "invalid" in out and "<scope> is missing before <info>" in out
    assert main(["cap", "import", str(shared_data / "cap/samples/xee.cap")]) == 1
    err = capsys.readouterr().err
    assert "拒绝读取" in err and "passwd" not in err
