"""The live room keeps what people do and tells them what happened (WCAG 2.1 AA, issue 22):
while others in the room post, vote and rate, the facilitator's focus and a half-typed theme
name stay, a participant's unsaved rating stays, the focus stays on the button just used, a
draft survives a lock and a move to another activity, no select acts on a mere change, the
status region says what happened, updates can be paused, and every live page reflows at
320 px. Each person is a browser context of their own on the ASGI server; "the others" act by
HTTP, as their phones' scripts would when the socket is slow."""

import asyncio
import json
import random
import threading
import uuid

import pytest
import websockets
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from larlabb.live import actions
from larlabb.live.models import Activity, Note, Theme
from tests.browser.axe import assert_accessible
from tests.browser.test_live_room import fits, ready
from tests.factories import OrganisationFactory
from tests.live.cast import foresight_with_trends, make_activity, registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


def op(page: Page, activity: Activity, payload: dict) -> dict:
    """Send an operation of the live room by HTTP from ``page``, as its script would."""
    return page.evaluate(
        """async ([url, payload]) => {
          const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
          const response = await fetch(url, {method: "POST", body: JSON.stringify(payload),
            headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
          return await response.json();
        }""",
        [f"/live/{activity.room.code}/{activity.pk}/op/", payload],
    )


def announced(page: Page, text: str) -> None:
    expect(page.locator("#live-announce")).to_have_text(text)


def column(activity: Activity, title: str) -> int:
    return activity.columns.get(title=title).pk


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_the_facilitator_keeps_focus_and_a_half_typed_theme_name_while_the_room_posts_and_votes(
    phones, board, joined, olle_organiser, sanna, anders
):
    hinder = board.columns.get(title="Hinder")
    for text in ("Olika planeringscykler", "Olika tidsplaner", "Data saknas"):
        actions.do_add_note(participant=joined["sanna"], activity=board, text=text, column=hinder)
    actions.do_suggest_themes(actor=olle_organiser, activity=board, k=2)
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    theme = Theme.objects.filter(activity=board).first()

    desk = phones(olle_organiser)
    desk.set_viewport_size({"width": 1366, "height": 768})
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(desk)
    label = desk.locator(f"#theme-{theme.pk}-labelInput")
    label.fill("Planering i otakt")  # typed, not sent
    expect(label).to_be_focused()

    phone = phones(anders)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    for text in ("Myndighetens bild", "Regionens bild"):
        assert op(phone, board, {"op": "note.add", "text": text, "column": hinder.pk})["ok"]
    first = Note.objects.filter(activity=board).first()
    assert op(phone, board, {"op": "vote", "note": first.pk, "value": 1})["ok"]
    expect(desk.locator("li.note")).to_have_count(5)
    expect(desk.locator(".note-total").first).to_be_visible()
    expect(label).to_be_focused()
    expect(label).to_have_value("Planering i otakt")

    # the focus stays on the button just pressed, though its label changes
    hide = desk.locator(f"#note-{first.pk}-hide")
    hide.focus()
    desk.keyboard.press("Enter")
    expect(hide).to_have_text("Visa")
    expect(hide).to_be_focused()
    announced(desk, "Lappen är dold för rummet.")
    assert op(phone, board, {"op": "note.add", "text": "Ännu en", "column": hinder.pk})["ok"]
    expect(desk.locator("li.note")).to_have_count(6)
    expect(hide).to_be_focused()
    # a switch says what it will do, and nothing else: no aria-pressed beside a changing label
    lock = desk.get_by_role("button", name="Lås tavlan")
    assert lock.get_attribute("aria-pressed") is None
    lock.click()
    expect(desk.get_by_role("button", name="Lås upp tavlan")).to_be_focused()
    announced(desk, "Tavlan är låst.")
    assert_accessible(desk)


def test_no_select_of_the_control_page_acts_on_arrow_keys(phones, board, joined, olle_organiser):
    hinder = board.columns.get(title="Hinder")
    notes = [
        actions.do_add_note(participant=joined["sanna"], activity=board, text=t, column=hinder)
        for t in ("Första", "Andra", "Tredje")
    ]
    actions.do_suggest_themes(actor=olle_organiser, activity=board, k=2)
    before = list(Note.objects.values_list("pk", "column_id", "merged_into_id", "theme_id"))
    themes_before = list(Theme.objects.values_list("pk", "label", "status"))

    desk = phones(olle_organiser)
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(desk)
    selects = desk.locator("#live select:visible")
    assert selects.count() >= 2 * len(notes)  # each note's column and merge, the themes'
    for index in range(selects.count()):
        select = selects.nth(index)
        select.focus()
        for key in ("ArrowDown", "ArrowDown", "ArrowUp", "ArrowDown"):
            desk.keyboard.press(key)
        expect(select).to_be_focused()
    desk.wait_for_timeout(500)
    assert list(Note.objects.values_list("pk", "column_id", "merged_into_id", "theme_id")) == before
    assert list(Theme.objects.values_list("pk", "label", "status")) == themes_before

    # moving is done by its button, and a merge asks first
    note = notes[0]
    desk.locator(f"#note-{note.pk}-move").select_option(label="Möjligheter")
    desk.locator(f"#note-{note.pk}-moveGo").click()
    announced(desk, "Lappen är flyttad till ”Möjligheter”.")
    assert Note.objects.get(pk=note.pk).column.title == "Möjligheter"
    other = notes[1]
    desk.locator(f"#note-{other.pk}-merge").select_option(str(notes[2].pk))
    desk.once("dialog", lambda dialog: dialog.dismiss())
    desk.locator(f"#note-{other.pk}-mergeGo").click()
    desk.wait_for_timeout(300)
    assert Note.objects.get(pk=other.pk).merged_into_id is None
    desk.once("dialog", lambda dialog: dialog.accept())
    desk.locator(f"#note-{other.pk}-mergeGo").click()
    announced(desk, "Sammanslaget.")
    assert Note.objects.get(pk=other.pk).merged_into_id == notes[2].pk


def test_a_participant_hears_what_they_did_and_what_changed_and_keeps_focus_on_the_dots(
    phones, board, joined, olle_organiser, sanna, anders
):
    actions.do_add_note(
        participant=joined["anders"],
        activity=board,
        text="Gemensam data",
        column=board.columns.get(title="Hinder"),
    )
    phone = phones(sanna)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    phone.get_by_label("Din lapp").fill("Vi behöver mötas oftare")
    phone.get_by_role("button", name="Skicka").click()
    announced(phone, "Din lapp är skickad.")

    desk = phones(olle_organiser)
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(desk)
    desk.get_by_role("button", name="Öppna röstningen").click()
    announced(phone, "Röstningen är öppen.")
    more = phone.get_by_role("button", name="+ Ge en prick till: Gemensam data")
    more.click()
    announced(phone, "2 av 3 prickar kvar")
    expect(more).to_be_focused()
    phone.keyboard.press("Tab")  # the next control, not the "−" just before it
    assert focused_id(phone) != phone.locator("[id$='-less']").first.get_attribute("id")
    # another person's note does not take the focus or the dots away
    other = phones(anders)
    other.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(other)
    more.focus()
    assert op(
        other,
        board,
        {"op": "note.add", "text": "Från Trafikverket", "column": column(board, "Möjligheter")},
    )["ok"]
    expect(phone.locator("li.note")).to_have_count(3)
    expect(more).to_be_focused()
    announced(phone, "1 ny lapp")

    desk.get_by_role("button", name="Lås tavlan").click()
    announced(phone, "Tavlan är låst.")
    desk.get_by_role("button", name="Visa resultaten").click()
    announced(phone, "Resultaten visas.")
    assert_accessible(phone)


def test_a_draft_survives_a_lock_and_the_facilitator_showing_another_activity(
    phones, board, joined, olle_organiser, sanna, dialogue_item
):
    poll = make_activity(olle_organiser, dialogue_item, Activity.Kind.POLL, options=["Ja", "Nej"])
    phone = phones(sanna)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    field = phone.get_by_label("Din lapp")
    field.fill("Halvskriven tanke")

    desk = phones(olle_organiser)
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(desk)
    desk.get_by_role("button", name="Lås tavlan").click()
    expect(phone.get_by_text("Tavlan är låst. Det du har skrivit finns kvar")).to_be_visible()
    expect(phone.get_by_role("button", name="Skicka")).to_be_disabled()
    expect(field).to_have_value("Halvskriven tanke")
    assert_accessible(phone)

    desk.goto(f"/live/{poll.room.code}/{poll.pk}/styr/")
    ready(desk)
    desk.get_by_role("button", name="Visa på storskärmen och i mobilerna").click()
    link = phone.get_by_role("link", name="Gå till aktiviteten som visas")
    expect(link).to_be_visible()
    expect(field).to_have_value("Halvskriven tanke")
    announced(
        phone, "Processledaren visar en annan aktivitet nu. Det du har skrivit här finns kvar."
    )

    # after a reload the draft is still there, and it is sent once the board opens again
    phone.reload()
    ready(phone)
    expect(phone.get_by_label("Din lapp")).to_have_value("Halvskriven tanke")
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(desk)
    desk.get_by_role("button", name="Lås upp tavlan").click()
    phone.get_by_role("button", name="Skicka").click()
    announced(phone, "Din lapp är skickad.")
    assert Note.objects.filter(text="Halvskriven tanke").count() == 1
    phone.reload()
    ready(phone)
    expect(phone.get_by_label("Din lapp")).to_have_value("")


def test_an_unsaved_foresight_rating_stays_while_others_rate(
    phones, olle_organiser, dialogue_item, joined, sanna, anders
):
    foresight, trends = foresight_with_trends(olle_organiser, dialogue_item, joined["anders"])
    phone = phones(sanna)
    phone.goto(f"/live/{foresight.room.code}/{foresight.pk}/")
    ready(phone)
    impact = phone.get_by_label("Påverkan för: Klimatanpassning")
    impact.select_option("5")
    impact.focus()
    unsaved = phone.locator(f"#trend-{trends[0].pk}-unsaved")
    expect(unsaved).to_have_text("Inte sparat än – tryck på Spara.")
    expect(unsaved).to_be_visible()
    expect(impact).to_have_attribute("aria-describedby", f"trend-{trends[0].pk}-unsaved")

    other = phones(anders)
    other.goto(f"/live/{foresight.room.code}/{foresight.pk}/")
    ready(other)
    assert op(
        other, foresight, {"op": "rate", "trend": trends[0].pk, "impact": 1, "uncertainty": 1}
    )["ok"]
    assert op(
        other,
        foresight,
        {
            "op": "note.add",
            "text": "Digitalisering",
            "column": foresight.columns.get(key="technological").pk,
        },
    )["ok"]
    expect(phone.locator(".rating-list > li")).to_have_count(3)
    expect(impact).to_have_value("5")
    expect(impact).to_be_focused()
    phone.get_by_role("button", name="Spara skattningen för: Klimatanpassning").click()
    announced(phone, "Din skattning är sparad.")
    expect(unsaved).to_be_hidden()


def test_updates_can_be_paused_and_resumed(phones, board, joined, sanna, anders):
    phone = phones(sanna)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    phone.get_by_role("button", name="Pausa uppdateringar").click()
    announced(phone, "Uppdateringarna är pausade. Det du själv gör visas ändå.")
    other = phones(anders)
    other.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(other)
    assert op(
        other, board, {"op": "note.add", "text": "Medan pausen", "column": column(board, "Hinder")}
    )["ok"]
    resume = phone.get_by_role("button", name="Fortsätt uppdatera (1 ändring)")
    expect(resume).to_be_visible()
    expect(phone.locator("li.note")).to_have_count(0)
    # the choice is kept for the person; a page loaded while paused shows the activity as it is
    phone.reload()
    ready(phone)
    expect(phone.get_by_role("button", name="Fortsätt uppdatera", exact=True)).to_be_visible()
    expect(phone.locator("li.note")).to_have_count(1)
    assert op(
        other,
        board,
        {"op": "note.add", "text": "Efter omladdningen", "column": column(board, "Hinder")},
    )["ok"]
    expect(phone.get_by_role("button", name="Fortsätt uppdatera (1 ändring)")).to_be_visible()
    expect(phone.locator("li.note")).to_have_count(1)
    phone.get_by_role("button", name="Fortsätt uppdatera (1 ändring)").click()
    expect(phone.locator("li.note")).to_have_count(2)
    expect(phone.get_by_role("button", name="Pausa uppdateringar")).to_be_focused()


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        (Activity.Kind.BOARD, {"columns": ["Möjligheter", "Hinder"]}),
        (Activity.Kind.PERSPECTIVES, {}),
        (Activity.Kind.POLL, {"options": ["Mycket väl", "Ganska väl", "Inte alls"]}),
        (Activity.Kind.RANKING, {"options": ["Först en lång formulering om samverkan", "Sedan"]}),
        (Activity.Kind.CASE_DIALOGUE, {}),
        (Activity.Kind.FORESIGHT, {}),
    ],
)
def test_every_live_page_reflows_at_320_px(
    phones, olle_organiser, dialogue_item, joined, sanna, kind, options
):
    activity = make_activity(olle_organiser, dialogue_item, kind, **options)
    first = activity.columns.first()
    for text in ("En ganska lång lapp om regionalt utvecklingsansvar och samverkan", "Kort"):
        if kind in (Activity.Kind.POLL, Activity.Kind.RANKING):
            break
        actions.do_add_note(
            participant=joined["sanna"],
            activity=activity,
            text=text,
            title="Case" if kind == Activity.Kind.CASE_DIALOGUE else "",
            column=first,
        )
    if kind == Activity.Kind.BOARD:
        actions.do_suggest_themes(actor=olle_organiser, activity=activity, k=1)
    code = activity.room.code
    workshop = activity.room.workshop
    desk = f"/labb/{workshop.lab.slug}/workshop/{workshop.number}/live/"
    for person, paths in (
        (sanna, ["/live/", f"/live/{code}/", f"/live/{code}/{activity.pk}/"]),
        (olle_organiser, [f"/live/{code}/{activity.pk}/styr/", desk]),
    ):
        page = phones(person)
        page.set_viewport_size(NARROW)
        for path in paths:
            page.goto(path)
            if path.count("/") > 3 and not path.startswith("/labb/"):
                ready(page)
            fits(page, NARROW["width"])
            if kind == Activity.Kind.BOARD:
                assert_accessible(page)


def test_what_people_wrote_is_marked_as_swedish_in_the_english_interface(
    phones, board, joined, sanna, asgi_server
):
    actions.do_add_note(
        participant=joined["anders"],
        activity=board,
        text="Gemensam data",
        column=board.columns.get(title="Hinder"),
    )
    phone = phones(sanna)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    assert phone.locator("li.note .note-text").get_attribute("lang") is None
    phone.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": asgi_server.url}]
    )
    phone.reload()
    ready(phone)
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("h1")).to_have_attribute("lang", "sv")
    expect(phone.locator("li.note .note-text")).to_have_attribute("lang", "sv")
    expect(phone.get_by_role("heading", name="Hinder (1)")).to_have_attribute("lang", "sv")
    expect(phone.get_by_role("button", name="Pause updates")).to_be_visible()
    assert_accessible(phone)


# Counts the times the focus fell to the page's body (lost) rather than moving to an element.
FOCUS_WATCH = """
(() => {
  window.__lost = 0;
  document.addEventListener("focusout", (event) => {
    if (event.relatedTarget) return;
    window.setTimeout(() => {
      if (document.activeElement === document.body) window.__lost += 1;
    }, 0);
  });
})();
"""


def crowd(url: str, code: str, activity: int, cookies: list[str], column: int, done: dict) -> None:
    """Twenty phones on the board's socket, each posting two notes and giving a dot on each."""

    async def phone(index: int, cookie: str) -> None:
        address = url.replace("http://", "ws://") + f"/ws/live/{code}/{activity}/"
        async with websockets.connect(
            address, origin=url, additional_headers={"Cookie": cookie}
        ) as socket:
            for turn in range(2):
                await asyncio.sleep(random.uniform(0.2, 1.5))
                ref = f"{index}-{turn}"
                text = f"Lapp {turn + 1} från deltagare {index + 1}"
                await socket.send(
                    json.dumps(
                        {
                            "op": "note.add",
                            "ref": ref,
                            "text": text,
                            "column": column,
                            "key": str(uuid.uuid4()),
                        }
                    )
                )
                note = None
                while note is None:
                    reply = json.loads(await socket.recv())
                    for message in reply if isinstance(reply, list) else [reply]:
                        if message.get("ack") == ref:
                            assert message.get("ok"), message
                            note = message["note"]
                await socket.send(
                    json.dumps({"op": "vote", "ref": f"v{ref}", "note": note, "value": 1})
                )
                done["sent"] += 2

    async def all_phones() -> None:
        await asyncio.gather(*(phone(i, c) for i, c in enumerate(cookies)))

    asyncio.run(all_phones())


def test_a_keyboard_only_facilitator_runs_the_board_while_twenty_people_post_and_vote(
    phones, board, joined, olle_organiser, asgi_server, lab, room
):
    hinder = board.columns.get(title="Hinder")
    actions.do_add_note(
        participant=joined["sanna"], activity=board, text="Planering", column=hinder
    )
    actions.do_add_note(
        participant=joined["vera"], activity=board, text="Tidsplaner", column=hinder
    )
    actions.do_suggest_themes(actor=olle_organiser, activity=board, k=1)
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    theme = Theme.objects.get(activity=board)
    cookies = []
    for index in range(20):
        person = registered(
            lab,
            f"p{index}@example.org",
            f"Deltagare {index + 1}",
            OrganisationFactory(name=f"Region {index + 1}", kind="region"),
        )
        actions.do_join(user=person, room=room)
        client = Client()
        client.force_login(person)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    desk = phones(olle_organiser)
    desk.add_init_script(FOCUS_WATCH)
    desk.set_viewport_size({"width": 1366, "height": 768})
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(desk)
    label = desk.locator(f"#theme-{theme.pk}-labelInput")
    label.focus()
    desk.keyboard.press("Control+A")

    done = {"sent": 0}
    load = threading.Thread(
        target=crowd, args=(asgi_server.url, board.room.code, board.pk, cookies, hinder.pk, done)
    )
    load.start()
    desk.keyboard.type("Planering i otakt mellan region och stat", delay=60)
    expect(label).to_be_focused()
    desk.keyboard.press("Tab")  # to "Godkänn"
    expect(desk.locator(f"#theme-{theme.pk}-accept")).to_be_focused()
    desk.keyboard.press("Enter")
    expect(desk.locator(f"#theme-{theme.pk}-rename")).to_be_focused()
    load.join(timeout=60)
    assert done["sent"] == 80
    expect(desk.locator("li.note")).to_have_count(42)
    theme.refresh_from_db()
    assert (theme.label, theme.status) == ("Planering i otakt mellan region och stat", "accepted")
    assert desk.evaluate("() => window.__lost") == 0
    assert_accessible(desk)
