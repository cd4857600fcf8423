"""An organiser copies the demo lab on a phone as the start of next year's lab; every page
passes axe-core and fits the 390 px screen."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from larlabb.accounts.models import User
from larlabb.labs.models import Lab
from larlabb.transfer.actions import first_day
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_the_organiser_copies_the_demo_lab_on_a_phone(phone: Page, demo, live_server):
    log_in(phone, User.objects.get(email="organisator@example.org"), live_server)
    phone.goto("/labb/hallbar-utveckling/hantera/")
    phone.get_by_role("link", name="Kopiera labbet").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Kopiera labbet")
    assert fits(phone)
    assert_accessible(phone)

    # a taken address is said next to the field, and nothing is created
    phone.get_by_label("Det nya labbets titel").fill("Lärlabb: Hållbar utveckling 2028")
    phone.get_by_label("Det nya labbets adress").fill("hallbar-utveckling")
    phone.get_by_role("button", name="Kopiera labbet").click()
    expect(phone.locator("main")).to_contain_text("Ett annat labb har redan den här adressen.")
    assert Lab.objects.count() == 1
    assert fits(phone)
    assert_accessible(phone)

    starts_on = first_day(demo) + datetime.timedelta(weeks=52)
    phone.get_by_label("Det nya labbets adress").fill("hallbar-utveckling-2028")
    phone.get_by_label("Det nya labbets första dag").fill(starts_on.isoformat())
    phone.get_by_role("button", name="Kopiera labbet").click()

    expect(phone.locator(".messages")).to_contain_text("Labbet har kopierats.")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lärlabb: Hållbar utveckling 2028")
    expect(phone.locator("main")).to_contain_text("Utkast")
    assert phone.url.endswith("/labb/hallbar-utveckling-2028/hantera/")
    assert fits(phone)
    assert_accessible(phone)
    copy = Lab.objects.get(slug="hallbar-utveckling-2028")
    assert copy.workshops.count() == 2
    assert not copy.registrations.exists()
