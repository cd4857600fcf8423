import datetime

import pytest
from django.utils import timezone

from larlabb.actors.models import Organisation
from larlabb.missions import actions
from larlabb.missions.models import Initiative
from larlabb.registrations.models import Registration
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def agency(rus_network) -> Organisation:
    agency = OrganisationFactory(name="Trafikverket", kind=Organisation.Kind.AGENCY)
    rus_network.members.add(agency)
    return agency


def register(lab, person):
    RegistrationFactory(
        lab=lab,
        person=person,
        organisation=person.organisation,
        status=Registration.Status.CONFIRMED,
    )
    return person


@pytest.fixture
def sanna(lab, sanna_participant):
    """A registered participant of the lab, who owns nothing."""
    return register(lab, sanna_participant)


@pytest.fixture
def anna(lab, agency):
    """A registered participant of the lab who proposed the challenge, and so owns it."""
    return register(
        lab, UserFactory(email="anna@example.org", name="Anna Ägare", organisation=agency)
    )


@pytest.fixture
def challenge(lab, anna, region_skane, agency):
    return actions.do_propose_challenge(
        actor=anna,
        lab=lab,
        details=actions.ChallengeDetails(
            title="Kompetensförsörjning",
            description="Svårt att rekrytera i hela landet.",
            scope="national",
            organisations=(region_skane, agency),
        ),
    )


@pytest.fixture
def mission(challenge, anna, agency, today):
    return actions.do_create_mission(
        actor=anna,
        challenge=challenge,
        today=today,
        details=actions.MissionDetails(
            title="Kompetensplattformar",
            goal="Alla regioner har en kompetensplattform.",
            target_year=today.year + 9,
            owner=agency,
        ),
    )


@pytest.fixture
def experiment(mission, anna, sanna, today):
    return actions.do_create_initiative(
        actor=anna,
        mission=mission,
        details=actions.InitiativeDetails(
            kind=Initiative.Kind.EXPERIMENT,
            title="Gemensam prognos",
            hypothesis="En gemensam prognos ger bättre utbud.",
            plan="Två regioner delar en modell.",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=90),
        ),
        participants=[sanna],
    )
