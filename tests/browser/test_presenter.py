"""The room's big screen and the facilitator's desk (issue 17): the presenter screen shows the
room and never a person, always fits (1920x1080, 1280x720, 1024x768, with 5, 40 and 120 notes)
with no scroll bar and no control on it, shows results, groups and the foresight at a glance;
the desk runs the day (next and previous activity, the timer, the big screen's pages) by
buttons and keyboard shortcuts over WebSockets; a secret link opens the big screen without
logging in. Screenshots of the presenter views go to tests/browser/screenshots/ (git-ignored)."""

import math
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from larlabb.live import actions
from larlabb.live.models import Activity, Room
from tests.browser.axe import assert_accessible
from tests.browser.test_live_room import ready
from tests.factories import RegistrationFactory
from tests.live.cast import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).parent / "screenshots"
SCREENS = {"1920x1080": (1920, 1080), "1280x720": (1280, 720), "1024x768": (1024, 768)}
WORDS = [
    *("samverkan", "mellan", "region", "och", "stat", "kring", "kompetensförsörjning,"),
    *("infrastruktur", "och", "klimat", "kräver", "gemensamma", "data", "och", "tidsplaner"),
    *("som", "möts"),
]


def text_of(index: int) -> str:
    words = WORDS[index % 7 : index % 7 + 4 + index % 9]
    return f"{index + 1}. " + " ".join(words).capitalize()


def presenter(browser, asgi_server, user, size: str) -> Page:
    width, height = SCREENS[size]
    context = browser.new_context(
        base_url=asgi_server.url, bypass_csp=True, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    from tests.browser.conftest import log_in

    log_in(page, user, asgi_server)
    return page


def open_desk(phones, organiser, activity: Activity) -> Page:
    """The facilitator's desk of ``activity`` on a laptop, connected."""
    desk = phones(organiser)
    desk.set_viewport_size({"width": 1366, "height": 768})
    desk.goto(f"/live/{activity.room.code}/{activity.pk}/styr/")
    ready(desk)
    return desk


def assert_fits_with_no_controls(page: Page, name: str) -> None:
    """Nothing scrolls, nothing sticks out, every shown note is on the screen, and there is no
    control: a projector cannot scroll and nobody in the room presses its buttons."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    sizes = page.evaluate(
        """() => ({
          height: document.documentElement.scrollHeight,
          width: document.documentElement.scrollWidth,
          innerHeight: window.innerHeight, innerWidth: window.innerWidth,
          controls: document.querySelectorAll("button, input, select, textarea").length,
          cutWords: document.body.classList.contains("break-words"),
          outside: [...document.querySelectorAll("#live li, #live h2, #live h3, .projector-head *")]
            .filter((e) => e.getClientRects().length)
            .filter((e) => { const r = e.getBoundingClientRect();
              return r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5 || r.top < -0.5; })
            .map((e) => e.tagName + "." + e.className + ": " + e.textContent.slice(0, 30)),
        })"""
    )
    assert sizes["height"] <= sizes["innerHeight"], (name, sizes)
    assert sizes["width"] <= sizes["innerWidth"], (name, sizes)
    assert sizes["controls"] == 0, (name, sizes)
    assert not sizes["cutWords"], (name, "a word had to be cut")
    assert sizes["outside"] == [], (name, sizes["outside"][:5])


def board_with(organiser, item, joined, count: int) -> Activity:
    board = make_activity(
        organiser, item, Activity.Kind.BOARD, columns=["Möjligheter", "Hinder", "Idéer"]
    )
    columns = list(board.columns.all())
    people = list(joined.values())
    for index in range(count):
        actions.do_add_note(
            participant=people[index % len(people)],
            activity=board,
            text=text_of(index),
            column=columns[index % len(columns)],
        )
    return board


@pytest.mark.parametrize("count", [5, 40, 120])
def test_the_presenter_fits_every_screen_whatever_the_number_of_notes(
    browser, asgi_server, olle_organiser, dialogue_item, joined, count
):
    board = board_with(olle_organiser, dialogue_item, joined, count)
    for size in SCREENS:
        page = presenter(browser, asgi_server, olle_organiser, size)
        page.goto(f"/live/{board.room.code}/{board.pk}/projektor/")
        ready(page)
        expect(page.locator(".pnote").first).to_be_visible()
        assert_fits_with_no_controls(page, f"board-{count}-{size}")
        pages = int(page.locator("body").get_attribute("data-pages"))
        shown = page.locator(".pnote:visible").count()
        assert shown == count if pages == 1 else 0 < shown < count
        if size == "1920x1080" and count == 5:
            font = page.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('.ptext')).fontSize)"
            )
            assert font >= 24, font
        if count == 120:
            assert pages > 1  # it pages rather than shrinking below a legible size
            first = page.locator(".pnote:visible").all_text_contents()
            page.wait_for_function(
                "() => document.querySelector('.ppage').textContent.startsWith('sida 2')",
                timeout=20_000,
            )
            assert page.locator(".pnote:visible").all_text_contents() != first
        assert_accessible(page)
        page.context.close()


def test_results_groups_and_foresight_read_at_a_glance_and_fit(
    browser, asgi_server, olle_organiser, dialogue_item, joined
):
    people = list(joined.values())
    poll = make_activity(
        olle_organiser,
        dialogue_item,
        Activity.Kind.POLL,
        options=["Mycket väl", "Ganska väl", "Inte alls"],
    )
    options = list(poll.notes.order_by("pk"))
    for person, option in zip(people, [options[1], options[1], options[2]], strict=True):
        actions.do_set(actor=olle_organiser, activity=poll, voting_open=True)
        actions.do_vote(participant=person, note=option, value=1)
    actions.do_set(actor=olle_organiser, activity=poll, revealed=True)

    ranking = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.RANKING, options=["Data", "Tid", "Pengar"]
    )
    ranked = list(ranking.notes.order_by("pk"))
    actions.do_set(actor=olle_organiser, activity=ranking, voting_open=True)
    actions.do_rank(participant=people[0], activity=ranking, order=[n.pk for n in ranked])
    actions.do_rank(
        participant=people[1], activity=ranking, order=[ranked[1].pk, ranked[0].pk, ranked[2].pk]
    )
    actions.do_set(actor=olle_organiser, activity=ranking, revealed=True)

    dialogue = make_activity(olle_organiser, dialogue_item, Activity.Kind.CASE_DIALOGUE)
    for name in ("sanna", "anders"):
        case = actions.do_add_note(
            participant=joined[name], activity=dialogue, title=f"Case från {name}", text="Kort"
        )
        actions.do_choose_case(actor=olle_organiser, note=case, chosen=True)
    actions.do_allocate(actor=olle_organiser, activity=dialogue, group_count=0, rounds=2)

    foresight = make_activity(olle_organiser, dialogue_item, Activity.Kind.FORESIGHT)
    trends = [
        actions.do_add_note(
            participant=people[0],
            activity=foresight,
            text=text,
            column=foresight.columns.get(key=key),
        )
        for key, text in [
            ("ecological", "Klimatanpassning"),
            ("social", "Åldrande befolkning"),
            ("technological", "Digitalisering"),
            ("economic", "Grön omställning"),
        ]
    ]
    actions.do_set(actor=olle_organiser, activity=foresight, voting_open=True)
    for person in people:
        for trend in trends:
            actions.do_rate(
                participant=person, trend=trend, impact=4, uncertainty=4
            )  # all on one spot
    actions.do_set(actor=olle_organiser, activity=foresight, revealed=True)

    page = presenter(browser, asgi_server, olle_organiser, "1280x720")
    code = poll.room.code
    page.goto(f"/live/{code}/{poll.pk}/projektor/")
    ready(page)
    expect(page.locator(".pbar")).to_have_count(3)
    expect(page.locator(".pbar .plabel")).to_have_text(["Ganska väl", "Inte alls", "Mycket väl"])
    expect(page.locator(".pbar .pcount")).to_have_text(["2 röster", "1 röst", "0 röster"])
    assert_fits_with_no_controls(page, "poll-1280x720")
    assert_accessible(page)

    page.goto(f"/live/{code}/{ranking.pk}/projektor/")
    ready(page)
    expect(page.locator(".prank .plabel")).to_have_text(["Data", "Tid", "Pengar"])
    expect(page.locator(".prank .pcount").first).to_have_text("3 poäng · plats 1–2")
    assert_fits_with_no_controls(page, "ranking-1280x720")

    page.goto(f"/live/{code}/{dialogue.pk}/projektor/")
    ready(page)
    expect(page.locator(".pgroup")).to_have_count(2)
    expect(page.locator(".pgroup .pcase")).to_have_text(["Case från sanna", "Case från anders"])
    expect(page.locator(".pgroup .ppeople li")).to_have_count(3)
    expect(page.locator(".pgroup").first).to_contain_text("Bord 1")
    assert_fits_with_no_controls(page, "groups-1280x720")
    assert_accessible(page)

    page.goto(f"/live/{code}/{foresight.pk}/projektor/")
    ready(page)
    expect(page.locator(".pchart .pmark")).to_have_count(4)
    expect(page.locator(".plegend li")).to_have_count(4)
    # four trends on the same spot: their markers are pushed apart, none covers another
    circles = page.evaluate(
        """() => [...document.querySelectorAll('.pmark')].map((c) => {
          const r = c.getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2, r.width];
        })"""
    )
    for index, (x, y, size) in enumerate(circles):
        for other_x, other_y, _ in circles[index + 1 :]:
            assert math.hypot(x - other_x, y - other_y) >= size - 0.5
    assert_fits_with_no_controls(page, "foresight-1280x720")
    assert_accessible(page)

    # the scenarios once their axes are chosen: four, their names whole
    actions.do_choose_axes(actor=olle_organiser, activity=foresight, x=trends[0], y=trends[1])
    page.goto(f"/live/{code}/{foresight.pk}/projektor/")
    ready(page)
    expect(page.locator(".pscenario")).to_have_count(4)
    names = page.evaluate(
        """() => [...document.querySelectorAll('.pscenario-name')]
          .map((e) => [e.textContent, e.scrollWidth <= e.clientWidth])"""
    )
    assert all(whole for _name, whole in names), names
    assert_fits_with_no_controls(page, "scenarios-1280x720")
    assert_accessible(page)

    # the perspectives: regions and agencies side by side, the shared ground between them
    perspectives = make_activity(olle_organiser, dialogue_item, Activity.Kind.PERSPECTIVES)
    column = perspectives.columns.first()
    for name, text in [
        ("sanna", "Gemensam data om pendling"),
        ("vera", "Data om pendling"),
        ("anders", "Data om pendling behövs"),
        ("anders", "Statliga tidsplaner"),
    ]:
        actions.do_add_note(
            participant=joined[name], activity=perspectives, text=text, column=column
        )
    for theme in actions.do_suggest_themes(actor=olle_organiser, activity=perspectives, k=1):
        actions.do_accept_theme(actor=olle_organiser, theme=theme, label="Data om pendling")
    page.goto(f"/live/{code}/{perspectives.pk}/projektor/")
    ready(page)
    expect(page.locator(".pboard.lanes > .pcol > h2")).to_have_text(
        ["Regioner (2)", "Där perspektiven möts", "Myndigheter (2)"]
    )
    expect(page.locator(".pmeeting .pnote")).to_contain_text(["Data om pendling"])
    assert_fits_with_no_controls(page, "perspectives-1280x720")
    assert_accessible(page)
    page.context.close()


def test_the_presenter_does_not_change_when_the_organiser_votes_on_a_phone(
    browser, asgi_server, phones, lab, olle_organiser, dialogue_item, joined, sanna
):
    RegistrationFactory(
        lab=lab, person=olle_organiser, organisation=olle_organiser.organisation, status="confirmed"
    )
    board = board_with(olle_organiser, dialogue_item, joined, 5)
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    actions.do_join(user=olle_organiser, room=board.room)
    screen = presenter(browser, asgi_server, olle_organiser, "1920x1080")
    screen.goto(f"/live/{board.room.code}/{board.pk}/projektor/")
    ready(screen)
    before = screen.locator("#live").inner_text()
    assert "prick" not in before
    phone = phones(olle_organiser)
    phone.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(phone)
    phone.locator("button[id$='-more']").first.click()
    expect(phone.locator("#live-announce")).to_contain_text("prickar kvar")
    # the big screen does hear the room (another person's note arrives), but not the organiser
    other = phones(sanna)
    other.goto(f"/live/{board.room.code}/{board.pk}/")
    ready(other)
    other.get_by_label("Din lapp").fill("Från en annan telefon")
    other.get_by_role("button", name="Skicka").click()
    expect(screen.locator(".pnote")).to_have_count(6)
    after = screen.locator("#live").inner_text()
    assert "prick" not in after
    assert after.replace("Från en annan telefon", "").count("\n") >= before.count("\n")
    assert screen.locator(".ptotal").count() == 0
    screen.context.close()


def overlapping(page: Page) -> list[str]:
    """Pairs of boxes on the desk that overlap (neither holding the other)."""
    return page.evaluate(
        """() => {
          const boxes = [...document.querySelectorAll(
            "#main :is(button, input, select, textarea, h1, h2, h3, li.note, a.button)")]
            .filter((e) => e.checkVisibility())
            .map((e) => [e, e.getBoundingClientRect()]);
          const found = [];
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, r] = boxes[i], [b, s] = boxes[j];
            if (a.contains(b) || b.contains(a)) continue;
            const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
            const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            if (x > 1 && y > 1) found.push(a.tagName + "#" + a.id + " / " + b.tagName + "#" + b.id);
          }
          return found;
        }"""
    )


def test_the_desk_has_no_overlapping_boxes_on_a_laptop(
    phones, olle_organiser, dialogue_item, joined
):
    board = board_with(olle_organiser, dialogue_item, joined, 15)
    actions.do_suggest_themes(actor=olle_organiser, activity=board, k=3)
    desk = phones(olle_organiser)
    for width, height in ((1366, 768), (1280, 800)):
        desk.set_viewport_size({"width": width, "height": height})
        desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
        ready(desk)
        assert overlapping(desk) == [], (width, overlapping(desk)[:5])
        assert desk.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(desk)


def test_the_desk_runs_the_day_on_the_big_screen_and_two_phones(
    browser, asgi_server, phones, olle_organiser, dialogue_item, joined, sanna, anders
):
    first = make_activity(olle_organiser, dialogue_item, Activity.Kind.BOARD, columns=["Idéer"])
    second = make_activity(olle_organiser, dialogue_item, Activity.Kind.POLL, options=["Ja", "Nej"])
    code = first.room.code
    actions.do_present(actor=olle_organiser, room=first.room, activity=first)
    screen = presenter(browser, asgi_server, olle_organiser, "1920x1080")
    screen.goto(f"/live/{code}/{first.pk}/projektor/")
    ready(screen)
    phone_a, phone_b = phones(sanna), phones(anders)
    for phone in (phone_a, phone_b):
        phone.goto(f"/live/{code}/{first.pk}/")
        ready(phone)
    desk = open_desk(phones, olle_organiser, first)

    desk.get_by_label("Minuter").fill("2")
    desk.get_by_role("button", name="Starta timern").click()
    for page in (screen, phone_a, phone_b, desk):
        expect(page.locator("#live-timer")).to_be_visible()
        expect(page.locator("#live-timer")).to_contain_text(re_clock())
    expect(phone_a.locator("#live-announce")).to_have_text("Timern är startad: 2:00.")

    # the next activity, by its keyboard shortcut: the desk, the big screen and the phones go
    desk.locator("body").click(position={"x": 5, "y": 300})
    desk.keyboard.press("n")
    for page in (desk, screen, phone_a, phone_b):
        expect(page).to_have_url(re_path(second.pk), timeout=15_000)
        ready(page)
    expect(screen.locator(".pbar")).to_have_count(2)
    expect(screen.locator("#live-timer")).to_be_visible()  # the room's timer goes on
    ready(desk)
    desk.get_by_role("button", name="Föregående: Aktivitet board").click()
    for page in (desk, screen, phone_a, phone_b):
        expect(page).to_have_url(re_path(first.pk), timeout=15_000)
    ready(desk)
    desk.get_by_role("button", name="Stoppa timern").click()
    expect(phone_b.locator("#live-timer")).to_be_hidden()
    expect(screen.locator("#live-timer")).to_be_hidden()
    screen.context.close()


def re_clock():
    import re

    return re.compile(r"[12]:[0-5]\d")


def re_path(pk: int):
    import re

    return re.compile(rf"/{pk}/(styr/|projektor/)?$")


def test_a_secret_link_shows_the_big_screen_without_logging_in(
    browser, asgi_server, phones, olle_organiser, dialogue_item, joined
):
    board = board_with(olle_organiser, dialogue_item, joined, 5)
    desk = phones(olle_organiser)
    desk.set_viewport_size({"width": 1366, "height": 768})
    desk.goto(f"/live/{board.room.code}/{board.pk}/styr/")
    desk.get_by_role("button", name="Gör en skärmlänk").click()
    address = desk.locator(".presenter-address a").get_attribute("href")
    room = Room.objects.get(pk=board.room.pk)
    assert room.presenter_key
    assert room.presenter_key in address

    width, height = SCREENS["1280x720"]
    context = browser.new_context(
        base_url=asgi_server.url, bypass_csp=True, viewport={"width": width, "height": height}
    )
    wall = context.new_page()  # nobody logged in
    wall.goto(address)
    expect(
        wall.get_by_text("Aktiviteterna visas här så snart processledaren visar dem.")
    ).to_be_visible()
    assert_accessible(wall)
    ready(desk)
    desk.get_by_role("button", name="Visa på storskärmen och i mobilerna").click()
    expect(wall.locator(".pnote")).to_have_count(5)  # the waiting screen follows by itself
    ready(wall)
    assert_fits_with_no_controls(wall, "link-1280x720")
    # the link's screen cannot act, over HTTP or the socket
    refused = wall.evaluate(
        """async (url) => (await fetch(url, {method: "POST", body: JSON.stringify({op: "present"}),
            headers: {"Content-Type": "application/json"}})).status""",
        f"/live/{board.room.code}/{board.pk}/op/",
    )
    assert refused in (302, 403)
    desk.get_by_role("button", name="Stoppa länken").click()
    expect(wall.get_by_role("heading", level=1)).not_to_have_text("Aktivitet board", timeout=10_000)
    assert wall.goto(address).status == 404
    context.close()


def test_a_facilitator_runs_the_demo_rooms_day_with_two_big_screens(
    browser, asgi_server, phones, demo
):
    """The demo room's whole day from the desk on a laptop: each activity opened and shown in
    turn with the N key, two big screens (1920x1080 and 1280x720) and a phone following; no
    screen ever scrolls or shows a control."""
    from larlabb.accounts.models import User

    organiser = User.objects.get(email="organisator@example.org")
    room = Room.objects.get(workshop__lab=demo)
    day = queries_sequence(room)
    phone = phones(User.objects.get(email="skane@example.org"))
    phone.goto(f"/live/{room.code}/")  # the room's start page, waiting for the first activity
    expect(phone.locator("#room-follow")).to_be_attached()
    walls = [presenter(browser, asgi_server, organiser, size) for size in ("1920x1080", "1280x720")]
    for wall in walls:
        wall.goto(f"/live/{room.code}/{day[0].pk}/projektor/")
        ready(wall)
    desk = open_desk(phones, organiser, day[0])
    phone.wait_for_timeout(500)  # its socket is open
    desk.get_by_role("button", name="Visa på storskärmen och i mobilerna").click()
    for index, activity in enumerate(day):
        if index:
            desk.keyboard.press("n")
            expect(desk).to_have_url(re_path(activity.pk))
            ready(desk)
        if desk.locator("#control-open").is_visible():
            desk.locator("#control-open").click()
            expect(desk.locator("#control-close")).to_be_focused()
        assert overlapping(desk) == [], overlapping(desk)[:3]
        for wall, size in zip(walls, ("1920x1080", "1280x720"), strict=True):
            expect(wall).to_have_url(re_path(activity.pk), timeout=15_000)
            ready(wall)
            expect(wall.locator("h1")).to_have_text(activity.title)
            assert_fits_with_no_controls(wall, f"demo-{index + 1}-{activity.kind}-{size}")
        expect(phone).to_have_url(re_path(activity.pk), timeout=15_000)
        ready(phone)  # its socket hears the next activity shown
        desk.locator("body").click(position={"x": 5, "y": 5})
    for wall in walls:
        assert_accessible(wall)
        wall.context.close()


def queries_sequence(room):
    from larlabb.live import queries

    return queries.activity_sequence(room)


def test_the_big_screen_fits_again_when_the_timer_starts_and_stops(
    browser, asgi_server, phones, olle_organiser, dialogue_item, joined
):
    """The countdown takes room above the activity: a full board is fitted again at once,
    not cut at the bottom until the page turns."""
    board = board_with(olle_organiser, dialogue_item, joined, 40)
    page = presenter(browser, asgi_server, olle_organiser, "1920x1080")
    page.goto(f"/live/{board.room.code}/{board.pk}/projektor/")
    ready(page)
    expect(page.locator(".pnote").first).to_be_visible()
    assert_fits_with_no_controls(page, "board-40-before-timer")

    desk = open_desk(phones, olle_organiser, board)
    desk.get_by_label("Minuter").fill("5")
    desk.get_by_role("button", name="Starta timern").click()
    expect(page.locator("#live-timer")).to_be_visible()
    page.wait_for_timeout(600)  # the fitting waits for the countdown to settle
    assert_fits_with_no_controls(page, "board-40-timer")
    desk.get_by_role("button", name="Stoppa timern").click()
    expect(page.locator("#live-timer")).to_be_hidden()
    page.wait_for_timeout(600)
    assert_fits_with_no_controls(page, "board-40-after-timer")
    page.context.close()
