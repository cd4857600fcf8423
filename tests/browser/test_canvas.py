"""The canvas and shared ground in the browser (issue 19): the facilitator has themes suggested,
shows the board by group, drags a note to another group and makes a new group; a participant
on a 390 px phone sees it live, then moves a note with "Flytta till gruppen" once allowed (the
keyboard and screen-reader way, and the only one on a touch screen); the big screen shows the
groups. On a perspectives board the facilitator asks for shared ground and merges a proposed
pair, which then shows where the perspectives meet. Screenshots go to
tests/browser/screenshots/ (git-ignored)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from larlabb.live import actions
from larlabb.live.models import Activity, Note, Theme
from tests.browser.axe import assert_accessible
from tests.browser.test_live_room import ready
from tests.browser.test_presenter import assert_fits_with_no_controls, presenter
from tests.browser.test_synergy_pages import eventually
from tests.live.cast import make_activity
from tests.live.test_canvas import CLIMATE, TRAVEL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}


def announced(page: Page, text: str, timeout: float = 5000) -> None:
    expect(page.locator("#live-announce")).to_have_text(text, timeout=timeout)


def drag(page: Page, source: str, target: str) -> None:
    """Drag with the mouse as a person does: press on the note, move a little (the drag starts
    there), then over the target, and let go."""
    box = page.locator(source).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 8, box["y"] + box["height"] / 2 + 8, steps=4)
    end = page.locator(target).bounding_box()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=8)
    page.mouse.up()


def theme_of(note: Note) -> int | None:
    return Note.objects.get(pk=note.pk).theme_id


def test_the_facilitator_groups_notes_on_a_canvas_that_every_screen_follows(
    browser, asgi_server, phones, olle_organiser, dialogue_item, joined, sanna, anders
):
    board = make_activity(olle_organiser, dialogue_item, Activity.Kind.BOARD, columns=["Idéer"])
    idea = board.columns.get()
    people = [joined["sanna"], joined["anders"], joined["vera"]]
    notes = [
        actions.do_add_note(participant=people[i % 3], activity=board, text=text, column=idea)
        for i, text in enumerate(TRAVEL + CLIMATE)
    ]
    code = board.room.code
    desk = phones(olle_organiser)
    desk.set_viewport_size({"width": 1366, "height": 768})
    desk.goto(f"/live/{code}/{board.pk}/styr/")
    ready(desk)
    phone = phones(anders)
    phone.set_viewport_size(PHONE)
    phone.goto(f"/live/{code}/{board.pk}/")
    ready(phone)

    desk.get_by_role("button", name="Föreslå teman").click()
    # the first suggestion of a server process loads the embedding model
    announced(desk, "Förslagen på teman finns nedan.", timeout=30_000)
    expect(desk.locator(".themes-tools li")).to_have_count(2)
    for theme in Theme.objects.filter(activity=board):
        desk.locator(f"#theme-{theme.pk}-accept").click()
        expect(desk.locator(f"#theme-{theme.pk}-rename")).to_be_visible()
    first, second = Theme.objects.filter(activity=board).order_by("position")

    # the board by group; a note dragged to another group moves there on every screen
    desk.get_by_role("button", name="I grupper").click()
    expect(desk.get_by_role("button", name="I grupper")).to_have_attribute("aria-pressed", "true")
    expect(desk.locator(".group-lane")).to_have_count(3)
    moved = Note.objects.filter(theme=first).first()
    drag(desk, f"#note-{moved.pk} .note-text", f"[data-key='group-{second.pk}'] h2")
    announced(desk, f"Lappen ligger i gruppen ”{second.label}”.")
    assert eventually(lambda: theme_of(moved) == second.pk)
    expect(phone.locator(f"#note-{moved.pk} .note-theme")).to_have_text(f"Tema: {second.label}")
    SHOTS.mkdir(exist_ok=True)
    desk.screenshot(path=str(SHOTS / "canvas-desk-1366.png"), full_page=True)
    assert_accessible(desk)

    # a new group made from the control page, then the participants may group too
    desk.get_by_label("Ny grupp", exact=True).fill("Övrigt")
    desk.get_by_role("button", name="Skapa gruppen").click()
    announced(desk, "Gruppen ”Övrigt” är skapad.")
    other = Theme.objects.get(activity=board, label="Övrigt")
    assert other.status == Theme.Status.ACCEPTED
    expect(phone.locator(f"#note-{notes[0].pk}-group")).to_be_hidden()  # not allowed yet
    desk.get_by_role("button", name="Låt deltagarna gruppera lapparna").click()
    announced(desk, "Deltagarna får gruppera lapparna nu.")

    phone.get_by_role("button", name="I grupper").click()
    select = phone.locator(f"#note-{notes[0].pk}-group")
    expect(select).to_be_visible()
    select.select_option(label="Övrigt")
    phone.locator(f"#note-{notes[0].pk}-groupGo").click()
    announced(phone, "Lappen ligger i gruppen ”Övrigt”.")
    assert eventually(lambda: theme_of(notes[0]) == other.pk)
    expect(desk.locator(f"[data-key='group-{other.pk}'] #note-{notes[0].pk}")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(SHOTS / "canvas-phone-390.png"), full_page=True)
    assert_accessible(phone)

    # the big screen shows the groups the room sees, and no control
    screen = presenter(browser, asgi_server, olle_organiser, "1920x1080")
    screen.goto(f"/live/{code}/{board.pk}/projektor/")
    ready(screen)
    expect(screen.locator(".pcol h2")).to_have_count(3)
    expect(screen.locator(".pcol h2").first).to_contain_text(first.label)
    assert_fits_with_no_controls(screen, "canvas-presenter-1920x1080")
    assert_accessible(screen)


def test_the_facilitator_merges_proposed_shared_ground_of_a_region_and_an_agency(
    phones, olle_organiser, dialogue_item, joined
):
    board = make_activity(olle_organiser, dialogue_item, Activity.Kind.PERSPECTIVES)
    column = board.columns.order_by("position").first()
    region = actions.do_add_note(
        participant=joined["sanna"],
        activity=board,
        text="Vi behöver längre projektperioder än tre år",
        column=column,
    )
    agency = actions.do_add_note(
        participant=joined["anders"],
        activity=board,
        text="Treåriga projekt är för korta för att ge varaktiga resultat",
        column=column,
    )
    actions.do_add_note(
        participant=joined["anders"],
        activity=board,
        text="Biljettpriserna i kollektivtrafiken har höjts kraftigt",
        column=column,
    )
    desk = phones(olle_organiser)
    desk.set_viewport_size(PHONE)
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    ready(desk)

    desk.get_by_role("button", name="Föreslå gemensam grund").click()
    announced(desk, "1 par lappar kan vara gemensam grund.", timeout=30_000)
    pair = desk.locator(".shared-pair")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text(region.text)
    expect(pair).to_contain_text(agency.text)
    assert_accessible(desk)
    desk.screenshot(path=str(SHOTS / "shared-ground-phone-390.png"), full_page=True)
    pair.get_by_role("button", name=f"Slå ihop till gemensam grund: ”{region.text}”").click()
    announced(desk, "Sammanslaget.")
    assert eventually(lambda: Note.objects.get(pk=agency.pk).merged_into_id == region.pk)
    expect(pair).to_have_count(0)
    expect(desk.locator(".meeting")).to_contain_text(region.text)
