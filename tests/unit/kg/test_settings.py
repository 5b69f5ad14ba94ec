from pathlib import Path

import pytest

from kg.settings import Settings, SettingsError


def test_defaults_use_the_local_neo4j() -> None:
    s = Settings.from_env({})
    assert s.uses_local_neo4j
    assert s.uri == "neo4j://127.0.0.1:7687"
    assert s.neo4j_data_dir == Path("var/neo4j")


def test_neo4j_uri_points_everything_at_an_external_server() -> None:
    s = Settings.from_env({"NEO4J_URI": "neo4j+s://x.databases.neo4j.io", "NEO4J_PASSWORD": "p"})
    assert not s.uses_local_neo4j
    assert s.uri == "neo4j+s://x.databases.neo4j.io"
    assert s.password() == "p"


def test_external_server_without_password_says_what_to_set() -> None:
    s = Settings.from_env({"NEO4J_URI": "bolt://db:7687"})
    with pytest.raises(SettingsError, match="NEO4J_PASSWORD"):
        s.password()


def test_local_password_comes_from_the_data_dir(tmp_path: Path) -> None:
    s = Settings.from_env({"EMKG_NEO4J_DATA_DIR": str(tmp_path)})
    with pytest.raises(SettingsError, match="emkg neo4j start"):
        s.password()
    (tmp_path / "emkg-password").write_text("secret\n")
    assert s.password() == "secret"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMKG_NEO4J_PORT": "abc"}, "not an integer"),
        ({"EMKG_NEO4J_PORT": "80"}, "out of range"),
        ({"EMKG_PRODUCTION": "maybe"}, "not a boolean"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message) as err:
        Settings.from_env(env)
    assert next(iter(env)) in str(err.value)


def test_password_is_not_in_repr() -> None:
    s = Settings.from_env({"NEO4J_PASSWORD": "hunter2"})
    assert "hunter2" not in repr(s)
