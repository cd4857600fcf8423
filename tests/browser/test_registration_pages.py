"""Registration in the browser: the form on a phone, the organisers' overview, check-in; each
page with zero axe-core violations."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from larlabb.accounts.actions import reminders_off_path
from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.registrations.models import Attendance, Registration
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


def test_a_participant_registers_on_a_phone(phone: Page, demo, live_server):
    halland = Organisation.objects.get(county_code="13")
    person = User.objects.create_user("hanna@regionhalland.se", name="Hanna Halländing")
    log_in(phone, person, live_server)
    phone.goto(demo.get_absolute_url())
    phone.get_by_role("link", name="Anmäl dig").first.click()
    fits(phone)
    assert_accessible(phone)

    phone.get_by_label("Organisation").select_option(str(halland.pk))
    phone.get_by_label("Din roll eller titel").fill("RUS-samordnare")
    phone.get_by_label("Jag har en överblick över det regionala utvecklingsarbetet").check()
    phone.get_by_label("Specialkost").fill("vegetariskt")
    phone.get_by_role("button", name="Anmäl dig").click()

    expect(phone.locator("main")).to_contain_text("Bekräfta att du själv står för resor och logi.")
    assert_accessible(phone)
    phone.get_by_label("Jag vet att deltagarna själva står för resor och logi.").check()
    phone.get_by_role("button", name="Anmäl dig").click()

    expect(phone.locator(".messages")).to_contain_text("Du är anmäld.")
    expect(phone.locator("main")).to_contain_text("Avanmäl mig")
    fits(phone)
    assert_accessible(phone)
    assert Registration.objects.get(person=person).status == "confirmed"


def test_a_form_sent_with_errors_moves_focus_to_its_summary_and_a_link_to_its_field(
    phone: Page, demo, live_server
):
    person = User.objects.create_user("hanna@regionhalland.se", name="Hanna Halländing")
    log_in(phone, person, live_server)
    phone.goto(demo.get_absolute_url())
    phone.get_by_role("link", name="Anmäl dig").first.click()
    expect(phone.locator("form .required-note")).to_have_text(
        "Fält markerade med * måste fyllas i."
    )

    phone.get_by_role("button", name="Anmäl dig").click()

    summary = phone.locator(".error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(summary.get_by_role("heading", level=2)).to_have_text(
        f"Formuläret har {links.count()} fel"
    )
    fits(phone)
    assert_accessible(phone)

    summary.get_by_role("link", name="Din roll eller titel: Detta fält måste fyllas i.").click()
    title = phone.get_by_label("Din roll eller titel")
    expect(title).to_be_focused()
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(
        "Till exempel RUS-samordnare eller analytiker. Detta fält måste fyllas i."
    )

    summary.get_by_role("link", name=re.compile("^Vilken kunskap har du")).click()
    expect(phone.get_by_label("Jag känner till det regionala utvecklingsuppdraget")).to_be_focused()


def test_the_organisers_overview_check_in_and_day_list(phone: Page, demo, live_server):
    organiser = User.objects.get(email="organisator@example.org")
    log_in(phone, organiser, live_server)
    for path in [
        f"/labb/{demo.slug}/anmalningar/",
        f"/labb/{demo.slug}/anmalningar/ny/",
        f"/labb/{demo.slug}/workshop/1/deltagarlista/",
    ]:
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        fits(phone)
        assert_accessible(phone)

    phone.goto(f"/labb/{demo.slug}/workshop/1/incheckning/")
    phone.get_by_label("Namn eller organisation").fill("Sanna")
    phone.get_by_role("button", name="Sök").click()
    phone.get_by_role("button", name="Checka in Sanna Skåning").click()
    expect(phone.locator(".messages")).to_contain_text("Sanna Skåning är incheckad.")
    fits(phone)
    assert_accessible(phone)
    assert Attendance.objects.filter(registration__person__email="skane@example.org").count() == 1


def test_self_check_in_and_stopping_reminders(phone: Page, demo, live_server):
    person = User.objects.get(email="boverket@example.org")
    log_in(phone, person, live_server)
    phone.goto(f"/labb/{demo.slug}/workshop/1/checka-in/")
    phone.get_by_label("Koden som visas i lokalen").fill(demo.workshops.get(number=1).checkin_code)
    phone.get_by_role("button", name="Checka in").click()
    expect(phone.locator("main")).to_contain_text("Incheckningen öppnar på workshopdagen.")
    now = timezone.localtime()  # self check-in opens on the workshop's day: make it today
    demo.workshops.filter(number=1).update(
        starts_at=now.replace(hour=0, minute=30), ends_at=now.replace(hour=23, minute=30)
    )
    phone.goto(f"/labb/{demo.slug}/workshop/1/checka-in/")
    assert_accessible(phone)
    phone.get_by_label("Koden som visas i lokalen").fill(demo.workshops.get(number=1).checkin_code)
    phone.get_by_role("button", name="Checka in").click()
    expect(phone.locator("main")).to_contain_text("Du är incheckad. Välkommen!")

    phone.goto(reminders_off_path(person))
    assert_accessible(phone)
    phone.get_by_role("button", name="Stäng av påminnelserna").click()
    expect(phone.locator("main")).to_contain_text("Du får inga fler påminnelser.")
    person.refresh_from_db()
    assert person.wants_reminders is False
