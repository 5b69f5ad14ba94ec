"""The `search(text, kinds, limit)` query: free text (zh or en) -> hazards, plans, teams, ..."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.enums import ConceptKind, SearchVia
from api.graphql.fields import document, field
from queries import search as s

_KINDS = ", ".join(s.SEARCH_KINDS)


@strawberry.type(description="One search result, best first.")
class SearchHit:
    kind: str = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `type` (the ConceptKind enum); removed in the next release.",
    )
    type: ConceptKind = strawberry.field(description="What kind of thing was found.")
    id: strawberry.ID = strawberry.field(description="The item's id; look it up by kind.")
    name: str = strawberry.field(description="The Chinese name (English if none).")
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    score: float = strawberry.field(description="0..1, relative to the best hit (1).")
    via: str = strawberry.field(
        description="The older, untyped form; see the deprecation note.",
        deprecation_reason="Use `match` (the SearchVia enum); removed in the next release.",
    )
    match: SearchVia = strawberry.field(description="Which retriever found it.")

    @classmethod
    def of(cls, h: s.SearchHit) -> SearchHit:
        return cls(
            kind=h.kind,
            type=ConceptKind(h.kind),
            id=strawberry.ID(h.id),
            name=h.name_zh or h.name_en,
            name_zh=h.name_zh,
            name_en=h.name_en,
            score=h.score,
            via=h.via,
            match=SearchVia(h.via),
        )


@strawberry.type
class SearchQuery:
    @field(
        description=(
            "Hybrid search (exact code, full text, embeddings) over what a commander types, "
            f"in Chinese or English; at most {s.MAX_TEXT_CHARS} characters. types: any of "
            f"{_KINDS} (default all). limit: 1..{s.MAX_LIMIT} (default 10)."
        )
    )
    async def search(
        self,
        info: Info,
        text: Annotated[str, strawberry.argument(description="What to look for (zh or en).")],
        kinds: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Kinds as text (HazardType, Plan, ...).",
                deprecation_reason="Use `types` (ConceptKind values); removed in the next release.",
            ),
        ] = None,
        limit: Annotated[
            int, strawberry.argument(description=f"How many hits, 1..{s.MAX_LIMIT}.")
        ] = 10,
        types: Annotated[
            list[ConceptKind] | None,
            strawberry.argument(description=f"Which kinds to search: any of {_KINDS}."),
        ] = None,
    ) -> list[SearchHit]:
        info.context.require(Permission.READ)
        ctx = info.context
        chosen = [t.value for t in types] if types is not None else kinds
        hits = await s.search(ctx.runner, ctx.state.embedder, text, chosen, limit)
        return [SearchHit.of(h) for h in hits]


document(SearchQuery)
