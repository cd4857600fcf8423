"""The live room's cast, loaded as a pytest plugin by tests/conftest.py: a workshop with the
seed's program, its room, a facilitator (the organiser), and registered participants from two
regions and an agency."""

import pytest
from django.utils import translation

from larlabb.actors.models import Organisation
from larlabb.labs.models import ProgramItem
from larlabb.live import actions
from larlabb.live.models import Activity, Participant
from larlabb.registrations.models import Registration
from tests.factories import (
    OrganisationFactory,
    ProgramItemFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)


@pytest.fixture
def workshop(lab):
    return WorkshopFactory(lab=lab, number=1)


@pytest.fixture
def dialogue_item(workshop):
    return ProgramItemFactory(
        workshop=workshop,
        title="Regional utveckling – hur får vi perspektiven att mötas?",
        kind=ProgramItem.Kind.DIALOGUE,
    )


@pytest.fixture
def agency() -> Organisation:
    return OrganisationFactory(name="Trafikverket", kind=Organisation.Kind.AGENCY)


@pytest.fixture
def region_vg() -> Organisation:
    return OrganisationFactory(
        name="Västra Götalandsregionen", kind=Organisation.Kind.REGION, county_code="14"
    )


def registered(lab, email, name, organisation):
    person = UserFactory(email=email, name=name, organisation=organisation)
    RegistrationFactory(
        lab=lab, person=person, organisation=organisation, status=Registration.Status.CONFIRMED
    )
    return person


@pytest.fixture
def sanna(lab, sanna_participant):
    """Sanna of Region Skåne, registered."""
    RegistrationFactory(
        lab=lab,
        person=sanna_participant,
        organisation=sanna_participant.organisation,
        status=Registration.Status.CONFIRMED,
    )
    return sanna_participant


@pytest.fixture
def anders(lab, agency):
    return registered(lab, "anders@example.org", "Anders Myndig", agency)


@pytest.fixture
def vera(lab, region_vg):
    return registered(lab, "vera@example.org", "Vera Västra", region_vg)


@pytest.fixture
def room(workshop):
    return actions.get_or_create_room(workshop)


@pytest.fixture
def joined(room, sanna, anders, vera) -> dict[str, Participant]:
    """The three registered participants, in the room."""
    return {
        "sanna": actions.do_join(user=sanna, room=room),
        "anders": actions.do_join(user=anders, room=room),
        "vera": actions.do_join(user=vera, room=room),
    }


def make_activity(organiser, item, kind=Activity.Kind.BOARD, *, open=True, **options):
    activity = actions.do_create_activity(
        actor=organiser, program_item=item, kind=kind, title=f"Aktivitet {kind}", **options
    )
    if open:
        actions.do_set(actor=organiser, activity=activity, status="open")
        activity.refresh_from_db()
    return activity


TRENDS = (("ecological", "Klimatanpassning"), ("social", "Åldrande befolkning"))


def foresight_with_trends(organiser, item, author, trends=TRENDS, *, rating=True):
    """An open foresight with ``trends`` ((STEEP key, text), …) written by ``author`` (a
    participant), its rating opened; the activity and the trends."""
    foresight = make_activity(organiser, item, Activity.Kind.FORESIGHT)
    notes = [
        actions.do_add_note(
            participant=author, activity=foresight, text=text, column=foresight.columns.get(key=key)
        )
        for key, text in trends
    ]
    if rating:
        actions.do_set(actor=organiser, activity=foresight, voting_open=True)
    return foresight, notes


@pytest.fixture
def board(olle_organiser, dialogue_item):
    """An open board with the columns Möjligheter and Hinder."""
    return make_activity(
        olle_organiser, dialogue_item, Activity.Kind.BOARD, columns=["Möjligheter", "Hinder"]
    )


@pytest.fixture
def in_english():
    """Messages in English, the source language, so that rule tests read the same in the code
    and the test (the Swedish ones are checked by the page tests)."""
    with translation.override("en"):
        yield
