"""A small graphql-transport-ws client for the live-board tests and the benchmark.

Example::

    with BoardWatcher("http://127.0.0.1:8000", key) as board:
        event = board.next(timeout=5)   # {"__typename": "TeamStatusChanged", ...}
"""

from __future__ import annotations

import json
import time
import urllib.request
from contextlib import ExitStack
from types import TracebackType
from typing import Any

from websockets.sync.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"
PRIMED_WITHIN_S = 30.0  # a busy machine: the state is waited for, this is only the give-up
BOARD = """subscription {
  boardChanges {
    __typename
    ... on TeamStatusChanged {
      teamId oldStatus newStatus incidentId action actor at entryId
      team { id nameZh nameEn status } incident { id nameZh nameEn }
    }
    ... on IncidentUpdated { id status action actor at entryId incident { nameZh nameEn } }
  }
}"""


class BoardWatcher:
    """Connects, authenticates with `key` in connection_init, subscribes to `query`."""

    def __init__(self, base_url: str, key: str | None, query: str = BOARD) -> None:
        self.url = base_url.replace("http://", "ws://").rstrip("/") + "/graphql"
        self.key, self.query = key, query
        self.ws: ClientConnection | None = None
        self._stack = ExitStack()

    def __enter__(self) -> BoardWatcher:
        try:
            self.ws = self._stack.enter_context(
                connect(self.url, subprotocols=[PROTOCOL], open_timeout=10)  # type: ignore[list-item]
            )
            payload = {"authorization": f"Bearer {self.key}"} if self.key else {}
            self.ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            ack = json.loads(self.ws.recv(timeout=10))
            if ack.get("type") != "connection_ack":
                raise AssertionError(f"no connection_ack: {ack}")
            subscribe = {"id": "1", "type": "subscribe", "payload": {"query": self.query}}
            self.ws.send(json.dumps(subscribe))
        except BaseException:
            self._stack.close()
            raise
        return self

    def next_message(self, timeout: float = 10.0) -> dict[str, Any]:
        assert self.ws is not None
        while True:
            msg: dict[str, Any] = json.loads(self.ws.recv(timeout=timeout))
            if msg.get("type") == "ping":
                self.ws.send(json.dumps({"type": "pong"}))
                continue
            return msg

    def next(self, timeout: float = 10.0) -> dict[str, Any]:
        """The next event's ``boardChanges`` (fails on an error message)."""
        msg = self.next_message(timeout)
        if msg.get("type") != "next" or msg["payload"].get("errors"):
            raise AssertionError(f"not an event: {msg}")
        event: dict[str, Any] = msg["payload"]["data"]["boardChanges"]
        return event

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stack.close()


def live_state(base_url: str) -> tuple[int, int]:
    """A server's live-board relay, from its /metrics: (subscribers, reads of the trail)."""
    with urllib.request.urlopen(base_url.rstrip("/") + "/metrics", timeout=10) as r:
        text = r.read().decode()
    values = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in ("emkg_live_subscribers", "emkg_live_relay_polls"):
            values[name] = int(float(value))
    return values["emkg_live_subscribers"], values["emkg_live_relay_polls"]


def wait_primed(base_url: str, polls_before: int, subscribers: int = 1) -> None:
    """Wait until the server's relay serves `subscribers` and has read the trail since they
    came (its first read marks what was already written as seen: a write before it is no
    news). `polls_before` is `live_state(base_url)[1]` read before subscribing."""
    deadline = time.monotonic() + PRIMED_WITHIN_S
    while True:
        subs, polls = live_state(base_url)
        if subs >= subscribers and polls > polls_before:
            return
        assert time.monotonic() < deadline, (base_url, subs, polls, polls_before)
        time.sleep(0.02)
