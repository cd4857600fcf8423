"""The way in, walked by a brand-new person on a 390 px phone: from the invitation through the
code door, their name and organisation, the registration form and its confirmation, into the
workshop room by its code. Every page fits the phone and has zero axe-core violations, in
Swedish and in English."""

import re

import pytest
from playwright.sync_api import Page, expect

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.live.models import Participant, Room
from larlabb.registrations.models import Registration
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "sv": {
        "register": "Anmäl dig",
        "door": "Logga in eller anmäl dig",
        "email": "E-post",
        "send": "Mejla mig en kod",
        "code heading": "Skriv in koden",
        "code": "Kod",
        "log in": "Logga in",
        "welcome": "Välkommen till Lärlabb",
        "name": "Ditt namn",
        "organisation": "Din organisation",
        "continue": "Fortsätt",
        "title": "Din roll eller titel",
        "knowledge": "Jag har en överblick över det regionala utvecklingsarbetet",
        "travel": "Jag vet att deltagarna själva står för resor och logi.",
        "registered": "Du är anmäld.",
        "code email": "Din kod för att logga in på Lärlabb:",
        "greeting": "Hej Nina,",
        "room code": "Koden på skärmen i lokalen",
        "join": "Gå med",
    },
    "en": {
        "register": "Register",
        "door": "Log in or register",
        "email": "Email",
        "send": "Email me a code",
        "code heading": "Type your code",
        "code": "Code",
        "log in": "Log in",
        "welcome": "Welcome to Lärlabb",
        "name": "Your name",
        "organisation": "Your organisation",
        "continue": "Continue",
        "title": "Your role or title",
        "knowledge": "I have an overview of regional development work",
        "travel": "I know that participants pay their own travel and lodging.",
        "registered": "You are registered.",
        "code email": "Your code to log in to Lärlabb:",
        "greeting": "Hello Nina,",
        "room code": "The code on the screen in the room",
        "join": "Join",
    },
}


def looked_at(page: Page) -> None:
    """The page fits the phone and has no axe-core violations."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url
    assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_new_person_registers_from_the_invitation_and_joins_the_room_on_a_phone(
    phone: Page, demo, live_server, mailbox, run_tasks, language
):
    words = WORDS[language]
    halland = Organisation.objects.get(county_code="13")
    email = f"nina.{language}@regionhalland.se"  # an address of the organisation chosen
    phone.goto(demo.get_absolute_url())
    if language == "en":
        phone.get_by_role("button", name="In English").click()
        expect(phone.locator("html")).to_have_attribute("lang", "en")
    looked_at(phone)

    phone.get_by_role("link", name=words["register"], exact=True).first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(words["door"])
    looked_at(phone)
    phone.get_by_label(words["email"]).fill(email)
    phone.get_by_role("button", name=words["send"]).click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(words["code heading"])
    looked_at(phone)
    run_tasks()
    [message] = mailbox.to(email)
    text = mailbox.text(message)
    assert words["code email"] in text
    assert email not in text
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", text, re.MULTILINE).group(1)
    phone.get_by_label(words["code"]).fill(code)
    phone.get_by_role("button", name=words["log in"], exact=True).click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(words["welcome"])
    looked_at(phone)
    phone.get_by_label(words["name"]).fill("Nina Ny")
    phone.get_by_label(words["organisation"]).select_option(str(halland.pk))
    phone.get_by_role("button", name=words["continue"]).click()

    expect(phone).to_have_url(re.compile(r"/anmalan/$"))
    looked_at(phone)
    phone.get_by_label(words["title"]).fill("RUS-samordnare")
    phone.get_by_label(words["knowledge"]).check()
    phone.get_by_label(words["travel"]).check()
    phone.get_by_role("button", name=words["register"], exact=True).click()

    expect(phone.locator(".messages")).to_contain_text(words["registered"])
    looked_at(phone)
    person = User.objects.get(email=email)
    assert (person.name, person.organisation, person.language) == ("Nina Ny", halland, language)
    registration = Registration.objects.get(person=person)
    assert (registration.status, registration.organisation) == ("confirmed", halland)
    run_tasks()
    confirmation = mailbox.to(email)[-1]
    assert words["greeting"] in mailbox.text(confirmation)

    room = Room.objects.get(workshop__lab=demo, workshop__number=1)
    phone.goto("/")
    looked_at(phone)
    phone.get_by_label(words["room code"]).fill(room.code.lower())
    phone.get_by_role("button", name=words["join"], exact=True).click()

    expect(phone).to_have_url(re.compile(rf"/live/{room.code}/$"))
    looked_at(phone)
    assert Participant.objects.filter(room=room, user=person).exists()
