"""An organiser edits the demo lab and moves a workshop in the browser; every page passes
axe-core, on a desktop and on a phone."""

import pytest
from playwright.sync_api import Page, expect

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.core.models import OutgoingEmail
from larlabb.labs.models import WorkshopChange
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organiser(demo) -> User:
    return User.objects.get(email="organisator@example.org")


@pytest.mark.parametrize(
    "path",
    [
        "/labb/hallbar-utveckling/hantera/",
        "/labb/hallbar-utveckling/redigera/",
        "/labb/hallbar-utveckling/workshop/ny/",
        "/labb/hallbar-utveckling/workshop/1/redigera/",
        "/labb/hallbar-utveckling/workshop/1/flytta/",
        "/labb/hallbar-utveckling/workshop/1/stall-in/",
        "/labb/nytt/",
        "/konto/profil/",
        "/konto/personer/",
        "/konto/personer/ny/",
        "/aktorer/organisationer/",
        "/aktorer/organisationer/import/",
    ],
)
def test_organiser_pages_are_accessible_on_a_phone(phone: Page, organiser, live_server, path):
    log_in(phone, organiser, live_server)
    phone.goto(path)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390, path
    assert_accessible(phone)


def test_the_organiser_moves_a_workshop_and_the_invitation_says_so(
    page: Page, organiser, live_server
):
    log_in(page, organiser, live_server)
    page.goto("/labb/hallbar-utveckling/hantera/")
    page.get_by_role("link", name="Flytta Workshop 2").click()
    page.get_by_label("Börjar").fill("10:00")
    page.get_by_label("Anledning").fill("på grund av ett krockande möte")
    page.get_by_role("button", name="Flytta workshopen").click()

    # the survey's second round hangs on the last workshop: the page shows where it goes
    expect(page.get_by_role("group", name="Datum som följer workshopen")).to_contain_text(
        "Enkätens andra omgång öppnar"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta flytten").click()

    expect(page.locator(".messages")).to_contain_text("Workshopen har flyttats")
    assert_accessible(page)
    assert WorkshopChange.objects.filter(reason="på grund av ett krockande möte").count() == 1
    assert OutgoingEmail.objects.filter(subject__contains="har flyttats").count() == 4

    page.goto("/labb/hallbar-utveckling/")
    expect(page.locator("#workshop-2")).to_contain_text("kl. 10.00–16.30")
    expect(page.locator("#workshop-2")).to_contain_text("Flyttad på grund av ett krockande möte")


def test_a_bad_move_shows_the_error_next_to_the_field(page: Page, organiser, live_server):
    log_in(page, organiser, live_server)
    page.goto("/labb/hallbar-utveckling/workshop/1/flytta/")
    page.get_by_label("Slutar").fill("08:00")
    page.get_by_label("Anledning").fill("test")
    page.get_by_role("button", name="Flytta workshopen").click()

    expect(page.locator("main")).to_contain_text("Sluttiden måste vara efter starttiden.")
    assert WorkshopChange.objects.filter(reason="test").count() == 0
    assert_accessible(page)


def test_a_rejected_import_lists_its_bad_lines(page: Page, organiser, live_server, tmp_path):
    bad = tmp_path / "organisationer.csv"
    bad.write_text("name,kind,county_code\nFöreningen Ny,civil_society,\nRegion Okänd,landsting,\n")
    log_in(page, organiser, live_server)
    page.goto("/aktorer/organisationer/import/")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(bad)
    page.get_by_role("button", name="Importera").click()

    expect(page.get_by_role("alert")).to_contain_text("Rad 3: okänd typ ”landsting”.")
    assert_accessible(page)
    assert not Organisation.objects.filter(name="Föreningen Ny").exists()
