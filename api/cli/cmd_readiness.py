"""`emkg readiness report`: the plan readiness report for a planning meeting (HTML or PDF).

Example::

    emkg readiness report --province 510000 --level I --format html   # readiness-510000-I.html
    emkg readiness report --province 510000 --level I --format pdf --lang en -o r.pdf
    emkg readiness report --province 510000 --level II --hazard 11C02 --hazard 11A01
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import click

from api.readiness_report import build_report, render_html, write_pdf
from kg.cypher import CypherRunner
from kg.driver import open_async_driver
from kg.settings import Settings
from queries.models import ResponseLevel


@click.group()
def readiness() -> None:
    """Plan readiness: can today's registry meet the plans in time?"""


@readiness.command()
@click.option("--province", required=True, help="GB/T 2260 code of the province, e.g. 510000.")
@click.option("--level", type=click.Choice(["I", "II", "III", "IV"]), required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "pdf"]), default="html", show_default=True
)
@click.option(
    "--hazard",
    "hazards",
    multiple=True,
    help="Hazard codes (default: every hazard a plan there covers).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write (default readiness-<province>-<level>.<format>).")  # fmt: skip
def report(
    province: str, level: str, fmt: str, hazards: tuple[str, ...], lang: str, out: Path | None
) -> None:
    """Write the readiness report: matrix, map and top shortfalls."""
    settings = Settings.from_env()
    target = out or Path(f"readiness-{province}-{level}.{fmt}")
    t0 = time.perf_counter()

    async def go() -> str:
        async with open_async_driver(settings) as driver:
            runner = CypherRunner(driver, settings.neo4j_database, timeout_s=600)
            rep = await build_report(
                runner, province=province, level=ResponseLevel(level),
                hazards=list(hazards) or None,
            )  # fmt: skip
            return render_html(rep, "en" if lang == "en" else "zh")

    html = asyncio.run(go())
    if fmt == "pdf":
        write_pdf(html, target)
    else:
        target.write_text(html, encoding="utf-8")
    click.echo(
        f"wrote {target} ({target.stat().st_size // 1024} KB) in {time.perf_counter() - t0:.1f} s"
    )
