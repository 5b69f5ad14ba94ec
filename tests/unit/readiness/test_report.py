"""The readiness report page (api/readiness_report.py) from a hand-made matrix (pure)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from api.readiness_report import ChromiumMissingError, Report, band, render_html, write_pdf
from queries.models import ConceptRef, ResponseLevel
from queries.readiness.assess import Supply
from queries.readiness.matrix import check_regions
from queries.readiness.model import Prescribed, ReadinessMatrix
from tests.unit.readiness.samples import REGION, UNITS, X, plan

SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [[[[103.5, 29.5], [104.5, 29.5], [104.5, 30.5], [103.5, 30.5]]]],
}


def report() -> Report:
    region = replace(REGION, boundary=json.dumps(SQUARE))
    p = plan(Prescribed("capability", X, 3), Prescribed("capability", X, 1))
    checked, _ = check_regions([region], [p], ResponseLevel.I, Supply.of(UNITS), 500.0)
    quake = ConceptRef("11C02", "地震", "Earthquake")
    m = ReadinessMatrix(
        ResponseLevel.I, ConceptRef("510000", "四川省", "Sichuan"), quake, None, tuple(checked)
    )
    return Report(m.province, ResponseLevel.I, (region,), (m,), datetime(2026, 12, 1, tzinfo=UTC))


def test_the_page_has_the_map_the_shortfall_and_the_matrix_in_both_languages() -> None:
    zh, en = render_html(report(), "zh"), render_html(report(), "en")
    assert "预案可达性报告" in zh and "<svg" in zh and f'fill="{band(0.5)}"' in zh
    assert "X能力：120 分钟内仅 2/3 个单元可到达" in zh  # the one shortfall, its reason
    assert "<td>1</td>" in zh  # in one county
    assert ">50%<" in zh  # the matrix cell: 1 of 2 prescriptions met
    assert "Plan readiness report" in en and "only 2 of 3 units within 120 min" in en


def test_pdf_without_chromium_names_the_html_alternative(tmp_path: Path) -> None:
    with pytest.raises(ChromiumMissingError, match="--format html"):
        write_pdf("<p>x</p>", tmp_path / "r.pdf", chromium=tmp_path / "no-chromium")
