"""The holder counts read early (queries/recommend.py `_early_holders`) are never left
running, nor their error unretrieved, when choosing the package fails before they are
awaited."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from queries import recommend


def test_a_failed_selection_cancels_the_early_read(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[asyncio.Task[Any]] = []

    async def prepare(*_args: Any, **_kw: Any) -> Any:
        return SimpleNamespace(needs=[], pool={}, scored={}, max_teams=1)

    def early(_runner: Any, _p: Any) -> asyncio.Task[Any]:
        started.append(asyncio.ensure_future(asyncio.sleep(60)))
        return started[0]

    def select(*_args: Any) -> list[str]:
        raise RuntimeError("selection failed")

    monkeypatch.setattr(recommend, "prepare_scenario", prepare)
    monkeypatch.setattr(recommend, "_early_holders", early)
    monkeypatch.setattr(recommend, "_select", select)

    async def go() -> None:
        with pytest.raises(RuntimeError, match="selection failed"):
            await recommend.recommend_forces(None, None)  # type: ignore[arg-type]
        await asyncio.sleep(0)  # the cancellation lands
        assert started[0].cancelled()

    asyncio.run(go())


def test_an_early_read_that_failed_has_its_error_retrieved() -> None:
    async def go() -> asyncio.Task[Any]:
        async def fail() -> None:
            raise ValueError("store away")

        task = asyncio.ensure_future(fail())
        await asyncio.sleep(0)
        recommend._settle(task)
        return task

    task = asyncio.run(go())
    assert task._log_traceback is False  # retrieved: nothing is logged as lost (checked first)
    assert task.done() and isinstance(task.exception(), ValueError)
