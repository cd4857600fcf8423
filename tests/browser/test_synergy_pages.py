"""Synergy maps in the browser: a participant scores a row on a phone, saved as they go; the
results (heatmap, rankings, lists) and the organisers' pages pass axe-core on a phone."""

import time

import pytest
from playwright.sync_api import Page, expect

from larlabb.accounts.models import User
from larlabb.synergies.models import MappingSession, Score
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def eventually(check, seconds: float = 10) -> bool:
    """Whether ``check`` holds within ``seconds`` (htmx saves each change in the background)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def fits(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


@pytest.fixture
def demo_map(demo) -> MappingSession:
    return MappingSession.objects.get(lab=demo)


def test_a_participant_scores_a_row_on_a_phone(phone: Page, demo_map, live_server):
    sanna = User.objects.get(email="skane@example.org")
    Score.objects.filter(scorer=sanna).delete()
    log_in(phone, sanna, live_server)
    phone.goto(f"/labb/{demo_map.lab.slug}/")
    phone.get_by_role("link", name="Synergikartor").click()
    phone.get_by_role("link", name=demo_map.title).click()
    phone.get_by_role("link", name="Börja bedöma").click()

    expect(phone.get_by_role("heading", level=1)).to_contain_text("Rad 1 av 8")
    fits(phone)
    assert_accessible(phone)
    first = phone.locator("fieldset.score-cell").first
    first.get_by_text("Förstärkande").click()  # the label of the +2 radio button
    expect(phone.locator("#save-status")).to_have_text("Sparat.")
    expect(phone.locator("#my-progress-text")).to_have_text("1 / 56")
    assert Score.objects.get(scorer=sanna).value == 2

    # the keyboard: focus the next cell's first option and move along the scale with arrows
    second = phone.locator("fieldset.score-cell").nth(1)
    second.locator("input[type=radio]").first.focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    expect(second.locator("input[value='0']")).to_be_checked()
    expect(phone.locator("#my-progress-text")).to_have_text("2 / 56")
    assert eventually(
        lambda: sorted(Score.objects.filter(scorer=sanna).values_list("value", flat=True)) == [0, 2]
    )

    phone.get_by_role("button", name="Spara och gå till nästa rad").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Rad 2 av 8")
    assert_accessible(phone)


def test_the_results_show_the_heatmap_and_rankings_on_a_phone(phone: Page, demo_map, live_server):
    log_in(phone, User.objects.get(email="boverket@example.org"), live_server)
    phone.goto(f"/synergier/{demo_map.pk}/resultat/")

    expect(
        phone.get_by_role("table", name="Samlad matris: radmålet påverkar kolumnmålet")
    ).to_be_visible()
    expect(phone.get_by_role("heading", name="Vilka mål driver de andra")).to_be_visible()
    expect(phone.locator(".bars li")).to_have_count(24)
    expect(phone.get_by_role("img")).to_have_count(1)
    fits(phone)
    assert_accessible(phone)


@pytest.mark.parametrize(
    "path",
    [
        "/labb/hallbar-utveckling/synergier/",
        "/labb/hallbar-utveckling/synergier/ny/",
        "/synergier/mal/",
        "/synergier/mal/sdgs/",
        "/synergier/{pk}/",
        "/synergier/{pk}/resultat/",
        "/synergier/{pk}/individuellt/",
        "/synergier/{pk}/dokumentation/",
    ],
)
def test_the_organisers_synergy_pages_are_accessible_on_a_phone(
    phone: Page, demo_map, live_server, path
):
    log_in(phone, User.objects.get(email="organisator@example.org"), live_server)
    phone.goto(path.format(pk=demo_map.pk))
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    fits(phone)
    assert_accessible(phone)


def test_the_organiser_creates_a_map_in_the_browser(page: Page, demo, live_server):
    log_in(page, User.objects.get(email="organisator@example.org"), live_server)
    page.goto("/labb/hallbar-utveckling/synergier/ny/")
    page.get_by_label("Titel").fill("Trafik och klimat")
    sdgs = page.locator("details", has_text="Globala målen för hållbar utveckling")
    expect(sdgs).to_have_attribute("open", "")  # the first catalogue is open
    for code in ("SDG 3", "SDG 7", "SDG 9", "SDG 11", "SDG 13"):
        page.get_by_label(code, exact=False).first.check()
    page.get_by_role("button", name="Skapa synergikartan").click()

    expect(page.locator(".messages")).to_contain_text("Synergikartan har skapats.")
    assert_accessible(page)
    created = MappingSession.objects.get(title="Trafik och klimat")
    assert created.session_goals.count() == 5


def test_an_own_catalogue_and_a_split_session_are_accessible_on_a_phone(
    phone: Page, demo, live_server
):
    from larlabb.synergies.actions import do_create_session
    from larlabb.synergies.models import Catalogue, Goal

    organiser = User.objects.get(email="organisator@example.org")
    catalogue = Catalogue.objects.create(key="rus-skane", name="Skånes utvecklingsstrategi")
    goals = [
        Goal.objects.create(catalogue=catalogue, code=f"S{n}", title=f"Mål {n}", position=n)
        for n in range(1, 7)
    ]
    split = do_create_session(
        actor=organiser, lab=demo, title="Delad karta", goals=goals, group_count=2
    )
    log_in(phone, organiser, live_server)
    phone.goto("/synergier/mal/rus-skane/")
    expect(phone.get_by_role("heading", name="Importera mål")).to_be_visible()
    fits(phone)
    assert_accessible(phone)

    log_in(phone, User.objects.get(email="skane@example.org"), live_server)
    phone.goto(f"/synergier/{split.pk}/")
    expect(phone.get_by_label("Din grupp")).to_be_visible()
    fits(phone)
    assert_accessible(phone)


def test_the_live_results_can_be_paused_while_scores_come_in(browser, demo_map, asgi_server):
    """WCAG 2.2.2: the results that redraw as scores arrive can be paused, and the page says
    that new scores wait; resuming shows them. The choice is kept for the person."""
    pages = []
    for email in ("organisator@example.org", "skane@example.org"):
        context = browser.new_context(base_url=asgi_server.url, bypass_csp=True, viewport=PHONE)
        pages.append(context.new_page())
        log_in(pages[-1], User.objects.get(email=email), asgi_server)
    results, scorer = pages
    Score.objects.filter(scorer__email="skane@example.org").delete()
    results.goto(f"/synergier/{demo_map.pk}/resultat/")
    expect(results.locator("#live-results")).to_have_attribute("data-live", "open")
    pause = results.get_by_role("button", name="Pausa uppdateringar")
    pause.click()
    expect(results.get_by_role("button", name="Fortsätt uppdatera")).to_be_focused()
    before = results.locator("#live-results").inner_html()

    scorer.goto(f"/synergier/{demo_map.pk}/bedom/")
    scorer.locator("fieldset.score-cell").first.get_by_text("Förstärkande").click()
    expect(scorer.locator("#save-status")).to_have_text("Sparat.")
    status = results.locator("#results-status")
    expect(status).to_have_text("Nya poäng har kommit in. De visas när du fortsätter uppdatera.")
    assert results.locator("#live-results").inner_html() == before
    assert_accessible(results)

    results.reload()
    expect(results.get_by_role("button", name="Fortsätt uppdatera")).to_be_visible()
    results.get_by_role("button", name="Fortsätt uppdatera").click()
    expect(results.get_by_role("button", name="Pausa uppdateringar")).to_be_visible()
    for page in pages:
        page.context.close()
