"""What the app's lifespan owns: settings and the Neo4j driver (typed, no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver

from kg.settings import Settings


@dataclass
class AppState:
    settings: Settings
    driver: AsyncDriver

    @property
    def database(self) -> str:
        return self.settings.neo4j_database
