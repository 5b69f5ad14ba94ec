"""`emkg cap import FILE`: a CAP alert, an Atom feed of alerts or an EDXL-DE envelope ->
incident drafts (or what is wrong), in Chinese or English.

Exit 0 when every alert was drafted or skipped as already imported; 1 when the
document or any alert is invalid (the valid ones are still drafted and printed).

Example::

    emkg cap import alert.cap                # 草稿：灾种、位置、行政区、建议级别、备注
    emkg cap import feed.atom --lang en      # one block per entry; imported ones skipped
    emkg cap import alert.cap --json         # the same as JSON
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import click

from api.cap_import import ALREADY_IMPORTED, DRAFTED, AlertDraft, CapImport, import_cap, reason_of
from api.messages import Lang, concept_name, render
from kg.cypher import CypherRunner
from kg.driver import open_async_driver
from kg.settings import Settings
from loaders.messages.problems import MessageError
from queries.models import Reason

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "entry": "条目",
        DRAFTED: "已生成事件草稿",
        ALREADY_IMPORTED: "已导入过，跳过",
        "INVALID": "无效",
        "name": "名称",
        "hazards": "灾种",
        "choices": "候选灾种",
        "location": "位置",
        "regions": "行政区",
        "area": "区域描述",
        "level": "建议响应级别",
        "none": "无",
        "notes": "备注",
        "alert": "CAP 标识 / 发送方 / 发送时间",
        "problems": "问题",
    },
    "en": {
        "entry": "entry",
        DRAFTED: "incident draft",
        ALREADY_IMPORTED: "imported before, skipped",
        "INVALID": "invalid",
        "name": "name",
        "hazards": "hazards",
        "choices": "hazard choices",
        "location": "location",
        "regions": "regions",
        "area": "area",
        "level": "suggested response level",
        "none": "none",
        "notes": "notes",
        "alert": "CAP identifier / sender / sent",
        "problems": "problems",
    },
}


def draft_lines(d: AlertDraft, lang: Lang) -> list[str]:
    w = WORDS[lang]
    hazards = ", ".join(f"{h.hazard.id} {concept_name(h.hazard, lang)}" for h in d.hazards)
    loc = f"{d.location.latitude:.5f}, {d.location.longitude:.5f}" if d.location else w["none"]
    regions = " < ".join((r.name_en or r.name_zh) if lang == "en" else r.name_zh for r in d.regions)
    lines = [
        f"  {w['alert']}: {d.identifier} / {d.sender} / {d.sent}",
        f"  {w['name']}: {d.name}",
        f"  {w['hazards']}: {hazards or w['none']}",
    ]
    if d.hazard_choices:
        choices = ", ".join(f"{c.id} {concept_name(c, lang)}" for c in d.hazard_choices)
        lines.append(f"  {w['choices']}: {choices}")
    lines += [
        f"  {w['location']}: {loc}",
        f"  {w['regions']}: {regions or w['none']}",
        f"  {w['area']}: {d.area_description or w['none']}",
        f"  {w['level']}: {d.level or w['none']}",
    ]
    lines += [f"    - {render(r, lang)}" for r in d.level_reasons]
    if d.notes:
        lines.append(f"  {w['notes']}:")
        lines += [f"    - {render(r, lang)}" for r in d.notes]
    return lines


def result_lines(result: CapImport, lang: Lang) -> list[str]:
    w = WORDS[lang]
    out = []
    total = len(result.entries)
    for e in result.entries:
        out.append(f"{w['entry']} {e.position}/{total}  {e.label}  {w[e.status]}")
        if e.draft is not None:
            out += draft_lines(e.draft, lang)
        if e.status == ALREADY_IMPORTED:
            out.append("  " + render(Reason.of("CAP_ALREADY_IMPORTED", at=e.imported_at), lang))
        out += [f"  {w['problems']}: {render(p, lang)}" for p in e.problems]
    return out


def result_json(result: CapImport, lang: Lang) -> dict[str, Any]:
    def draft(d: AlertDraft) -> dict[str, Any]:
        return {
            "identifier": d.identifier,
            "sender": d.sender,
            "sent": d.sent,
            "name": d.name,
            "description": d.description,
            "hazards": [
                {"id": h.hazard.id, "name": concept_name(h.hazard, lang), "via": h.via}
                for h in d.hazards
            ],
            "hazardChoices": [c.id for c in d.hazard_choices],
            "location": (
                {"latitude": d.location.latitude, "longitude": d.location.longitude}
                if d.location
                else None
            ),
            "regions": [r.id for r in d.regions],
            "areaDescription": d.area_description,
            "level": d.level,
            "levelReasons": [render(r, lang) for r in d.level_reasons],
            "notes": [render(r, lang) for r in d.notes],
        }

    return {
        "kind": result.kind,
        "entries": [
            {
                "position": e.position,
                "label": e.label,
                "status": e.status,
                "draft": draft(e.draft) if e.draft else None,
                "problems": [render(p, lang) for p in e.problems],
                "importedAt": e.imported_at or None,
            }
            for e in result.entries
        ],
    }


async def _import(settings: Settings, data: bytes) -> CapImport:
    async with open_async_driver(settings) as driver:
        runner = CypherRunner(driver, settings.neo4j_database, timeout_s=settings.query_timeout_s)
        return await import_cap(runner, None, data)


@click.group()
def cap() -> None:
    """CAP alerts in: alerts, Atom feeds and EDXL-DE envelopes -> incident drafts."""


@cap.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of text")
def import_(file: Path, lang: Lang, as_json: bool) -> int:
    """Read FILE and print each alert's incident draft, or what is wrong with it."""
    data = file.read_bytes()
    try:
        result = asyncio.run(_import(Settings.from_env(), data))
    except MessageError as e:
        lines = [render(reason_of(p), lang) for p in e.problems]
        if as_json:
            click.echo(json.dumps({"errors": lines}, ensure_ascii=False, indent=2))
        else:
            for line in lines:
                click.echo(f"emkg: error: {file.name}: {line}", err=True)
        return 1
    if as_json:
        click.echo(json.dumps(result_json(result, lang), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(result_lines(result, lang)))
    return 0 if result.ok else 1
