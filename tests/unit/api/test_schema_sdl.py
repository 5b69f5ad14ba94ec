"""api/schema.graphql is the committed SDL: fail when the schema changed without regenerating."""

from __future__ import annotations

from api.graphql.sdl import SDL_FILE, current_sdl


def test_committed_sdl_matches_the_schema() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == current_sdl(), (
        "the GraphQL schema changed: run `python -m api.graphql.sdl` and commit api/schema.graphql"
    )


def test_design_contract_names_are_in_the_sdl() -> None:
    sdl = current_sdl()
    for name in (
        "recommendForces(scenario: ScenarioInput!, locale: Locale = null): ForceRecommendation!",
        "forcePackage: [TeamRecommendation!]!",
        "etaMinutes: Float!",
        "type PageInfo",
        "setTeamStatus(",
        "curateConcept(",
        "auditTrail(",
    ):
        assert name in sdl
