"""A userError's `field` comes from the exception (`EmkgError.on`), never from its text."""

from __future__ import annotations

import asyncio

import pytest

from api.graphql.curation_payloads import attempt, input_error
from api.graphql.user_errors import UserErrorCode
from kg.errors import NotFoundError, UserInputError
from queries.catalog import curation as c
from queries.catalog.record_edits import FieldError


def test_the_field_is_the_one_the_error_names_mapped_to_the_input_path() -> None:
    e = UserInputError("minLevel 'V' is not a response level").on("minLevel")
    assert input_error(e, {"minLevel": "minResponseLevel"}, "id").field == "minResponseLevel"
    # A name the map does not know is kept as it is.
    assert input_error(e, {}, "id").field == "minLevel"


def test_the_message_text_does_not_choose_the_field() -> None:
    # The text starts with another input's name: the field still comes from the error.
    e = UserInputError("weight and minLevel are both wrong").on("minLevel")
    assert input_error(e, {"weight": "weight"}, None).field == "minLevel"
    unnamed = UserInputError("weight 2 is out of range")
    assert input_error(unnamed, {"weight": "weight"}, "hazard").field == "hazard"


def test_not_found_keeps_its_code_and_field_errors_their_path() -> None:
    missing = input_error(NotFoundError("no team with id 'T-X'").on("team"), {}, None)
    assert (missing.field, missing.code) == ("team", UserErrorCode.NOT_FOUND)
    path = input_error(FieldError("capabilities[1].level", "level 9 is unknown"), {}, "id")
    assert (path.field, path.code) == ("capabilities[1].level", UserErrorCode.INVALID)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: c.validate_requirement(2.0, "I"), "weight"),
        (lambda: c.validate_requirement(0.5, "V"), "minLevel"),
        (lambda: c.validate_concept_changes({}), "changes"),
        (lambda: c.validate_concept_changes({"nameZh": "flood"}), "nameZh"),
        (lambda: c.validate_concept_changes({"altEn": ["洪水"]}), "altEn"),
    ],
)
def test_curation_validation_names_its_input(call, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserInputError) as caught:
        call()
    assert caught.value.field == field


def test_attempt_returns_the_error_with_its_field() -> None:
    async def work() -> None:
        c.validate_requirement(0.5, "V")

    done, errors = asyncio.run(attempt(work, {"minLevel": "minResponseLevel"}, "hazard"))
    assert done is None and [e.field for e in errors] == ["minResponseLevel"]
