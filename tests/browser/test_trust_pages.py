"""The pages of issue "Trust" in a real browser, on a 390 px phone with zero axe-core
violations: who is in the room (remove a person, whose phone leaves the room at once; a new
join code; the room's limits), an organisation's email domains, and the approval of a claimed
organisation on the registrations page."""

import pytest
from playwright.sync_api import Page, expect

from larlabb.accounts.models import User
from larlabb.actors.models import EmailDomain
from larlabb.live.models import Participant, Room
from larlabb.registrations.actions import Answers, do_register
from larlabb.registrations.models import Registration
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE, log_in
from tests.browser.test_live_room import fits, ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_removes_a_person_whose_phone_leaves_the_room_at_once(
    phones, board, joined, sanna, olle_organiser
):
    hers = phones(sanna)
    hers.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(hers)

    facilitator = phones(olle_organiser)
    facilitator.set_viewport_size(PHONE)
    facilitator.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    facilitator.get_by_role("link", name="Vilka som är i rummet").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Vilka som är i rummet")
    assert_accessible(facilitator)
    fits(facilitator)
    facilitator.screenshot(path="tests/browser/screenshots/trust-people-phone.png", full_page=True)

    facilitator.get_by_role("button", name="Ta bort Sanna Skåning från rummet").click()
    expect(facilitator.locator(".messages")).to_contain_text(
        "Sanna Skåning är inte längre i rummet."
    )
    # her phone hears it and goes to the room's start page, which says why
    expect(hers.locator("main")).to_contain_text("En processledare har tagit bort dig från rummet.")
    assert_accessible(hers)
    assert Participant.objects.get(pk=joined["sanna"].pk).removed_at is not None

    old = board.room.code
    facilitator.get_by_role("button", name="Ge rummet en ny kod").click()
    expect(facilitator.locator(".messages")).to_contain_text("Rummet har fått en ny kod.")
    assert Room.objects.get(pk=board.room.pk).code != old

    facilitator.get_by_label("lappar per person och minut").fill("0")
    facilitator.get_by_role("button", name="Spara gränserna").click()
    expect(facilitator.locator(".messages, .error-summary").first).to_contain_text(
        "Varje gräns är ett tal från 1 till 1000."
    )
    facilitator.get_by_label("lappar per person och minut").fill("40")
    facilitator.get_by_role("button", name="Spara gränserna").click()
    expect(facilitator.locator(".messages")).to_contain_text("Rummets gränser är sparade.")
    assert Room.objects.get(pk=board.room.pk).notes_per_minute == 40
    assert_accessible(facilitator)


def test_an_organiser_sets_domains_and_approves_a_claimed_organisation(
    phone: Page, lab, region_skane, olle_organiser, live_server
):
    claimant = User.objects.create_user(
        "konsult@example.invalid", name="Kim Konsult", organisation=region_skane
    )
    registration = do_register(
        actor=claimant,
        lab=lab,
        organisation=region_skane,
        answers=Answers(title="Utredare", travel_acknowledged=True),
    )
    assert registration.status == Registration.Status.UNAPPROVED
    log_in(phone, olle_organiser, live_server)

    phone.goto("/aktorer/organisationer/")
    phone.get_by_role("link", name="Ändra e-postdomänerna för Region Skåne").click()
    assert_accessible(phone)
    fits(phone)
    phone.get_by_label("E-postdomäner").fill("skane.example\nskane.se")
    phone.get_by_role("button", name="Spara").click()
    expect(phone.locator(".messages")).to_contain_text(
        "E-postdomänerna för Region Skåne är sparade."
    )
    assert set(EmailDomain.objects.values_list("domain", flat=True)) == {
        "skane.example",
        "skane.se",
    }

    phone.goto(f"/labb/{lab.slug}/anmalningar/")
    assert_accessible(phone)
    fits(phone)
    phone.screenshot(path="tests/browser/screenshots/trust-approve-phone.png", full_page=True)
    phone.get_by_role("button", name="Godkänn att Kim Konsult arbetar på Region Skåne").click()
    expect(phone.locator(".messages")).to_contain_text("Kim Konsult hör nu till Region Skåne.")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
