"""`emkg serve --workers N`: one process serves the built app; several share the port, each
building the app from the environment through the factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from api.cli import cmd_serve
from kg.settings import Settings


def test_several_workers_serve_the_factory_and_one_serves_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setattr("api.app.create_app", lambda settings: f"app for {settings.port}")
    settings = Settings(port=8123)
    cmd_serve.serve_app(settings, workers=2)
    cmd_serve.serve_app(settings)
    (many, many_kw), (one, one_kw) = calls
    assert many == "api.cli.cmd_serve:app_from_env" and many_kw["factory"] is True
    assert many_kw["workers"] == 2 and many_kw["port"] == 8123
    # a worker busy for seconds on a loaded machine is not killed as hung (uvicorn: 5 s)
    assert many_kw["timeout_worker_healthcheck"] == cmd_serve.WORKER_HEALTHCHECK_S >= 30
    assert one == "app for 8123" and "workers" not in one_kw


def test_several_workers_share_a_metrics_folder_made_for_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str | None] = []
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **kw: seen.append(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
    )
    cmd_serve.serve_app(Settings(port=8123), workers=2)
    (folder,) = seen
    assert folder and not os.path.exists(folder)  # made for the run, removed after it
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ


def test_a_given_metrics_folder_is_used_and_emptied_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "counter_123.db").write_bytes(b"an earlier run")
    (tmp_path / "keep.txt").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    seen: list[list[str]] = []
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **kw: seen.append(sorted(p.name for p in tmp_path.iterdir()))
    )
    cmd_serve.serve_app(Settings(port=8123), workers=2)
    assert seen == [["keep.txt"]]


def test_the_worker_count_is_checked() -> None:
    result = CliRunner().invoke(cmd_serve.serve, ["--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
