"""The sides of a lab: the seed invitation brings regions and national agencies together, and
every part of Lärlabb that compares them (notes sorted by side, mixed breakout groups,
disagreement on a synergy map, the survey, the relationship network) asks here which side an
organisation stands on. Plain values, no ORM: pure computations use it too."""

REGION = "region"
AGENCY = "agency"
OTHER = "other"
SIDES = (REGION, AGENCY, OTHER)
BOTH = frozenset({REGION, AGENCY})
"""The two sides whose meeting the lab is about."""


def side_of(kind: str) -> str:
    """The side of an organisation of ``kind`` (an ``Organisation.Kind`` value): regions and
    agencies stand on their own sides, every other kind on the side "other"."""
    return kind if kind in BOTH else OTHER


def crosses(first: str | None, second: str | None) -> bool:
    """Whether two sides are a region and an agency (a tie or a group across the lab)."""
    return {first, second} == BOTH
