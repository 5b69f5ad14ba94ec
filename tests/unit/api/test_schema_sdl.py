"""api/schema.graphql is the committed SDL: fail when the schema changed without regenerating."""

from __future__ import annotations

from api.graphql.sdl import SDL_FILE, current_sdl


def test_committed_sdl_matches_the_schema() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == current_sdl(), (
        "the GraphQL schema changed: run `python -m api.graphql.sdl` and commit api/schema.graphql"
    )


def test_design_contract_names_are_in_the_sdl() -> None:
    from graphql import build_schema

    sdl = current_sdl()
    schema = build_schema(sdl)
    rec = schema.query_type.fields["recommendForces"]  # type: ignore[union-attr]
    assert str(rec.type) == "ForceRecommendation!"
    assert str(rec.args["scenario"].type) == "ScenarioInput!"
    scenario = schema.get_type("ScenarioInput")
    assert {
        "hazardCodes",
        "description",
        "location",
        "responseLevel",
        "maxTravelMinutes",
        "maxTeams",
        "requiredCapabilities",
        "excludeTeams",
    } <= set(scenario.fields)  # type: ignore[union-attr]
    for name in (
        "forcePackage: [TeamRecommendation!]!",
        "etaMinutes: Float!",
        "type PageInfo",
        "setTeamStatus(",
        "curateConcept(",
        "auditTrail(",
    ):
        assert name in sdl
