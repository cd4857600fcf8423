"""An organiser cannot bring another lab's person into reach by registering them by hand
(review of issue "Trust"): a person Lärlabb knows, registered by hand in a lab of an organiser
who cannot yet see them, confirms the registration themselves, as a colleague does; until they
do, the organiser can neither see, edit nor delete their account."""

import pytest

from larlabb.accounts.actions import AccountError, PersonValues, do_save_person
from larlabb.accounts.queries import may_see_person
from larlabb.privacy.actions import PrivacyError, check_may_delete
from larlabb.registrations.actions import (
    Answers,
    colleague_token,
    do_confirm_colleague,
    do_register_by_hand,
)
from larlabb.registrations.models import Registration
from tests.factories import LabFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_registering_someone_by_hand_does_not_bring_their_account_into_reach(
    lab, olle_organiser, other_organiser, region_skane, rus_network
):
    ottos = LabFactory(title="Ottos labb", slug="ottos-labb", organisers=[other_organiser])
    pia = UserFactory(email="pia@skane.example", name="Pia Annanstans", organisation=region_skane)
    RegistrationFactory(lab=ottos, person=pia, organisation=region_skane)

    registration = do_register_by_hand(
        actor=olle_organiser,
        lab=lab,
        email="pia@skane.example",
        name="Vem som helst",
        organisation=region_skane,
        answers=Answers(travel_acknowledged=True),
    )

    assert registration.status == Registration.Status.PENDING
    assert not may_see_person(olle_organiser, pia)
    with pytest.raises(AccountError):
        do_save_person(
            actor=olle_organiser,
            person=pia,
            values=PersonValues(name="Omdöpt", email="pia@skane.example"),
        )
    with pytest.raises(PrivacyError):
        check_may_delete(actor=olle_organiser, person=pia)
    pia.refresh_from_db()
    assert pia.name == "Pia Annanstans"

    do_confirm_colleague(actor=pia, token=colleague_token(registration))
    assert may_see_person(olle_organiser, pia)  # she took part in his lab by her own act


def test_a_new_person_registered_by_hand_is_registered_at_once(lab, olle_organiser, region_skane):
    registration = do_register_by_hand(
        actor=olle_organiser,
        lab=lab,
        email="ny@skane.example",
        name="Ny Person",
        organisation=region_skane,
        answers=Answers(travel_acknowledged=True),
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert may_see_person(olle_organiser, registration.person)
