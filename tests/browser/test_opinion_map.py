"""The opinion map in real browsers: the big screen shows the statements until the facilitator
shows the results, then the map; a participant answers the statements one at a time on a
390 px phone and the big screen's map takes their dot live; a participant's statement waits
for the facilitator, who approves it on a laptop, and it comes to the phone. axe-core on the
phone, the facilitator's page, the results page and the big screen. Screenshots go to
tests/browser/screenshots/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from larlabb.live.models import Activity
from tests.browser.axe import assert_accessible
from tests.browser.test_live_room import fits, ready
from tests.browser.test_presenter import presenter
from tests.live.cast import make_activity
from tests.live.test_opinion_pages import CAMP_A, CAMP_B, STATEMENTS, answering

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).parent / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"opinions-{name}.png"), full_page=True)


def test_answers_on_a_phone_move_the_big_screens_map(
    browser, asgi_server, phones, lab, olle_organiser, dialogue_item, joined, sanna
):
    opinions = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.OPINIONS, options=STATEMENTS
    )
    answering(lab, opinions, 3, CAMP_A, kind="region")
    answering(lab, opinions, 3, CAMP_B, kind="agency")
    code = opinions.room.code

    screen = presenter(browser, asgi_server, olle_organiser, "1920x1080")
    screen.goto(f"/live/{code}/{opinions.pk}/projektor/")
    ready(screen)
    # before the results are shown, the big screen has the statements and no map
    expect(screen.locator(".pnote")).to_have_count(8)
    expect(screen.locator(".plater")).to_have_text(
        "Åsiktskartan visas när processledaren visar resultaten."
    )
    assert screen.locator(".opinion-dot").count() == 0
    assert_accessible(screen)
    laptop = presenter(browser, asgi_server, olle_organiser, "1280x720")
    laptop.goto(f"/live/{code}/{opinions.pk}/styr/")
    ready(laptop)
    laptop.locator("#switch-revealed").click()  # the facilitator shows the results
    expect(screen.locator(".opinion-dot")).to_have_count(6)
    assert screen.locator("button, input, select, textarea").count() == 0
    assert_accessible(screen)
    shot(screen, "presenter-1920")

    phone = phones(sanna)
    phone.goto(f"/live/{code}/{opinions.pk}/")
    ready(phone)
    card = phone.locator(".answer-card")
    expect(card.locator("h2")).to_have_text("Påstående 1 av 8")
    assert_accessible(phone)
    fits(phone)
    shot(phone, "phone-first")
    for number in range(1, 9):
        expect(card.locator("h2")).to_have_text(f"Påstående {number} av 8")
        expect(card.locator(".statement-text")).to_have_text(STATEMENTS[number - 1])
        card.get_by_role("button", name="Håller med", exact=True).click()
        if number == 1:  # the status region says what is saved and what comes next
            expect(phone.locator("#live-announce")).to_have_text(
                f"Sparat: Håller med. Nästa: {STATEMENTS[1]}"
            )
    expect(card.locator("h2")).to_contain_text("Du har svarat på alla påståenden")
    expect(phone.locator("#live-announce")).to_contain_text("Sparat: Håller med.")
    # the big screen takes the new dot without a reload
    expect(screen.locator(".opinion-dot")).to_have_count(7, timeout=10_000)

    # an answer changes: the same statement comes back to the card
    phone.get_by_role("button", name=f"Ändra svaret på: {STATEMENTS[1]}").click()
    expect(card.locator(".statement-text")).to_have_text(STATEMENTS[1])
    card.get_by_role("button", name="Håller inte med").click()
    expect(phone.locator(".my-answers")).to_contain_text("Håller inte med")

    # a statement of her own waits for the facilitator
    phone.get_by_label("Ditt påstående").fill("Vi behöver en gemensam mötesplats")
    phone.get_by_role("button", name="Skicka").click()
    expect(phone.get_by_text("Dina påståenden som väntar")).to_be_visible()
    assert_accessible(phone)
    fits(phone)
    shot(phone, "phone-answered")

    pending = laptop.locator("#h-pending")
    expect(pending).to_have_text("Väntar på godkännande (1)")
    assert_accessible(laptop)
    shot(laptop, "facilitator")
    waiting = laptop.locator("section", has=pending)
    expect(waiting).to_contain_text("Sanna Skåning")  # the facilitators see who proposed it
    waiting.get_by_role(
        "button", name=re.compile("^Visa .*Vi behöver en gemensam mötesplats")
    ).click()
    expect(pending).to_have_text("Väntar på godkännande (0)")
    # approved, it comes to the phone as the next statement to answer
    expect(card.locator(".statement-text")).to_have_text("Vi behöver en gemensam mötesplats")
    expect(card.locator("h2")).to_have_text("Påstående 9 av 9")

    laptop.goto(f"/live/{code}/{opinions.pk}/karta/")
    expect(laptop.locator(".opinion-dot")).to_have_count(7)
    assert_accessible(laptop)
    shot(laptop, "results-page")
    phone.goto(f"/live/{code}/{opinions.pk}/karta/")
    assert_accessible(phone)
    fits(phone)
    # a table wider than the phone scrolls in its box; its caption stays whole in view
    cut = phone.evaluate(
        """() => [...document.querySelectorAll(".table-scroll caption")].filter((c) => {
          const box = c.closest(".table-scroll").getBoundingClientRect();
          const r = c.getBoundingClientRect();
          return r.left < box.left - 0.5 || r.right > box.right + 0.5;
        }).map((c) => c.textContent)"""
    )
    assert cut == []
    shot(phone, "results-page-phone")
    for page in (screen, laptop):
        page.context.close()
