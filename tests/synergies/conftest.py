import pytest

from larlabb.actors.models import Organisation
from larlabb.registrations.models import Registration
from larlabb.synergies.actions import do_create_session
from larlabb.synergies.models import Catalogue, Goal
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory


@pytest.fixture
def sdgs(db) -> list[Goal]:
    catalogue = Catalogue.objects.create(key="sdgs-test", name="Globala målen")
    return [
        Goal.objects.create(catalogue=catalogue, code=f"SDG {n}", title=f"Mål {n}", position=n)
        for n in range(1, 18)
    ]


@pytest.fixture
def agency(rus_network) -> Organisation:
    agency = OrganisationFactory(name="Trafikverket", kind=Organisation.Kind.AGENCY)
    rus_network.members.add(agency)
    return agency


@pytest.fixture
def scorers(lab, sanna_participant, region_skane, agency):
    """Two registered participants: Sanna of Region Skåne and Anna of an agency."""
    anna = UserFactory(email="anna@example.org", name="Anna Myndighet", organisation=agency)
    for person in (sanna_participant, anna):
        RegistrationFactory(
            lab=lab,
            person=person,
            organisation=person.organisation,
            status=Registration.Status.CONFIRMED,
        )
    return sanna_participant, anna


@pytest.fixture
def session(lab, olle_organiser, sdgs):
    return do_create_session(actor=olle_organiser, lab=lab, title="Målkonflikter", goals=sdgs[:5])
