"""The readiness report for a planning meeting: the matrix (counties x hazards), a map image
and the top shortfalls, as one self-contained HTML page (PDF through headless Chromium).

The map is an SVG drawn here from the region boundaries in the graph (no tiles, no
browser needed for HTML); each county is coloured by the share of prescriptions met over
every hazard in the report, with the bands of the readiness view (readiness-map.js).

Example::

    report = await build_report(runner, province="510000", level=ResponseLevel.I)
    html = render_html(report, "zh")
    write_pdf(html, Path("readiness.pdf"))     # needs /usr/bin/chromium
"""

from __future__ import annotations

import json
import math
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from api.messages import Lang, concept_name, render
from kg.cypher import CypherRunner
from kg.errors import EmkgError, UserInputError
from queries.models import ConceptRef, ResponseLevel
from queries.readiness.graph import plans_at, regions_of
from queries.readiness.matrix import readiness_matrices
from queries.readiness.model import PrescriptionReadiness, ReadinessMatrix, RegionPoint

CHROMIUM = Path("/usr/bin/chromium")
TOP_SHORTFALLS = 15
MAP_WIDTH = 760
# share met -> colour (the view's legend, api/static/js/readiness-map.js)
BANDS = ((1.0, "#1a9850"), (0.8, "#a6d96a"), (0.5, "#fdae61"), (0.0, "#d73027"))
NO_PLAN = "#bdbdbd"

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "预案可达性报告",
        "subtitle": "{province} · {level} 级响应 · 生成于 {at}",
        "intro": "各县能否在预案时限内（未规定时 I 级 120 分钟）从县中心点调集预案要求的力量，"
        "按今日队伍状态计算。单元格为满足的预案要求项比例。",
        "map": "各县满足比例（全部灾种）",
        "matrix": "可达性矩阵",
        "county": "县（区）",
        "all": "合计",
        "top": "主要缺口",
        "plan": "预案",
        "item": "要求",
        "counties": "缺口县数",
        "example": "示例",
        "none": "无适用预案",
        "band.all": "全部满足",
        "band.most": "80% 以上",
        "band.half": "50%–80%",
        "band.less": "不足 50%",
    },
    "en": {
        "title": "Plan readiness report",
        "subtitle": "{province} · response level {level} · made {at}",
        "intro": "Whether each county can gather what the plans prescribe within their time "
        "standard (120 min at level I unless a plan says otherwise) from its central point, "
        "with today's team statuses. Cells: the share of prescriptions met.",
        "map": "Share met per county (all hazards)",
        "matrix": "Readiness matrix",
        "county": "County",
        "all": "All",
        "top": "Top shortfalls",
        "plan": "Plan",
        "item": "Prescription",
        "counties": "Counties short",
        "example": "Example",
        "none": "no plan applies",
        "band.all": "all met",
        "band.most": "80% or more",
        "band.half": "50-80%",
        "band.less": "under 50%",
    },
}


class ChromiumMissingError(EmkgError):
    code = "UNAVAILABLE"


@dataclass(frozen=True)
class Shortfall:
    plan: ConceptRef
    item: PrescriptionReadiness  # the worst example (fewest units in time)
    region: ConceptRef  # where that example is
    counties: int


@dataclass(frozen=True)
class Report:
    province: ConceptRef
    level: ResponseLevel
    regions: tuple[RegionPoint, ...]  # with boundaries
    matrices: tuple[ReadinessMatrix, ...]  # one per hazard
    made_at: datetime

    def share(self, region: str, m: ReadinessMatrix | None = None) -> float | None:
        met = total = 0
        for mx in [m] if m else self.matrices:
            for r in mx.regions:
                if r.region.region.id == region:
                    met, total = met + r.met, total + r.total
        return met / total if total else None

    def shortfalls(self) -> list[Shortfall]:
        where: dict[tuple[str, str], set[str]] = {}  # counties short (a plan may be in two columns)
        worst: dict[
            tuple[str, str], tuple[float, ConceptRef, PrescriptionReadiness, ConceptRef]
        ] = {}
        for mx in self.matrices:
            for r in mx.regions:
                for p in r.plans:
                    for x in p.prescriptions:
                        if x.status == "MET":
                            continue
                        key = (p.plan.plan.id, x.prescribed.key)
                        where.setdefault(key, set()).add(r.region.region.id)
                        score = x.have / x.need
                        if key not in worst or score < worst[key][0]:
                            worst[key] = (score, p.plan.plan, x, r.region.region)
        ranked = sorted(where.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_SHORTFALLS]
        return [Shortfall(worst[k][1], worst[k][2], worst[k][3], len(n)) for k, n in ranked]


async def build_report(
    runner: CypherRunner, *, province: str, level: ResponseLevel, hazards: list[str] | None = None
) -> Report:
    """Every hazard covered by a plan that applies in `province` (or `hazards`)."""
    regions, top = await regions_of(runner, province, boundaries=True)
    plans = await plans_at(runner, level)
    here = [p for p in plans if p.items and any(p.applies_in(r.chain) for r in regions)]
    if hazards is None:
        # one column per group of hazards the same plans cover (their results are the same)
        groups: dict[tuple[str, ...], list[str]] = {}
        for h in sorted({h.id for p in here for h in p.covers}):
            key = tuple(sorted(p.plan.id for p in here if any(c.id == h for c in p.covers)))
            groups.setdefault(key, []).append(h)
        hazards = [ids[0] for ids in groups.values()]
    if not hazards:
        raise UserInputError(
            f"no plan prescribes anything at level {level.value} in {top.name_zh} ({top.id}); "
            "choose another level or province"
        )
    matrices = await readiness_matrices(runner, level, province, sorted(hazards))
    return Report(top, level, tuple(regions), tuple(matrices), datetime.now(UTC))


def band(share: float | None) -> str:
    if share is None:
        return NO_PLAN
    return next(c for floor, c in BANDS if share >= floor - 1e-9)


def svg_map(report: Report) -> str:
    """The counties as an SVG choropleth (equirectangular, scaled by the mean latitude)."""
    shapes = [(r, json.loads(r.boundary)) for r in report.regions if r.boundary]
    if not shapes:
        return ""
    xs = [c[0] for _, g in shapes for poly in _polys(g) for ring in poly for c in ring]
    ys = [c[1] for _, g in shapes for poly in _polys(g) for ring in poly for c in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    kx = math.cos(math.radians((south + north) / 2))
    scale = MAP_WIDTH / ((east - west) * kx)
    height = (north - south) * scale

    def pt(c: list[float]) -> str:
        return f"{(c[0] - west) * kx * scale:.1f},{(north - c[1]) * scale:.1f}"

    paths = []
    for r, g in shapes:
        d = " ".join(
            "M" + " L".join(pt(c) for c in ring) + " Z" for poly in _polys(g) for ring in poly
        )
        share = report.share(r.region.id)
        title = f"{r.region.name_zh} {r.region.name_en}: " + (
            f"{round(100 * share)}%" if share is not None else "-"
        )
        paths.append(
            f'<path d="{d}" fill="{band(share)}" stroke="#444" stroke-width="0.4">'
            f"<title>{escape(title)}</title></path>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {height:.0f}" '
        f'width="{MAP_WIDTH}" height="{height:.0f}" role="img">' + "".join(paths) + "</svg>"
    )


def _polys(geo: dict[str, object]) -> list[list[list[list[float]]]]:
    coords = geo["coordinates"]
    return coords if geo["type"] == "MultiPolygon" else [coords]  # type: ignore[list-item,return-value]


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def render_html(report: Report, lang: Lang) -> str:
    """The report as one HTML page in `lang` (A4 landscape when printed)."""
    w = WORDS[lang]

    def name(c: ConceptRef) -> str:
        return escape(concept_name(c, lang))

    hazards = [m.hazard for m in report.matrices if m.hazard]
    head = "".join(f"<th>{name(h)}</th>" for h in hazards)
    rows = []
    for r in report.regions:
        cells = "".join(
            f'<td style="background:{band(s)}">{_pct(s)}</td>'
            for m in report.matrices
            for s in [report.share(r.region.id, m)]
        )
        total = report.share(r.region.id)
        rows.append(
            f"<tr><th scope=row>{name(r.region)}</th>{cells}"
            f'<td style="background:{band(total)}"><b>{_pct(total)}</b></td></tr>'
        )
    short = "".join(
        f"<tr><td>{name(s.plan)}</td><td>{name(s.item.prescribed.target)}</td>"
        f"<td>{s.counties}</td><td>{name(s.region)}: "
        + escape("; ".join(render(x, lang) for x in s.item.reasons))
        + "</td></tr>"
        for s in report.shortfalls()
    )
    legend = "".join(
        f'<span><i style="background:{c}"></i>{escape(w[k])}</span>'
        for k, c in (
            ("band.all", BANDS[0][1]),
            ("band.most", BANDS[1][1]),
            ("band.half", BANDS[2][1]),
            ("band.less", BANDS[3][1]),
            ("none", NO_PLAN),
        )
    )
    subtitle = w["subtitle"].format(
        province=name(report.province),
        level=report.level.value,
        at=report.made_at.strftime("%Y-%m-%d %H:%M UTC"),
    )
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{escape(w["title"])} · {name(report.province)}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: "Noto Sans CJK SC", sans-serif; color: #1c2630; font-size: 10pt; }}
h1 {{ font-size: 16pt; margin: 0; }} h2 {{ font-size: 12pt; margin: 14pt 0 4pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #ccc; padding: 2pt 4pt; text-align: left; font-size: 8.5pt; }}
.matrix td {{ text-align: center; }} .legend span {{ margin-right: 10pt; }}
.legend i {{ display: inline-block; width: 10pt; height: 10pt; margin-right: 3pt; }}
tr {{ break-inside: avoid; }}
</style></head><body>
<h1>{escape(w["title"])}</h1><p>{subtitle}</p><p>{escape(w["intro"])}</p>
<h2>{escape(w["map"])}</h2>{svg_map(report)}<p class="legend">{legend}</p>
<h2>{escape(w["top"])}</h2>
<table><tr><th>{escape(w["plan"])}</th><th>{escape(w["item"])}</th><th>{escape(w["counties"])}</th>
<th>{escape(w["example"])}</th></tr>{short}</table>
<h2>{escape(w["matrix"])}</h2>
<table class="matrix"><tr><th>{escape(w["county"])}</th>{head}<th>{escape(w["all"])}</th></tr>
{"".join(rows)}</table>
</body></html>
"""


def write_pdf(html: str, out: Path, *, chromium: Path = CHROMIUM, timeout_s: float = 120) -> None:
    """Print `html` to `out` with headless Chromium; a clear error when it is not installed."""
    if not chromium.exists():
        raise ChromiumMissingError(
            f"PDF needs Chromium at {chromium} (run `make chromium`, i.e. apt-get install "
            "chromium); or write the HTML report with --format html and print it from a browser"
        )
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        args = [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out.resolve()}",
            page.as_uri(),
        ]
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout_s)
        if done.returncode != 0 or not out.exists():
            raise EmkgError(f"Chromium could not print the report: {done.stderr.strip()[-300:]}")
