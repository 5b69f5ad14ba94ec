"""Load the walking-skeleton demo teams (to be replaced by the full loader pipeline)."""

from __future__ import annotations

import uuid
from importlib import resources
from typing import Any

import yaml
from neo4j import Driver

from kg.errors import map_neo4j_errors
from kg.upserts import upsert_teams


def load_demo_teams(driver: Driver, database: str) -> dict[str, int]:
    text = resources.files("loaders.demo").joinpath("teams.yaml").read_text(encoding="utf-8")
    doc: dict[str, Any] = yaml.safe_load(text)
    run = f"demo-{uuid.uuid4().hex[:12]}"
    with map_neo4j_errors(), driver.session(database=database) as session:
        return session.execute_write(upsert_teams, doc["teams"], doc["source"], run)
