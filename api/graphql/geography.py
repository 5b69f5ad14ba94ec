"""`regionAt(location)`: the county, prefecture and province that contain a point.

The boundaries decide (``queries.geography.regions_at``: the in-process county index,
then the graph for a point no county holds), so a scene just across a provincial border
is in the neighbouring province. Outside every loaded boundary (abroad, at sea) all three
are null and ``regions`` is empty: nothing is guessed from the nearest region.

Example::

    { regionAt(location: {latitude: 31.48, longitude: 103.59}) {
        county { id nameZh nameEn } prefecture { id name } province { id name } } }
    # 513221 汶川县 Wenchuan County, 513200 阿坝藏族羌族自治州, 510000 四川省
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.auth import Permission
from api.graphql.context import Context
from api.graphql.entities import Region
from api.graphql.fields import document, field
from api.graphql.recommend import GeoPointInput
from api.graphql.types import GeoPoint
from kg.errors import UserInputError
from queries.geography import RegionRef, regions_at
from queries.models import GeoPoint as Point

# RegionRef.rank -> the field of RegionsAt that holds it.
RANK_FIELD = {"county": "county", "city": "prefecture", "province": "province"}


def checked_point(location: GeoPointInput) -> Point:
    """The point, or a UserInputError that says which coordinate is out of range."""
    lat, lon = location.latitude, location.longitude
    if not -90.0 <= lat <= 90.0:
        raise UserInputError(f"latitude {lat} is out of range: give degrees north, -90..90")
    if not -180.0 <= lon <= 180.0:
        raise UserInputError(f"longitude {lon} is out of range: give degrees east, -180..180")
    return Point(lat, lon)


def by_rank(chain: list[RegionRef]) -> dict[str, str]:
    """{county|prefecture|province: region id} of a regions_at chain (pure).

    >>> by_rank([RegionRef("513221", "汶川县", "", "county"),
    ...          RegionRef("513200", "阿坝藏族羌族自治州", "", "city"),
    ...          RegionRef("510000", "四川省", "", "province")])
    {'county': '513221', 'prefecture': '513200', 'province': '510000'}
    """
    out: dict[str, str] = {}
    for r in chain:
        key = RANK_FIELD.get(r.rank)
        if key is not None and key not in out:
            out[key] = r.id
    return out


@strawberry.type(description="The administrative regions that contain a point.")
class RegionsAt:
    location: GeoPoint = strawberry.field(description="The point asked about.")
    county: Region | None = strawberry.field(description="The county-level region.")
    prefecture: Region | None = strawberry.field(description="The prefecture-level region.")
    province: Region | None = strawberry.field(description="The province-level region.")
    regions: list[Region] = strawberry.field(
        description="Every containing region, innermost first (empty outside China)."
    )


@strawberry.type
class GeographyQuery:
    @field(
        description="The county, prefecture and province whose boundaries contain the "
        "point (GB/T 2260 codes, zh/en names); all null outside every loaded boundary. "
        "Boundaries are simplified to about 200 m, so a point closer than that to a border "
        "may be given to the neighbour."
    )
    async def region_at(self, info: Info[Context, None], location: GeoPointInput) -> RegionsAt:
        ctx = info.context
        ctx.require(Permission.READ)
        point = checked_point(location)
        chain = await regions_at(ctx.runner, point)
        nodes = await ctx.nodes("Region").load_many([r.id for r in chain])
        regions = {n.id: Region.of(n) for n in nodes if n is not None}
        ranks = by_rank(chain)
        return RegionsAt(
            location=GeoPoint(latitude=point.latitude, longitude=point.longitude),
            county=regions.get(ranks.get("county", "")),
            prefecture=regions.get(ranks.get("prefecture", "")),
            province=regions.get(ranks.get("province", "")),
            regions=[regions[r.id] for r in chain if r.id in regions],
        )


document(GeographyQuery, {"region_at.location": "The point (WGS-84 degrees)."})
