"""`emkg drill`: run a scenario script in the sandbox and compare dispatch strategies, or
replay past incidents against what was really sent.

The drill reads the live graph and never writes to it (queries.drills). The metrics
table is printed in the chosen language (`--lang`; default: the locale's, else Chinese);
`--report` writes an HTML page with the table and charts; `--save` keeps the script,
seed, graph version and result for `drill rerun`. `drill replay` replays dispatch records
(a CSV, with a mapping for another layout) or EMKG incidents by id the way startReplay
does (queries.drills.sources): every problem named by row and column, then the actual
dispatch beside the strategies and, per incident, what EMKG would have added or dropped.

Example::

    emkg drill list                                           # the shipped scripts
    emkg drill run earthquake_luding --seed 7 --report out.html
    emkg drill run my.yaml --strategies emkg,closest --save drill.json --lang en
    emkg drill rerun drill.json                               # same result? graph changed?
    emkg drill replay --records log.csv --mapping log.mapping.yaml --report replay.html
    emkg drill replay --incident INC-20261201-0650-3fa2 --save replay.json
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from api.drill_report import Lang, comparison_lines, metric_rows, report_html, text_table
from kg.cypher import CypherRunner
from kg.driver import open_async_driver
from kg.errors import UserInputError
from kg.settings import Settings
from queries.drills import Strategy, load_script, parse_strategies, run_drill
from queries.drills.drill import DrillResult, fingerprint
from queries.drills.saved import RerunCheck, load_saved, rerun_drill, save_drill
from queries.drills.script import shipped_script, shipped_scripts
from queries.drills.sources import (
    ReplaySource,
    ReplaySourceError,
    records_history,
    replay_from,
)

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "running": "推演中",
        "wrote": "已写入报告",
        "saved": "已保存推演",
        "same": "结果一致（指纹 {fp}）",
        "differs": "结果不同：保存的指纹 {old}，本次 {new}",
        "graphChanged": "图谱自保存以来已变化（{old} → {new}），结果不同是预期的",
        "reads": "图谱读取 {n} 次，共 {s:.1f} 秒",
        "cannotReplay": "无法复盘，请修正以下问题：",
        "oneOf": "请给出 --records 或 --incident 之一（二者不可同时给出）",
        "mappingAlone": "--mapping 只能与 --records 一起使用",
        "unreadable": "无法读取文件 {path}：{problem}",
    },
    "en": {
        "running": "drilling",
        "wrote": "report written to",
        "saved": "drill saved to",
        "same": "same result (fingerprint {fp})",
        "differs": "different result: saved fingerprint {old}, this run {new}",
        "graphChanged": "the graph changed since it was saved ({old} -> {new}); "
        "a different result is expected",
        "reads": "{n} graph reads, {s:.1f} s in all",
        "cannotReplay": "cannot replay; fix these problems:",
        "oneOf": "give one of --records or --incident (not both)",
        "mappingAlone": "--mapping goes with --records only",
        "unreadable": "cannot read {path}: {problem}",
    },
}


def locale_lang() -> Lang:
    """The locale's language when it names one (LC_ALL, LC_MESSAGES, LANG), else Chinese."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").lower()
        if value.startswith("en"):
            return "en"
        if value.startswith("zh"):
            return "zh"
    return "zh"


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=locale_lang,
    help="zh or en  [default: the locale's language, else zh]",
)

R = TypeVar("R")


@dataclass(frozen=True)
class RunOptions:
    """What a drill run and a replay are both told: which strategies, the seed, where to
    write the report and the saved run, the language and whether to print JSON."""

    strategies: tuple[Strategy, ...]
    seed: int
    report: Path | None
    save: Path | None
    lang: Lang
    as_json: bool


def run_options(command: Callable[..., R]) -> Callable[..., R]:
    """The options a drill run and a replay share (strategies, seed, report, save, lang,
    json), handed to `command` as one `options: RunOptions`.

    Example::

        @drill.command("run")
        @click.argument("script")
        @run_options
        def run(script: str, options: RunOptions) -> None: ...
    """

    @functools.wraps(command)
    def packed(
        *args: Any,
        strategies: str,
        seed: int,
        report: Path | None,
        save: Path | None,
        lang: Lang,
        as_json: bool,
        **kwargs: Any,
    ) -> R:
        try:
            chosen = tuple(parse_strategies(strategies))
        except ValueError as e:
            raise UserInputError(str(e)) from e
        options = RunOptions(chosen, seed, report, save, lang, as_json)
        return command(*args, options=options, **kwargs)

    wrapped: Callable[..., R] = packed
    for option in reversed(
        [
            click.option("--strategies", default="emkg,closest,random", show_default=True),
            click.option("--seed", type=int, default=1, show_default=True),
            click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None),
            click.option("--save", type=click.Path(dir_okay=False, path_type=Path), default=None),
            LANG_OPTION,
            click.option("--json", "as_json", is_flag=True, help="print the whole result as JSON"),
        ]
    ):
        wrapped = option(wrapped)
    return wrapped


def _script_path(name: str) -> Path:
    p = Path(name)
    return p if p.is_file() else shipped_script(name)


def _progress(label: str) -> Any:
    """A progress line on stderr: redrawn in place on a terminal; otherwise one line as each
    strategy starts and one at the end (logs stay readable)."""
    state: dict[str, Any] = {"pct": -1, "strategy": None}
    tty = sys.stderr.isatty()

    def show(fraction: float, strategy: str) -> None:
        pct = int(fraction * 100)
        if tty and pct != state["pct"]:
            click.echo(f"\r{label} {strategy:8s} {pct:3d}%", err=True, nl=pct == 100)
        elif not tty and (strategy != state["strategy"] or (pct == 100 != state["pct"])):
            click.echo(f"{label} {strategy:8s} {pct:3d}%", err=True)
        state["pct"], state["strategy"] = pct, strategy

    return show


async def _run(settings: Settings, work: Any) -> Any:
    async with open_async_driver(settings) as driver:
        runner = CypherRunner(driver, settings.neo4j_database, timeout_s=settings.query_timeout_s)
        return await work(runner)


def _print(result: DrillResult, lang: Lang, as_json: bool = False) -> None:
    d = result.as_dict()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=1))
        return
    click.echo(text_table(metric_rows(d, lang)))
    for line in comparison_lines(d, result.comparisons(), lang):
        click.echo(line)
    click.echo(WORDS[lang]["reads"].format(n=result.graph_reads, s=result.read_seconds))


def _show(result: DrillResult, options: RunOptions) -> None:
    """The result on stdout (table or JSON) and, if asked, the HTML report."""
    _print(result, options.lang, options.as_json)
    if options.report is not None:
        html = report_html(result.as_dict(), options.lang, result.comparisons())
        options.report.write_text(html, encoding="utf-8")
        click.echo(f"{WORDS[options.lang]['wrote']} {options.report}", err=True)


@click.group()
def drill() -> None:
    """Drills: run a scenario script in a read-only sandbox, compare strategies."""


@drill.command("list")
@LANG_OPTION
def list_scripts(lang: Lang) -> None:
    """The shipped scenario scripts."""
    for p in shipped_scripts():
        s = load_script(p)
        click.echo(f"{s.id:28s} {s.name.zh if lang == 'zh' else s.name.en}")


@drill.command("run")
@click.argument("script")
@run_options
def run(script: str, options: RunOptions) -> None:
    """Run SCRIPT (a YAML file or a shipped script's id) once per strategy."""
    o = options
    path = _script_path(script)
    parsed = load_script(path)
    show = _progress(WORDS[o.lang]["running"])
    result: DrillResult = asyncio.run(
        _run(
            Settings.from_env(),
            lambda r: run_drill(r, parsed, list(o.strategies), seed=o.seed, on_progress=show),
        )
    )
    _show(result, o)
    if o.save is not None:
        save_drill(o.save, path.read_text(encoding="utf-8"), path.name, result)
        click.echo(f"{WORDS[o.lang]['saved']} {o.save}", err=True)


def _read(path: Path | None, lang: Lang) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserInputError(WORDS[lang]["unreadable"].format(path=path, problem=e)) from e


@drill.command("replay")
@click.option(
    "--records",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="dispatch records (CSV, UTF-8, one row per team sent)",
)
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="the records' mapping (YAML) when their columns or values differ",
)
@click.option(
    "--incident", "incidents", multiple=True, help="an EMKG incident to replay (repeatable)"
)
@run_options
def replay(
    records: Path | None,
    mapping: Path | None,
    incidents: tuple[str, ...],
    options: RunOptions,
) -> int:
    """Replay past incidents: what was really sent (actual) against the strategies.

    Exit 1 with every problem of the records (by row and column) or of the incident ids.
    """
    o, lang = options, options.lang
    w = WORDS[lang]
    if (records is None) == (not incidents):
        raise UserInputError(w["oneOf"])
    if mapping is not None and records is None:
        raise UserInputError(w["mappingAlone"])
    source = ReplaySource(
        incident_ids=incidents,
        records=_read(records, lang),
        mapping=_read(mapping, lang),
        name=records.name if records is not None else "records",
    )
    show = _progress(WORDS[lang]["running"])

    async def work(runner: CypherRunner) -> DrillResult:
        r = await replay_from(runner, source)
        return await run_drill(
            runner,
            r.script,
            [Strategy.ACTUAL, *o.strategies],
            seed=o.seed,
            on_progress=show,
            replay=r,
        )

    try:
        if records is not None:
            records_history(source)  # the file's own problems before connecting
        result: DrillResult = asyncio.run(_run(Settings.from_env(), work))
    except ReplaySourceError as e:
        click.echo(w["cannotReplay"], err=True)
        for p in e.problems:
            click.echo(f"  {p.text(lang)}", err=True)
        return 1
    _show(result, o)
    if o.save is not None:
        save_drill(o.save, "", result.script.id, result, source)
        click.echo(f"{w['saved']} {o.save}", err=True)
    return 0


@drill.command("rerun")
@click.argument("saved", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LANG_OPTION
def rerun(saved: Path, lang: Lang) -> int:
    """Re-run a saved drill or replay; exit 1 when the result differs on an unchanged graph."""
    drill_file = load_saved(saved)
    show = _progress(WORDS[lang]["running"])
    check: RerunCheck = asyncio.run(
        _run(Settings.from_env(), lambda r: rerun_drill(r, drill_file, on_progress=show))
    )
    w = WORDS[lang]
    _print(check.result, lang)
    if check.graph_changed:
        click.echo(
            w["graphChanged"].format(old=drill_file.graph_version, new=check.result.graph_version)
        )
    if check.same:
        click.echo(w["same"].format(fp=check.result.fingerprint[:12]))
        return 0
    old = fingerprint(drill_file.result)[:12]
    click.echo(w["differs"].format(old=old, new=check.result.fingerprint[:12]))
    return 0 if check.graph_changed else 1
