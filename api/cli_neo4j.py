"""`emkg neo4j start|stop|status`: the project's own local Neo4j."""

from __future__ import annotations

import argparse

from kg.neo4j_local.launcher import LocalNeo4j
from kg.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("neo4j", help="start, stop or inspect the local Neo4j")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not settings.uses_local_neo4j:
        print(f"NEO4J_URI is set ({settings.neo4j_uri}); EMKG uses that server and starts nothing")
        return 0
    local = LocalNeo4j(settings)
    if args.action == "start":
        print(local.start())
        return 0
    if args.action == "stop":
        print("stopped" if local.stop() else "not running")
        return 0
    status = local.status()
    print(status.detail)
    return 0 if status.running else 3
