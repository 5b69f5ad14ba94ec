"""Start-up warm-up: /readyz says ready only after one recommendation has run.

The lifespan starts `Warmup.run` in the background once the model and the ontology are
loaded (the server answers /healthz meanwhile). It runs a recommendation on a scenario
taken from the graph (queries.warmup) each way the API asks one (with a description, and
without it through the process's taxonomy cache: another first statement), with a
generous per-query timeout, so the cold cost (query planning, index pages, the model's
first batch) is paid before a commander asks; and one hazard search per language (the
picker's first search encodes with the model and reads the full-text indexes). What it
decides:

- done: the recommendation ran; the first real request is warm.
- skipped: the graph has no team with a needed capability (empty or ontology only):
  nothing to warm, ready at once. The task then looks again every WARMUP_RECHECK_S
  and warms up once data has been loaded (readiness is not withdrawn meanwhile), so the
  first request after a load into a running server is not a cold one either.
- failed: Neo4j stayed unreachable for WARMUP_DEADLINE_S, or the recommendation itself
  failed (logged). The server does not stay unready for ever: /readyz then judges by
  Neo4j and the schema alone, as before.

`emkg run` runs the same warm-up once before it serves (`prewarm`, as soon as Neo4j is up,
while the search model may still load, and before its checks of the ontology, the demo and
the vectors): Neo4j keeps the plans, so the server's own warm-up then takes a fraction of a
second and /readyz says ready sooner.

Example::

    warm = Warmup()
    task = asyncio.create_task(warm.run(state))
    await warm.wait(5.0)   # True once done, skipped or failed
    prewarm(settings, embedder)   # from synchronous code: "warm-up recommendation for 11A01"
    prewarm(settings, loading)    # the same, `loading` a Future the model is set on
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from api.messages import catalog, render_all
from api.state import AppState
from kg.cypher import CypherRunner
from kg.driver import create_async_driver
from kg.embedder import Embedder
from kg.errors import EmkgError, QueryTimeoutError, StoreUnavailableError
from kg.settings import Settings
from queries.models import Scenario
from queries.recommend import recommend_forces
from queries.search import search
from queries.taxonomy_cache import TaxonomyCache
from queries.warmup import warmup_scenario

log = logging.getLogger("emkg.api")

WARMUP_QUERY_TIMEOUT_S = 60.0  # a cold first query may be slow; the warm-up waits for it
WARMUP_DEADLINE_S = 120.0  # give up waiting for an unreachable Neo4j after this long
WARMUP_RETRY_S = 2.0
WARMUP_SEARCHES = ("洪水", "flood")  # one search per language the model reads
WARMUP_RECHECK_S = 5.0  # an empty graph: look for data this often, until it has warmed once


@dataclass
class Warmup:
    status: str = "pending"  # pending | running | done | skipped | failed
    detail: str = "the warm-up recommendation has not started"
    seconds: float | None = None
    _finished: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    async def wait(self, timeout_s: float) -> bool:
        """True once the warm-up has finished (within `timeout_s`)."""
        try:
            async with asyncio.timeout(timeout_s):
                await self._finished.wait()
        except TimeoutError:
            pass
        return self.finished

    def _end(self, status: str, detail: str, t0: float) -> None:
        self.status, self.detail = status, detail
        self.seconds = round(time.monotonic() - t0, 2)
        self._finished.set()
        log.info("warm-up %s in %.2f s: %s", status, self.seconds, detail)

    async def run(self, state: AppState, *, deadline_s: float = WARMUP_DEADLINE_S) -> None:
        t0 = time.monotonic()
        self.status, self.detail = "running", "a warm-up recommendation is running"
        runner = CypherRunner(state.driver, state.database, timeout_s=WARMUP_QUERY_TIMEOUT_S)
        catalog()  # the message catalog, read once
        while True:
            try:
                detail = await warm_once(runner, state.embedder, taxonomy=state.taxonomy)
                if detail is None:
                    if not self.finished:
                        self._end("skipped", "the graph has no team to recommend yet", t0)
                    await asyncio.sleep(WARMUP_RECHECK_S)
                    continue
                self._end("done", detail, t0)
                return
            except StoreUnavailableError as e:
                retry = not isinstance(e, QueryTimeoutError)
                if not retry or time.monotonic() - t0 > deadline_s:
                    self._end("failed", f"warm-up gave up: {e}", t0)
                    return
                await asyncio.sleep(WARMUP_RETRY_S)
            except EmkgError as e:
                self._end("failed", f"warm-up failed: {e}", t0)
                return
            except Exception as e:  # never keep the server unready over a warm-up bug
                log.exception("warm-up failed")
                self._end("failed", f"warm-up failed: {type(e).__name__}", t0)
                return


async def warm_once(
    runner: CypherRunner,
    embedder: Embedder | None,
    *,
    scenario: Scenario | None = None,
    taxonomy: TaxonomyCache | None = None,
) -> str | None:
    """One warm-up recommendation each way the API asks (with `taxonomy`, the process's
    cache, or a cache of its own) and searches (on `scenario`, else one read from the
    graph); what ran, or None when the graph has no team to recommend. Errors are the
    recommendations' own."""
    scenario = scenario if scenario is not None else await warmup_scenario(runner)
    if scenario is None:
        return None
    # Together: the recommendations (Neo4j plans and pages their queries) and the hazard
    # picker's first search in each language (the model's first batch and the full-text
    # indexes) overlap instead of waiting for each other. Two recommendations: a scenario
    # with a description reads its hazards from it (searches), one without it runs the
    # API's first round in one statement (queries/first_round.py), planned only there.
    plain = replace(scenario, description=None)
    described, undescribed, searched = await asyncio.gather(
        recommend_forces(runner, scenario, embedder=embedder),
        recommend_forces(runner, plain, embedder=embedder, taxonomy=taxonomy or TaxonomyCache()),
        asyncio.gather(
            *(search(runner, embedder, text, ["HazardType"], 12) for text in WARMUP_SEARCHES),
            return_exceptions=True,
        ),
    )
    for outcome in searched:  # every search ran to its end; then its error
        if isinstance(outcome, BaseException):
            raise outcome
    for rec in (described, undescribed):
        for t in rec.force_package:
            render_all(t.reasons, "zh")
    return f"warm-up recommendation for {scenario.hazard_codes[0]}"


def prewarm(settings: Settings, embedder: Embedder | Future[Embedder] | None) -> str:
    """`warm_once` from synchronous code (its own driver and event loop; run it in a thread
    to overlap other work): what it did, or why it did nothing. `embedder` may still be
    loading (a Future): the scenario is read meanwhile (a cold JVM's first statement takes
    seconds), the rest waits for it. Never raises: the server's own warm-up still runs and
    reports."""

    async def go() -> str:
        driver = create_async_driver(settings)
        try:
            runner = CypherRunner(driver, settings.neo4j_database, timeout_s=WARMUP_QUERY_TIMEOUT_S)
            catalog()
            scenario = await warmup_scenario(runner)
            if scenario is None:
                return "nothing to warm up: the graph has no team to recommend yet"
            if isinstance(embedder, Future):
                model: Embedder | None = await asyncio.wrap_future(embedder)
            else:
                model = embedder
            detail = await warm_once(runner, model, scenario=scenario)
            return detail or "nothing to warm up: the graph has no team to recommend yet"
        finally:
            await driver.close()

    t0 = time.monotonic()
    try:
        detail = asyncio.run(go())
    except Exception as e:  # the server's warm-up tries again and says what failed
        log.warning("pre-warm failed: %s", e)
        return f"pre-warm failed ({type(e).__name__}); the server's warm-up will try again"
    return f"{detail} in {time.monotonic() - t0:.1f}s"
