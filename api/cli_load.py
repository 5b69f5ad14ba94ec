"""`emkg load ...`: ingest data into the graph."""

from __future__ import annotations

import argparse

from kg.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("load", help="load data (`emkg load demo` for the demo dataset)")
    p.add_argument("path", help="'demo' or a data file")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kg.driver import open_driver
    from loaders.demo_skeleton import load_demo_teams

    settings = Settings.from_env()
    if args.path != "demo":
        print("emkg: only `emkg load demo` is available in this build")
        return 2
    with open_driver(settings) as driver:
        counts = load_demo_teams(driver, settings.neo4j_database)
    print("demo teams: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0
