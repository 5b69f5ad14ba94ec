"""The dispatch order (调度令) as one printable A4 HTML page, in Chinese or English.

Every word comes from the UI's dictionaries (api/static/i18n/{zh,en}.json, keys
``order.*``); every value from the graph is escaped. Times are shown in China Standard
Time (UTC+8), where the command centre works. Contacts appear only for roles that may
dispatch; for others the cell says why it is empty. Candidates are never printed: the
order holds only the teams sent, their tasks and the gaps.

Example::

    html = render_order(doc, "zh", contacts=True)   # a whole <!doctype html> page
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from api.messages import Lang, concept_name, format_number
from queries.incidents.models import Assignment
from queries.incidents.orders import OrderDocument

I18N_DIR = Path(__file__).resolve().parent / "static" / "i18n"
ORDER_TIMEZONE = ZoneInfo("Asia/Shanghai")  # 北京时间, UTC+8
COMPACT_FROM_TEAMS = 14  # a smaller type from this many teams, so the order stays one page

STYLE = """
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0; font: 10.5pt/1.45 "Noto Sans CJK SC", "WenQuanYi Micro Hei",
       "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff; }
main { max-width: 182mm; margin: 0 auto; }
h1 { text-align: center; font-size: 22pt; margin: 0 0 2mm; }
html[lang=zh-CN] h1 { letter-spacing: .4em; }
.number { text-align: right; margin: 0 0 3mm; font-size: 9.5pt; }
h2 { font-size: 12pt; margin: 4mm 0 1.5mm; border-bottom: 1.5pt solid #000; }
table { width: 100%; border-collapse: collapse; }
th, td { border: .6pt solid #000; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: 600; }
.meta th { width: 22mm; }
.teams td.eta { white-space: nowrap; text-align: right; }
.teams tr { break-inside: avoid; }
.released td { color: #555; text-decoration: line-through; }
.gaps { margin: 0; padding-left: 5mm; }
.masked { color: #555; font-style: italic; }
footer { margin-top: 6mm; display: flex; justify-content: space-between; gap: 6mm; }
footer .sign { min-width: 60mm; border-top: .6pt solid #000; padding-top: 1mm; }
.compact body, .compact { font-size: 9pt; }
.compact th, .compact td { padding: .8mm 1.4mm; }
@media screen { body { background: #f3f3f3; } main { background: #fff; padding: 14mm;
  margin: 6mm auto; box-shadow: 0 0 4px #999; } }
"""


@cache
def words(lang: Lang) -> dict[str, str]:
    """The `order.*` words of the UI dictionary for `lang`."""
    data: dict[str, str] = json.loads((I18N_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k.startswith(("order.", "incident.status."))}


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def local_time(t: datetime | None) -> str:
    return t.astimezone(ORDER_TIMEZONE).strftime("%Y-%m-%d %H:%M") if t else "-"


def _contact(a: Assignment, w: dict[str, str], *, contacts: bool) -> str:
    if not contacts:
        return f'<span class="masked">{_e(w["order.contactMasked"])}</span>'
    c = a.contact
    if c.empty:
        return "-"
    parts = [
        f"{_e(w['order.leader'])}{_e(w['order.colon'])}{_e(c.leader)}" if c.leader else "",
        f"{_e(w['order.phone'])}{_e(w['order.colon'])}{_e(c.duty_phone)}" if c.duty_phone else "",
        f"{_e(w['order.radio'])}{_e(w['order.colon'])}{_e(c.radio_channel)}"
        if c.radio_channel
        else "",
    ]
    return "<br>".join(p for p in parts if p)


def _team_row(k: int, a: Assignment, lang: Lang, w: dict[str, str], *, contacts: bool) -> str:
    name = a.team_name_en if lang == "en" else a.team_name_zh
    eta = f"{format_number(round(a.eta_minutes))} {w['order.minutes']}" if a.eta_minutes else "-"
    released = f"（{w['order.released']}）" if lang == "zh" else f" ({w['order.released']})"
    state = "" if a.active else released
    css = "" if a.active else ' class="released"'
    return (
        f"<tr{css}><td>{k}</td><td>{_e(name)}{_e(state)}<br><small>{_e(a.team_id)}</small></td>"
        f'<td>{_e(a.task)}</td><td>{_e(a.assembly_point)}</td><td class="eta">{_e(eta)}</td>'
        f"<td>{_contact(a, w, contacts=contacts)}</td></tr>"
    )


def render_order(doc: OrderDocument, lang: Lang, *, contacts: bool) -> str:
    """The whole order page; `contacts` False masks the contact column (role without
    dispatch rights)."""
    w = words(lang)
    inc = doc.incident
    title = inc.name_en if lang == "en" else inc.name_zh
    hazards = w["order.listSep"].join(concept_name(h, lang) for h in doc.hazards) or "-"
    place = inc.place_name or ""
    where = f"{place} ({inc.location.latitude:.4f}, {inc.location.longitude:.4f})".strip()
    rows = "".join(
        _team_row(k, a, lang, w, contacts=contacts) for k, a in enumerate(doc.assignments, 1)
    )
    if not rows:
        rows = f'<tr><td colspan="6">{_e(w["order.noTeams"])}</td></tr>'
    gaps = (
        '<ul class="gaps">'
        + "".join(f"<li>{_e(concept_name(g, lang))}</li>" for g in doc.gaps)
        + "</ul>"
        if doc.gaps
        else f"<p>{_e(w['order.noGaps'])}</p>"
    )
    compact = ' class="compact"' if len(doc.assignments) >= COMPACT_FROM_TEAMS else ""
    number = f"{inc.id}-{inc.order_count}" if inc.order_count else inc.id
    meta = [
        (w["order.incident"], f"{title}（{inc.id}）" if lang == "zh" else f"{title} ({inc.id})"),
        (w["order.level"], w[f"order.level.{inc.response_level}"]),
        (w["order.hazards"], hazards),
        (w["order.place"], where),
        (w["order.status"], w[f"incident.status.{inc.status}"]),
    ]
    if inc.description:
        meta.append((w["order.description"], inc.description))
    meta_rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in meta)
    head = "".join(
        f"<th>{_e(w[k])}</th>"
        for k in ("order.no", "order.team", "order.task", "order.assembly", "order.eta",
                  "order.contact")
    )  # fmt: skip
    return f"""<!doctype html>
<html lang="{"en" if lang == "en" else "zh-CN"}"{compact}><head><meta charset="utf-8">
<title>{_e(w["order.title"])} {_e(inc.id)}</title><style>{STYLE}</style></head>
<body><main class="order">
<h1>{_e(w["order.title"])}</h1>
<p class="number">{_e(w["order.number"])}{_e(w["order.colon"])}{_e(number)}</p>
<table class="meta">{meta_rows}</table>
<h2>{_e(w["order.teams"])}</h2>
<table class="teams"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
<h2>{_e(w["order.gaps"])}</h2>
{gaps}
<footer><div class="sign">{_e(w["order.issuedBy"])}{_e(w["order.colon"])}\
{_e(doc.issued_by or "-")}</div>
<div class="sign">{_e(w["order.issuedAt"])}{_e(w["order.colon"])}{_e(local_time(doc.issued_at))} \
{_e(w["order.timezone"])}</div></footer>
</main></body></html>
"""
