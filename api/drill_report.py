"""The drill's report: a metrics table per strategy, and charts, in Chinese or English.

`metric_rows` is the table the command line prints; `report_html` is one self-contained
HTML page (no script, no network): the table, the coverage over time and the teams out
over time as inline SVG line charts (one line per strategy), and the needs left unmet.
Every word comes from WORDS in the reader's language (zh first, en complete). A replay's
report adds, per past incident, the teams sent by both, those EMKG would have added and
dropped with the catalog's reasons, and the mean time to first unit of each.

Example::

    rows = metric_rows(result.as_dict(), "zh")
    Path("drill.html").write_text(report_html(result.as_dict(), "zh"), encoding="utf-8")
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any, Literal

from api.messages import render
from queries.drills.replay import IncidentComparison, TeamVerdict

Lang = Literal["zh", "en"]
COLOURS = {"emkg": "#c0392b", "closest": "#2471a3", "random": "#7f8c8d", "actual": "#1e8449"}

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "推演报告",
        "strategy": "策略",
        "emkg": "EMKG 推荐",
        "closest": "最近可用队伍",
        "random": "随机可行",
        "actual": "实际调度",
        "within": "{m} 分钟内覆盖（加权）",
        "atEnd": "结束时覆盖（加权）",
        "meanFirst": "首支队伍平均到达（分钟）",
        "medianFirst": "首支队伍到达中位数（分钟）",
        "sorties": "出动队次",
        "teamsUsed": "动用队伍",
        "exhausted": "轮换休整队伍",
        "travelKm": "总行程（公里）",
        "travelMin": "总行驶时间（分钟）",
        "stepMean": "每次决策耗时（秒）",
        "needs": "需求数",
        "seed": "随机种子",
        "graph": "图谱版本",
        "coverageChart": "已到达需求占比（加权）随时间变化",
        "teamsChart": "在外队伍数随时间变化",
        "hour": "小时",
        "unmet": "未满足的需求（按能力）",
        "capability": "能力",
        "count": "次数",
        "weight": "权重",
        "none": "无",
        "duration": "推演时长（小时）",
        "replay": "复盘对比：实际调度与 EMKG 推荐",
        "replayStart": "复盘起点",
        "busyThen": "当时忙碌的队伍（据审计记录）",
        "incident": "事件",
        "kept": "双方都派出",
        "added": "EMKG 会增派",
        "dropped": "EMKG 不会派出",
        "firstActual": "实际调度：首支队伍平均到达（分钟）",
        "firstEmkg": "EMKG：首支队伍平均到达（分钟）",
    },
    "en": {
        "title": "Drill report",
        "strategy": "Strategy",
        "emkg": "EMKG recommendation",
        "closest": "Closest available unit",
        "random": "Random feasible",
        "actual": "Actual dispatch",
        "within": "Covered within {m} min (weighted)",
        "atEnd": "Covered by the end (weighted)",
        "meanFirst": "Mean time to first unit (min)",
        "medianFirst": "Median time to first unit (min)",
        "sorties": "Sorties",
        "teamsUsed": "Teams used",
        "exhausted": "Teams rested after a full shift",
        "travelKm": "Total travel (km)",
        "travelMin": "Total travel time (min)",
        "stepMean": "Time per decision (s)",
        "needs": "Needs",
        "seed": "Seed",
        "graph": "Graph version",
        "coverageChart": "Share of needs with a unit on scene (weighted) over time",
        "teamsChart": "Teams out over time",
        "hour": "hour",
        "unmet": "Needs left unmet (by capability)",
        "capability": "Capability",
        "count": "Count",
        "weight": "Weight",
        "none": "none",
        "duration": "Drill length (h)",
        "replay": "Replay: the actual dispatch against EMKG's recommendation",
        "replayStart": "Replay starts at",
        "busyThen": "Teams busy at the time (audit trail)",
        "incident": "Incident",
        "kept": "Sent by both",
        "added": "EMKG would add",
        "dropped": "EMKG would not send",
        "firstActual": "Actual dispatch: mean time to first unit (min)",
        "firstEmkg": "EMKG: mean time to first unit (min)",
    },
}


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1 else f"{v:,.1f}"
    return str(v)


def metric_rows(d: dict[str, Any], lang: Lang) -> list[list[str]]:
    """Header row, then one row per metric with one column per strategy."""
    w = WORDS[lang]
    runs = d["runs"]
    rows = [[w["strategy"], *(w[r["strategy"]] for r in runs)]]

    def add(label: str, get: Any) -> None:
        rows.append([label, *(_fmt(get(r)) for r in runs)])

    add(w["needs"], lambda r: r["metrics"]["needs"])
    for m in ("30", "60", "120"):
        add(w["within"].format(m=m), lambda r, m=m: r["metrics"]["coveredWithin"][m])
    add(w["atEnd"], lambda r: r["metrics"]["coveredAtEnd"])
    add(w["meanFirst"], lambda r: r["metrics"]["meanMinutesToFirstUnit"])
    add(w["medianFirst"], lambda r: r["metrics"]["medianMinutesToFirstUnit"])
    add(w["sorties"], lambda r: r["metrics"]["sorties"])
    add(w["teamsUsed"], lambda r: r["metrics"]["teamsUsed"])
    add(w["exhausted"], lambda r: r["metrics"]["teamsExhausted"])
    add(w["travelKm"], lambda r: r["metrics"]["totalTravelKm"])
    add(w["travelMin"], lambda r: r["metrics"]["totalTravelMinutes"])
    add(w["stepMean"], lambda r: r["stepMeanSeconds"])
    return rows


def text_table(rows: list[list[str]]) -> str:
    """The table as aligned text for a terminal (CJK characters count double)."""

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cols = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        cells = [c + " " * (cols[i] - width(c)) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * c for c in cols))
    return "\n".join(lines)


def _chart(runs: list[dict[str, Any]], key: str, title: str, w: dict[str, str]) -> str:
    width, height, pad = 640, 240, 40
    series = [[(p["minute"], float(p[key])) for p in r["metrics"]["series"]] for r in runs]
    xmax = max((x for s in series for x, _ in s), default=1.0) or 1.0
    ymax = 1.0 if key == "covered" else max((y for s in series for _, y in s), default=1.0) or 1.0

    def px(x: float, y: float) -> str:
        sx = pad + x / xmax * (width - 2 * pad)
        sy = height - pad - y / ymax * (height - 2 * pad)
        return f"{sx:.1f},{sy:.1f}"

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#999"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#999"/>',
    ]
    for h in range(0, int(xmax // 60) + 1, max(1, int(xmax // 60) // 8 or 1)):
        x = pad + h * 60 / xmax * (width - 2 * pad)
        parts.append(f'<text x="{x:.1f}" y="{height - pad + 16}" font-size="11">{h}</text>')
    parts.append(
        f'<text x="{width - pad}" y="{height - 6}" font-size="11" text-anchor="end">'
        f"{w['hour']}</text>"
    )
    label = "100%" if key == "covered" else str(int(ymax))
    parts.append(f'<text x="4" y="{pad + 4}" font-size="11">{label}</text>')
    for r, s in zip(runs, series, strict=True):
        colour = COLOURS.get(r["strategy"], "#333")
        points = " ".join(px(x, y) for x, y in s)
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
    parts.append("</svg>")
    legend = " ".join(
        f'<span style="color:{COLOURS.get(r["strategy"], "#333")}">'
        f"■ {escape(w[r['strategy']])}</span>"
        for r in runs
    )
    caption = f"<figcaption>{escape(title)}</figcaption>"
    return f"<figure>{caption}{''.join(parts)}<div>{legend}</div></figure>"


def _who(verdicts: Sequence[TeamVerdict], lang: Lang) -> str:
    return "; ".join(
        f"{v.name_zh if lang == 'zh' else v.name_en} ({v.team}): "
        + "; ".join(render(r, lang) for r in v.reasons)
        for v in verdicts
    )


def comparison_lines(
    d: dict[str, Any], comparisons: Sequence[IncidentComparison], lang: Lang
) -> list[str]:
    """The replay's comparison for a terminal: per incident, kept, added, dropped, why."""
    w, replay = WORDS[lang], d.get("replay")
    if not comparisons or not replay:
        return []
    names = {i["id"]: i["nameZh" if lang == "zh" else "nameEn"] for i in d["runs"][0]["incidents"]}
    out = ["", w["replay"]]
    for c in comparisons:
        out += [
            f"{w['incident']} {names.get(c.incident, c.incident)} ({c.incident})",
            f"  {w['firstActual']}: {_fmt(c.first_unit_actual)}; "
            f"{w['firstEmkg']}: {_fmt(c.first_unit_emkg)}",
            f"  {w['kept']}: {', '.join(c.kept) or w['none']}",
            f"  {w['added']}: {_who(c.added, lang) or w['none']}",
            f"  {w['dropped']}: {_who(c.dropped, lang) or w['none']}",
        ]
    return out


def _teams(verdicts: Sequence[TeamVerdict], lang: Lang, w: dict[str, str]) -> str:
    items = []
    for v in verdicts:
        name = v.name_zh if lang == "zh" else v.name_en
        why = "; ".join(render(r, lang) for r in v.reasons)
        items.append(f"<li><b>{escape(name)}</b> ({escape(v.team)}): {escape(why)}</li>")
    return "".join(items) or f"<li>{w['none']}</li>"


def comparison_html(
    d: dict[str, Any], comparisons: Sequence[IncidentComparison], lang: Lang
) -> str:
    """The replay's section: per incident, what EMKG keeps, adds and drops, and why."""
    w, replay = WORDS[lang], d.get("replay")
    if not comparisons or not replay:
        return ""
    names = {i["id"]: i["nameZh" if lang == "zh" else "nameEn"] for i in d["runs"][0]["incidents"]}
    parts = [
        f'<section class="replay"><h2>{escape(w["replay"])}</h2>',
        f"<p>{escape(w['replayStart'])}: {escape(replay['start'])} · {escape(w['busyThen'])}: "
        f"{escape(', '.join(replay['busyThen']) or w['none'])}</p>",
    ]
    for c in comparisons:
        parts.append(
            f"<h3>{escape(w['incident'])} {escape(names.get(c.incident, c.incident))}"
            f" ({escape(c.incident)})</h3>"
            f"<p>{escape(w['firstActual'])}: {_fmt(c.first_unit_actual)} · "
            f"{escape(w['firstEmkg'])}: {_fmt(c.first_unit_emkg)}</p>"
            f"<p>{escape(w['kept'])}: {escape(', '.join(c.kept) or w['none'])}</p>"
            f"<h4>{escape(w['added'])}</h4><ul>{_teams(c.added, lang, w)}</ul>"
            f"<h4>{escape(w['dropped'])}</h4><ul>{_teams(c.dropped, lang, w)}</ul>"
        )
    parts.append("</section>")
    return "".join(parts)


def report_html(
    d: dict[str, Any], lang: Lang, comparisons: Sequence[IncidentComparison] = ()
) -> str:
    """The whole page; `comparisons` (a replay's, DrillResult.comparisons()) add its section."""
    w = WORDS[lang]
    s = d["script"]
    name = s["nameZh"] if lang == "zh" else s["nameEn"]
    rows = metric_rows(d, lang)
    head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    unmet = []
    for r in d["runs"]:
        items = r["metrics"]["unmetByKind"]
        lis = (
            "".join(
                f"<li>{escape(u['nameZh'] if lang == 'zh' else u['nameEn'])}"
                f" ({escape(u['capability'])})"
                f": {u['count']} / {w['weight']} {u['weight']}</li>"
                for u in items
            )
            or f"<li>{w['none']}</li>"
        )
        unmet.append(f"<h3>{escape(w[r['strategy']])}</h3><ul>{lis}</ul>")
    runs = d["runs"]
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{escape(w["title"])}: {escape(name)}</title>
<style>body{{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;max-width:60em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25em .6em;text-align:right}}
td:first-child,th:first-child{{text-align:left}}svg{{width:100%;max-width:640px;height:auto}}</style>
</head><body>
<h1>{escape(w["title"])}: {escape(name)}</h1>
<p>{escape(w["seed"])}: {d["seed"]} · {escape(w["duration"])}: {s["durationMinutes"] / 60:g} ·
{escape(w["graph"])}: <code>{escape(d["graphVersion"])}</code></p>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
{_chart(runs, "covered", w["coverageChart"], w)}
{_chart(runs, "teamsOut", w["teamsChart"], w)}
<h2>{escape(w["unmet"])}</h2>
{"".join(unmet)}
{comparison_html(d, comparisons, lang)}
</body></html>
"""
