"""The privacy notice, the accessibility statement, one's own data with its JSON download, and
deleting one's account, in a real browser: in Swedish and English, on a desktop and a 390 px
phone, each with zero axe-core violations. Screenshots go to tests/browser/screenshots/
(git-ignored)."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from larlabb.accounts.models import User
from larlabb.privacy.models import Controller
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in
from tests.privacy.conftest import footprint  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def controller(db) -> Controller:
    return Controller.objects.create(
        pk=1, name="Reglab", email="dataskydd@reglab.example", phone="08-123 45 67"
    )


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits_a_phone(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width}px)"


def in_english(page: Page) -> None:
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


PUBLIC = {
    "notice": (
        "/personuppgifter/",
        "Så hanterar Lärlabb personuppgifter",
        "How Lärlabb handles personal data",
    ),
    "accessibility": (
        "/tillganglighet/",
        "Den här webbplatsen är delvis förenlig",
        "This website is partially compliant",
    ),
}


@pytest.mark.parametrize("name", PUBLIC)
def test_a_public_page_in_both_languages_and_on_a_phone(page: Page, phone: Page, controller, name):
    path, swedish, english = PUBLIC[name]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Personuppgifter" if name == "notice" else "Tillgänglighet"
    ).click()
    expect(page).to_have_url(f"{page.url.split(path)[0]}{path}")
    expect(page.locator("main")).to_contain_text(swedish)
    expect(page.locator("main")).to_contain_text("dataskydd@reglab.example")
    assert_accessible(page)
    shoot(page, f"privacy-{name}-1280")
    in_english(page)
    expect(page.locator("main")).to_contain_text(english)
    assert_accessible(page)

    phone.goto(path)
    expect(phone.locator("main")).to_contain_text(swedish)
    assert_accessible(phone)
    fits_a_phone(phone)
    shoot(phone, f"privacy-{name}-390")


def test_the_own_data_page_shows_everything_and_downloads_it(
    page: Page,
    phone: Page,
    live_server,
    footprint,  # noqa: F811
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, footprint.person, live_server)
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Mina uppgifter").click()
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Mina uppgifter", level=1)).to_be_visible()
    expect(main).to_contain_text("glutenfritt")
    expect(main).to_contain_text("Gemensamma mötesplatser")
    expect(main).to_contain_text("Jag lärde mig om målkonflikter")
    assert_accessible(page)
    shoot(page, "privacy-own-data-1280")

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som JSON").click()
    assert download.value.suggested_filename == "mina-uppgifter.json"
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"][0]["email"] == "sanna@example.org"
    assert data["registrations"][0]["dietary_needs"] == "glutenfritt"
    assert [note["text"] for note in data["notes"]] == ["Gemensamma mötesplatser"]

    in_english(page)
    expect(main.get_by_role("heading", name="My data", level=1)).to_be_visible()
    assert_accessible(page)

    log_in(phone, footprint.person, live_server)
    phone.goto("/konto/mina-uppgifter/")
    expect(phone.locator("main")).to_contain_text("glutenfritt")
    assert_accessible(phone)
    fits_a_phone(phone)
    shoot(phone, "privacy-own-data-390")


def test_a_person_deletes_their_account(page: Page, live_server, footprint):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, footprint.person, live_server)
    page.goto("/konto/mina-uppgifter/")
    page.get_by_role("link", name="Radera mitt konto").click()
    expect(page.locator("h1")).to_have_text("Radera mitt konto")
    assert_accessible(page)
    shoot(page, "privacy-delete-1280")

    page.get_by_role("button", name="Radera mitt konto").click()  # without the tick
    expect(page.locator(".error-summary")).to_contain_text("Kryssa i rutan")
    assert_accessible(page)
    assert User.objects.get(pk=footprint.person.pk).is_active

    page.get_by_label("Jag förstår att mitt konto").check()
    page.get_by_role("button", name="Radera mitt konto").click()
    expect(page.locator("h1")).to_have_text("Ditt konto är raderat")
    assert_accessible(page)
    shoot(page, "privacy-deleted-1280")
    assert not User.objects.get(pk=footprint.person.pk).is_active

    page.goto("/konto/mina-uppgifter/")
    expect(page).to_have_url(f"{live_server.url}/konto/login/code/?next=/konto/mina-uppgifter/")


def test_the_delete_page_on_a_phone(phone: Page, live_server, footprint):  # noqa: F811
    log_in(phone, footprint.person, live_server)
    phone.goto("/konto/radera/")
    expect(phone.locator("h1")).to_have_text("Radera mitt konto")
    assert_accessible(phone)
    fits_a_phone(phone)
    shoot(phone, "privacy-delete-390")


def test_the_organisers_pages(page: Page, live_server, footprint, olle_organiser, lab):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, olle_organiser, live_server)
    page.goto("/personuppgifter/ansvarig/")
    page.get_by_label("Personuppgiftsansvarig").fill("Reglab")
    page.get_by_label("E-postadress för frågor om personuppgifter").fill("dataskydd@reglab.example")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Uppgifterna har sparats")
    assert_accessible(page)
    shoot(page, "privacy-controller-1280")

    page.get_by_role("link", name=lab.title).click()
    expect(page.locator("h1")).to_have_text("Radera en deltagares konto")
    page.get_by_label("Personens begäran").fill("Mejl den 3 mars")
    page.get_by_role("button", name="Radera kontot").click()  # no person, no tick
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    shoot(page, "privacy-delete-person-1280")
    assert User.objects.get(pk=footprint.person.pk).is_active
