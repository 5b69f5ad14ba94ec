"""`emkg serve --workers N`: one process serves the built app; several share the port (each
on a socket of its own in one SO_REUSEPORT group), each building the app from the
environment through the factory."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any, ClassVar

import click
import pytest
import uvicorn
from click.testing import CliRunner

from api import worker_listeners
from api.cli import cmd_serve
from kg.settings import Settings


class FakeMultiprocess:
    """Records what uvicorn's supervisor was given instead of starting processes."""

    runs: ClassVar[list[tuple[Any, list[Any], str | None]]] = []

    def __init__(self, config: Any, sockets: list[Any]) -> None:
        self.config, self.sockets = config, sockets

    def run(self) -> None:
        folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        FakeMultiprocess.runs.append((self.config, self.sockets, folder))


@pytest.fixture
def supervisor(monkeypatch: pytest.MonkeyPatch) -> type[FakeMultiprocess]:
    import uvicorn.supervisors

    FakeMultiprocess.runs = []
    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", FakeMultiprocess)
    monkeypatch.setattr(worker_listeners, "check_port_free", lambda host, port: None)
    return FakeMultiprocess


def test_several_workers_serve_the_factory_each_on_its_own_socket_and_one_serves_the_app(
    monkeypatch: pytest.MonkeyPatch, supervisor: type[FakeMultiprocess]
) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setattr("api.app.create_app", lambda settings: f"app for {settings.port}")
    settings = Settings(port=8123)
    cmd_serve.serve_app(settings, workers=2)
    cmd_serve.serve_app(settings)
    ((config, sockets, _),) = supervisor.runs
    assert config.app == "api.cli.cmd_serve:app_from_env" and config.factory is True
    assert config.workers == 2 and config.port == 8123
    # each worker binds a socket of its own in one SO_REUSEPORT group (worker_listeners)
    assert sockets == [worker_listeners.WorkerListener("127.0.0.1", 8123)]
    # a worker busy for seconds on a loaded machine is not killed as hung (uvicorn: 5 s)
    assert config.timeout_worker_healthcheck == cmd_serve.WORKER_HEALTHCHECK_S >= 30
    ((one, one_kw),) = calls
    assert one == "app for 8123" and "workers" not in one_kw


def test_several_workers_refuse_a_taken_port_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn.supervisors

    started: list[Any] = []
    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", lambda *a, **k: started.append(a))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(click.ClickException) as e:
            cmd_serve.serve_app(Settings(port=port), workers=2)
    assert f"127.0.0.1:{port}" in e.value.message and "EMKG_PORT" in e.value.message
    assert started == []


def test_several_workers_share_a_metrics_folder_made_for_the_run(
    monkeypatch: pytest.MonkeyPatch, supervisor: type[FakeMultiprocess]
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    cmd_serve.serve_app(Settings(port=8123), workers=2)
    ((_, _, folder),) = supervisor.runs
    assert folder and not os.path.exists(folder)  # made for the run, removed after it
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ


def test_a_given_metrics_folder_is_used_and_emptied_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, supervisor: type[FakeMultiprocess]
) -> None:
    (tmp_path / "counter_123.db").write_bytes(b"an earlier run")
    (tmp_path / "keep.txt").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    cmd_serve.serve_app(Settings(port=8123), workers=2)
    ((_, _, folder),) = supervisor.runs
    assert folder == str(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_the_worker_count_is_checked() -> None:
    result = CliRunner().invoke(cmd_serve.serve, ["--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
