import pytest

from larlabb.actors.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, WorkshopFactory, in_days


@pytest.fixture
def workshops(lab):
    return [
        WorkshopFactory(lab=lab, number=1, starts_at=in_days(30)),
        WorkshopFactory(lab=lab, number=2, starts_at=in_days(107)),
    ]


@pytest.fixture
def skane_people(region_skane):
    """Three people of Region Skåne: one more than the default limit of two."""
    return [
        UserFactory(email=f"skane{n}@example.org", name=f"Skåning {n}", organisation=region_skane)
        for n in range(1, 4)
    ]


@pytest.fixture
def outsider():
    """An organisation that is not a member of the invited networks, and a person of it."""
    organisation = OrganisationFactory(
        name="Föreningen Utanför", kind=Organisation.Kind.CIVIL_SOCIETY
    )
    return UserFactory(email="utanfor@example.org", name="Ulla Utanför", organisation=organisation)
