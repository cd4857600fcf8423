"""The live room in real browsers: a facilitator and participants on phones, each in their own
browser context. A note posted on one phone appears on the others and on the projector; votes
are counted but hidden until the facilitator reveals them; a phone that loses its connection
comes back with what it missed; every view passes axe-core on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import Page, expect

from larlabb.live import actions
from larlabb.live.models import Activity, Note, Seat, Vote
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE
from tests.live.cast import foresight_with_trends, make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Page, width: int = PHONE["width"]) -> None:
    """Nothing sticks out of the page's width: the page does not scroll sideways."""
    wide = page.evaluate(
        """(width) => [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > width + 0.5)
          .slice(0, 5).map((e) => e.tagName + "." + e.className + "#" + e.id)""",
        width,
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (page.url, wide)


def post_note(page: Page, board, text: str) -> None:
    """Post a note by HTTP from ``page`` (a phone on the room's site), as its script would."""
    column = board.columns.first().pk
    status = page.evaluate(
        """async ([url, payload]) => {
          const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
          const response = await fetch(url, {method: "POST", body: JSON.stringify(payload),
            headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
          return response.status;
        }""",
        [
            f"/live/{board.room.code}/{board.pk}/op/",
            {"op": "note.add", "text": text, "column": column},
        ],
    )
    assert status == 200


def ready(page: Page) -> None:
    expect(page.locator("#live")).to_have_attribute("data-connected", "yes")


def test_a_note_posted_on_one_phone_appears_on_the_others_and_votes_are_revealed(
    phones, board, joined, sanna, anders, olle_organiser
):
    facilitator = phones(olle_organiser)
    facilitator.set_viewport_size(PHONE)
    facilitator.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(facilitator)
    assert_accessible(facilitator)
    fits(facilitator)

    first, second = phones(sanna), phones(anders)
    first.goto(f"/live/{board.room.code}/")
    expect(first.get_by_role("heading", level=1)).to_have_text(board.room.workshop.display_title)
    assert_accessible(first)
    first.get_by_role("link", name=board.title).click()
    second.goto(f"/live/{board.room.code}/{board.pk}/")
    for page in (first, second):
        ready(page)

    first.get_by_label("Kolumn").select_option(label="Hinder")
    first.get_by_label("Din lapp").fill("Olika planeringscykler <b>hos oss</b>")
    first.get_by_role("button", name="Skicka").click()
    for page in (first, second, facilitator):
        expect(page.locator("li.note")).to_have_count(1)
        expect(page.locator("li.note .note-text")).to_have_text(
            "Olika planeringscykler <b>hos oss</b>"
        )
    expect(second.locator("li.note .note-meta")).to_contain_text("Region Skåne")
    assert_accessible(second)
    fits(second)

    # an empty note is refused with a message tied to its field, and nothing is stored
    first.get_by_role("button", name="Skicka").click()
    field = first.get_by_role("textbox", name="Din lapp")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    expect(first.locator("#" + field.get_attribute("aria-describedby").split()[0])).to_have_text(
        "Skriv något först."
    )
    assert Note.objects.count() == 1

    facilitator.get_by_role("button", name="Lås tavlan").click()
    facilitator.get_by_role("button", name="Öppna röstningen").click()
    expect(
        second.get_by_role("button", name="Ge en prick till: Olika planeringscykler <b>hos oss</b>")
    ).to_be_enabled()
    second.get_by_role(
        "button", name="Ge en prick till: Olika planeringscykler <b>hos oss</b>"
    ).click()
    expect(second.locator(".dot-count")).to_have_text("dina prickar: 1")
    expect(facilitator.locator(".note-total")).to_have_text("1 röst")
    expect(first.locator(".note-total:visible")).to_have_count(0)  # hidden until revealed
    assert Vote.objects.count() == 1

    facilitator.get_by_role("button", name="Visa resultaten").click()
    expect(first.locator(".note-total")).to_have_text("1 röst")
    assert_accessible(first)
    assert_accessible(facilitator)


def test_the_projector_shows_the_code_and_what_the_room_sees(
    phones, board, joined, olle_organiser, anders
):
    actions.do_add_note(
        participant=joined["sanna"],
        activity=board,
        text="Gemensamma data",
        column=board.columns.first(),
    )
    page = phones(olle_organiser)
    page.goto(f"/live/{board.room.code}/{board.pk}/projektor/")
    ready(page)
    expect(page.locator(".join-code")).to_have_text(board.room.code)
    expect(page.locator(".pnote")).to_have_count(1)
    expect(page.locator(".live-controls")).to_have_count(0)
    expect(page.locator("button, input, select, textarea")).to_have_count(0)
    assert_accessible(page)
    fits(page)
    phone = phones(anders)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    post_note(phone, board, "Myndighetens bild")
    expect(page.locator(".pnote")).to_have_count(2)


# A stand-in for a tunnel or a lift: while ``window.__offline`` is true the phone's sockets
# cannot reach the server, and ``window.__drop()`` cuts the ones that are open.
FLAKY_NETWORK = """
(() => {
  const Native = window.WebSocket;
  const open = [];
  window.__offline = false;
  window.__drop = () => open.forEach((socket) => socket.close());
  function Flaky(url, protocols) {
    const socket = new Native(window.__offline ? url.replace("/ws/", "/nowhere/") : url, protocols);
    open.push(socket);
    return socket;
  }
  Flaky.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Flaky[name] = Native[name];
  window.WebSocket = Flaky;
})();
"""


def test_a_phone_that_loses_its_connection_gets_what_it_missed(
    phones, board, joined, anders, sanna
):
    other = phones(sanna)
    other.goto(f"/live/{board.room.code}/{board.pk}/")
    phone = phones(anders)
    phone.add_init_script(FLAKY_NETWORK)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    phone.evaluate("() => { window.__offline = true; window.__drop(); }")
    expect(phone.locator("#live")).to_have_attribute("data-connected", "no")
    expect(phone.locator("#live-connection")).to_contain_text("Vi försöker ansluta igen")
    for text in ("Under avbrottet 1", "Under avbrottet 2"):
        post_note(other, board, text)
    phone.evaluate("() => { window.__offline = false; }")
    ready(phone)
    expect(phone.locator("li.note")).to_have_count(2, timeout=15_000)
    texts = phone.locator("li.note .note-text").all_text_contents()
    assert texts == ["Under avbrottet 1", "Under avbrottet 2"]


def test_a_note_written_offline_shows_as_waiting_until_the_server_has_it(
    phones, board, joined, sanna
):
    phone = phones(sanna)
    phone.add_init_script(FLAKY_NETWORK)
    phone.add_init_script("window.fetch = () => new Promise(() => {});")  # no HTTP either
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    phone.evaluate("() => { window.__offline = true; window.__drop(); }")
    expect(phone.locator("#live")).to_have_attribute("data-connected", "no")
    phone.get_by_label("Din lapp").fill("Skriven i tunneln")
    phone.get_by_role("button", name="Skicka").click()
    waiting = phone.locator(".pending li")
    expect(waiting).to_have_text(
        "Väntar på anslutning: ”Skriven i tunneln”. Den skickas när anslutningen är tillbaka."
    )
    assert not Note.objects.filter(text="Skriven i tunneln").exists()
    phone.evaluate("() => { window.__offline = false; }")
    expect(phone.locator("li.note")).to_have_count(1, timeout=15_000)
    expect(waiting).to_have_count(0)
    assert Note.objects.filter(text="Skriven i tunneln").count() == 1


def test_a_note_sent_while_the_connection_is_down_is_sent_once_it_is_back(
    phones, board, joined, sanna
):
    phone = phones(sanna)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    phone.evaluate("() => { window.WebSocket.prototype.send = function () {}; }")  # lost
    phone.get_by_label("Din lapp").fill("Skickad i tunneln")
    phone.get_by_role("button", name="Skicka").click()
    # the phone hears no answer, sends again over HTTP, and the note is stored once
    expect(phone.locator("li.note")).to_have_count(1, timeout=15_000)
    assert Note.objects.filter(text="Skickad i tunneln").count() == 1


def test_a_poll_on_a_phone(phones, olle_organiser, dialogue_item, joined, sanna):
    poll = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.POLL, options=["Mycket väl", "Lite"]
    )
    phone = phones(sanna)
    phone.goto(f"/live/{poll.room.code}/{poll.pk}/")
    ready(phone)
    assert_accessible(phone)
    choice = phone.get_by_role("button", name="Välj: Lite")
    choice.click()
    expect(choice).to_have_attribute("aria-pressed", "true")
    expect(choice).to_be_focused()  # the same button, not a new one
    # the chosen option says so in words, not only by its fill (WCAG 1.4.1)
    expect(phone.locator(".note", has_text="Lite").get_by_text("Ditt val")).to_be_visible()
    expect(phone.locator(".note", has_text="Mycket väl").get_by_text("Ditt val")).to_be_hidden()
    expect(phone.locator("#live-announce")).to_have_text("Ditt val är sparat.")
    assert Vote.objects.get().note.text == "Lite"
    fits(phone)


def test_case_dialogue_groups_and_foresight_on_phones_pass_axe(
    phones, olle_organiser, dialogue_item, joined, sanna
):

    dialogue = make_activity(olle_organiser, dialogue_item, Activity.Kind.CASE_DIALOGUE)
    cases = [
        actions.do_add_note(
            participant=joined[name], activity=dialogue, title=f"Case från {name}", text="Kort"
        )
        for name in ("sanna", "anders")
    ]
    for case in cases:
        actions.do_choose_case(actor=olle_organiser, note=case, chosen=True)
    actions.do_allocate(actor=olle_organiser, activity=dialogue, group_count=0, rounds=2)
    foresight, trends = foresight_with_trends(olle_organiser, dialogue_item, joined["anders"])

    phone = phones(sanna)
    phone.goto(f"/live/{dialogue.room.code}/{dialogue.pk}/")
    ready(phone)
    expect(phone.locator(".my-group")).to_contain_text("Din grupp: bord")
    assert_accessible(phone)
    fits(phone)
    phone.get_by_label("Din lapp").fill("Vi behöver en gemensam mötesplats")
    phone.get_by_role("button", name="Skicka").click()
    expect(phone.locator(".groups li.note")).to_have_count(1)

    phone.goto(f"/live/{foresight.room.code}/{foresight.pk}/")
    ready(phone)
    phone.get_by_label("Påverkan för: Klimatanpassning").select_option("5")
    phone.get_by_label("Osäkerhet för: Klimatanpassning").select_option("4")
    phone.get_by_role("button", name="Spara skattningen för: Klimatanpassning").click()
    expect(phone.locator("#live-announce")).to_have_text("Din skattning är sparad.")
    assert_accessible(phone)
    fits(phone)

    facilitator = phones(olle_organiser)
    facilitator.goto(f"/live/{foresight.room.code}/{foresight.pk}/styr/")
    ready(facilitator)
    expect(facilitator.locator(".foresight img.chart")).to_be_visible()
    facilitator.get_by_role("button", name="Använd som scenarioaxlar").click()
    expect(facilitator.locator(".board-column.quadrant")).to_have_count(4)
    assert_accessible(facilitator)
    fits(facilitator)
    facilitator.goto(f"/live/{dialogue.room.code}/{dialogue.pk}/styr/")
    ready(facilitator)
    expect(facilitator.locator(".group-grid .card")).to_have_count(2)
    assert_accessible(facilitator)
    fits(facilitator)
    # choosing another table with the arrow keys moves nobody; the "Flytta" button does
    seats = list(Seat.objects.order_by("pk").values_list("participant_id", "round", "group"))
    tables = facilitator.locator(".group-grid select")
    for index in range(tables.count()):
        tables.nth(index).focus()
        facilitator.keyboard.press("ArrowDown")
        facilitator.keyboard.press("ArrowUp")
        facilitator.keyboard.press("ArrowDown")
    facilitator.wait_for_timeout(300)
    assert (
        list(Seat.objects.order_by("pk").values_list("participant_id", "round", "group")) == seats
    )
    assert {t.pk for t in trends} >= set(
        foresight.notes.filter(ratings__isnull=False).values_list("pk", flat=True)
    )


def test_a_guests_board_goes_back_to_the_room_when_guests_are_turned_off(
    phones, board, joined, olle_organiser, region_skane
):
    """A guest follows the room; when the facilitator stops letting guests in on the board,
    the guest's phone stops hearing it at once and shows the room's page, which says why."""
    from tests.factories import UserFactory

    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    visitor = UserFactory(email="gosta@example.org", name="Gösta Gäst", organisation=region_skane)
    guest = phones(visitor)
    guest.goto(f"/live/{board.room.code}/")
    guest.get_by_role("button", name="Gå med").click()
    guest.get_by_role("link", name=board.title).click()
    ready(guest)
    facilitator = phones(olle_organiser)
    facilitator.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(facilitator)

    facilitator.get_by_role("button", name="Inga gäster").click()

    expect(guest).to_have_url(re.compile(rf"/live/{board.room.code}/$"))
    expect(guest.get_by_text("Den här aktiviteten är för anmälda deltagare.")).to_be_visible()
    assert_accessible(guest)
    fits(guest)
