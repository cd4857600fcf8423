"""The canvas: notes grouped by hand. Facilitators move notes between groups, make, split,
merge and name groups; participants move notes only when the facilitator lets them. Every
change reaches every screen as numbered events."""

import pytest

from larlabb.live import actions, operations, queries
from larlabb.live.events import LiveError
from larlabb.live.models import Event, Note, Theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

TRAVEL = [
    "Bussarna på landsbygden går för sällan",
    "Tågtrafiken till orten har dragits ned",
    "Vägarna till byarna är i dåligt skick",
]
CLIMATE = [
    "Utsläppen av koldioxid måste minska",
    "Klimatomställningen kräver förnybar energi",
    "Vi behöver mer solenergi och vindkraft",
]


def add(participant, activity, text):
    return actions.do_add_note(
        participant=participant,
        activity=activity,
        text=text,
        column=activity.columns.order_by("position").first(),
    )


@pytest.fixture
def notes(board, joined):
    return [add(joined["sanna"], board, text) for text in TRAVEL + CLIMATE]


@pytest.fixture
def group(board, olle_organiser):
    return actions.do_create_theme(actor=olle_organiser, activity=board, label="Resor")


def themes_of(notes):
    return [Note.objects.get(pk=note.pk).theme_id for note in notes]


# --- Facilitators -----------------------------------------------------------------------------


def test_a_facilitator_moves_a_note_into_a_group_and_out_again(board, notes, group, olle_organiser):
    before = board.events.count()

    actions.do_group_note(actor=olle_organiser, note=notes[0], theme=group)

    assert themes_of(notes[:1]) == [group.pk]
    event = board.events.order_by("-seq").first()
    assert (event.kind, event.data["id"], event.data["theme"]) == ("note", notes[0].pk, group.pk)
    assert board.events.count() == before + 1
    actions.do_group_note(actor=olle_organiser, note=notes[0], theme=group)  # no change: no event
    assert board.events.count() == before + 1

    actions.do_group_note(actor=olle_organiser, note=notes[0], theme=None)
    assert themes_of(notes[:1]) == [None]


def test_notes_merged_into_a_note_move_with_it(board, notes, group, olle_organiser):
    actions.do_merge_note(actor=olle_organiser, note=notes[1], into=notes[0])

    actions.do_group_note(actor=olle_organiser, note=notes[1], theme=group)  # the merged one

    assert themes_of(notes[:2]) == [group.pk, group.pk]


def test_a_group_made_by_hand_is_accepted_and_takes_its_notes(board, notes, olle_organiser):
    theme = actions.do_create_theme(
        actor=olle_organiser, activity=board, label="  Klimat  och  miljö ", notes=notes[3:]
    )

    assert (theme.label, theme.status) == ("Klimat och miljö", Theme.Status.ACCEPTED)
    assert themes_of(notes) == [None, None, None, theme.pk, theme.pk, theme.pk]
    assert board.events.order_by("-seq").first().kind == "state"


@pytest.mark.parametrize("label", ["", "   ", "x" * 81])
def test_a_group_needs_a_name_of_1_to_80_characters(board, notes, olle_organiser, label):
    with pytest.raises(LiveError, match="1–80 characters"):
        actions.do_create_theme(actor=olle_organiser, activity=board, label=label)
    assert not Theme.objects.exists()


def test_a_board_has_at_most_40_groups(board, olle_organiser):
    Theme.objects.bulk_create(Theme(activity=board, label=f"G{n}") for n in range(40))

    with pytest.raises(LiveError, match="at most 40 groups"):
        actions.do_create_theme(actor=olle_organiser, activity=board, label="En till")
    assert Theme.objects.count() == 40


def test_a_group_is_split_in_two_by_what_its_notes_mean(board, notes, olle_organiser):
    theme = actions.do_create_theme(actor=olle_organiser, activity=board, label="Allt", notes=notes)

    new = actions.do_split_theme(actor=olle_organiser, theme=theme)

    halves = themes_of(notes)
    assert set(halves) == {theme.pk, new.pk}
    assert halves[:3].count(halves[0]) == 3  # the travel notes stay together
    assert halves[3:].count(halves[3]) == 3  # and so do the climate notes
    assert halves[0] != halves[3]
    assert new.label
    assert "…" not in new.label
    assert new.status == theme.status


def test_a_group_of_one_note_is_not_split(board, notes, olle_organiser):
    theme = actions.do_create_theme(
        actor=olle_organiser, activity=board, label="En", notes=notes[:1]
    )

    with pytest.raises(LiveError, match="at least two notes"):
        actions.do_split_theme(actor=olle_organiser, theme=theme)
    assert Theme.objects.count() == 1


def test_a_group_of_another_activity_is_refused(board, notes, olle_organiser, dialogue_item):
    from tests.live.cast import make_activity

    other = make_activity(olle_organiser, dialogue_item)
    elsewhere = actions.do_create_theme(actor=olle_organiser, activity=other, label="Där")

    with pytest.raises(LiveError, match="That group is gone"):
        actions.do_group_note(actor=olle_organiser, note=notes[0], theme=elsewhere)
    assert themes_of(notes[:1]) == [None]


def test_participants_cannot_make_split_or_move_as_facilitators(board, notes, group, joined):
    user = joined["sanna"].user
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_create_theme(actor=user, activity=board, label="Min")
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_split_theme(actor=user, theme=group)
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_group_note(actor=user, note=notes[0], theme=group)
    assert Theme.objects.count() == 1
    assert themes_of(notes) == [None] * 6


# --- Participants -----------------------------------------------------------------------------


def test_participants_group_notes_only_when_the_facilitator_lets_them(
    board, notes, group, joined, olle_organiser
):
    vera = joined["vera"]
    with pytest.raises(LiveError, match="facilitator groups the notes"):
        actions.do_group_note(participant=vera, note=notes[0], theme=group)
    assert themes_of(notes[:1]) == [None]

    actions.do_set(actor=olle_organiser, activity=board, participants_group=True)
    actions.do_group_note(participant=vera, note=notes[0], theme=group)  # another's note

    assert themes_of(notes[:1]) == [group.pk]
    board.refresh_from_db()
    state = queries.activity_state(queries.Viewer(vera.user, vera, False, True), board)
    assert state["activity"]["participants_group"] is True


def test_participants_do_not_group_on_a_locked_or_closed_board(
    board, notes, group, joined, olle_organiser
):
    actions.do_set(actor=olle_organiser, activity=board, participants_group=True, locked=True)
    with pytest.raises(LiveError, match="locked"):
        actions.do_group_note(participant=joined["vera"], note=notes[0], theme=group)
    actions.do_set(actor=olle_organiser, activity=board, locked=False, status="closed")
    with pytest.raises(LiveError, match="closed"):
        actions.do_group_note(participant=joined["vera"], note=notes[0], theme=group)
    assert themes_of(notes[:1]) == [None]


def test_participants_see_and_use_only_accepted_groups_and_visible_notes(
    board, notes, joined, olle_organiser
):
    actions.do_set(actor=olle_organiser, activity=board, participants_group=True)
    suggested = Theme.objects.create(activity=board, label="Förslag")
    accepted = actions.do_create_theme(actor=olle_organiser, activity=board, label="Klar")
    with pytest.raises(LiveError, match="That group is gone"):
        actions.do_group_note(participant=joined["vera"], note=notes[0], theme=suggested)
    actions.do_hide_note(actor=olle_organiser, note=notes[1], hidden=True)
    with pytest.raises(LiveError, match="That note is gone"):
        actions.do_group_note(participant=joined["vera"], note=notes[1], theme=accepted)
    assert themes_of(notes[:2]) == [None, None]


def test_a_guest_groups_only_where_guests_may_write(board, notes, group, room, olle_organiser):
    actions.do_set(actor=olle_organiser, activity=board, participants_group=True)
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    guest = actions.do_join_as_guest(room=room, name="Greta", side="agency")
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=False)

    with pytest.raises(LiveError, match="registered participants"):
        actions.do_group_note(participant=guest, note=notes[0], theme=group)
    assert themes_of(notes[:1]) == [None]


# --- Through the operations -------------------------------------------------------------------


def test_the_operation_makes_a_new_group_for_a_facilitator_only(
    board, notes, joined, olle_organiser
):
    facilitator = queries.Viewer(olle_organiser, None, True, True)
    participant = queries.Viewer(joined["vera"].user, joined["vera"], False, True)
    payload = {"note": notes[0].pk, "theme": "new", "label": "Nytt"}

    reply = operations.OPERATIONS["note.group"](facilitator, board, payload)

    assert themes_of(notes[:1]) == [reply["theme"]]
    actions.do_set(actor=olle_organiser, activity=board, participants_group=True)
    with pytest.raises(LiveError, match="facilitators"):
        operations.OPERATIONS["note.group"](participant, board, {**payload, "note": notes[1].pk})
    operations.OPERATIONS["note.group"](
        participant, board, {"note": notes[1].pk, "theme": str(reply["theme"])}
    )
    assert themes_of(notes[:2]) == [reply["theme"], reply["theme"]]
    assert operations.fair_use(participant, "note.group") is not None
    assert Event.objects.filter(activity=board, kind="note", data__theme=reply["theme"]).exists()


def test_only_boards_and_perspectives_are_grouped_on_the_canvas(olle_organiser, dialogue_item):
    from larlabb.live.models import Activity
    from tests.live.cast import make_activity

    dialogue = make_activity(olle_organiser, dialogue_item, Activity.Kind.CASE_DIALOGUE)

    with pytest.raises(LiveError, match="Only the notes of a board"):
        actions.do_create_theme(actor=olle_organiser, activity=dialogue, label="Grupp")
    assert not Theme.objects.exists()


# --- After review: what the room sees of suggestions, hidden notes, concurrent changes ---------


def test_the_room_does_not_see_which_notes_a_suggestion_groups(
    board, notes, joined, olle_organiser
):
    from larlabb.live import events

    suggested = Theme.objects.create(activity=board, label="Förslag")
    actions.do_group_note(actor=olle_organiser, note=notes[0], theme=suggested)
    vera = joined["vera"]

    state = queries.activity_state(queries.Viewer(vera.user, vera, False, True), board)
    facilitator = queries.activity_state(queries.Viewer(olle_organiser, None, True, True), board)

    assert next(n for n in state["notes"] if n["id"] == notes[0].pk)["theme"] is None
    assert next(n for n in facilitator["notes"] if n["id"] == notes[0].pk)["theme"] == suggested.pk
    event = board.events.order_by("-seq").first()
    assert event.data["theme"] == suggested.pk
    assert events.for_role("note", event.data, events.ROOM)["theme"] is None
    assert events.for_role("note", event.data, events.FACILITATOR)["theme"] == suggested.pk
    # nor may participants take a note out of the facilitator's suggestion
    actions.do_set(actor=olle_organiser, activity=board, participants_group=True)
    with pytest.raises(LiveError, match="still working on that note's group"):
        actions.do_group_note(participant=vera, note=notes[0], theme=None)
    assert themes_of(notes[:1]) == [suggested.pk]


def test_a_split_keeps_hidden_notes_out_of_the_new_group_and_its_name(board, notes, olle_organiser):
    secret = notes[0]
    actions.do_hide_note(actor=olle_organiser, note=secret, hidden=True)
    theme = actions.do_create_theme(actor=olle_organiser, activity=board, label="Allt", notes=notes)

    new = actions.do_split_theme(actor=olle_organiser, theme=theme)

    assert themes_of([secret]) == [theme.pk]
    assert "ussarna" not in new.label.lower()  # the hidden note's words
    only_one = actions.do_create_theme(
        actor=olle_organiser, activity=board, label="Två", notes=[secret, notes[1]]
    )
    with pytest.raises(LiveError, match="at least two notes"):
        actions.do_split_theme(actor=olle_organiser, theme=only_one)


def test_a_note_edited_while_themes_are_worked_out_is_left_out(
    board, notes, joined, olle_organiser, monkeypatch
):
    """The clustering runs before the activity is locked: a note changed meanwhile waits for
    the next suggestion rather than landing in a theme made for its old text."""
    from larlabb.live import themes

    cluster = themes.cluster_vectors

    def and_meanwhile(*args, **kwargs):
        actions.do_edit_note(participant=joined["sanna"], note=notes[0], text="Helt annat nu")
        return cluster(*args, **kwargs)

    monkeypatch.setattr(themes, "cluster_vectors", and_meanwhile)

    made = actions.do_suggest_themes(actor=olle_organiser, activity=board, k=2)

    assert len(made) == 2
    assert themes_of(notes[:1]) == [None]
    assert all(themes_of(notes[1:]))


def test_a_split_of_a_group_changed_meanwhile_is_refused(board, notes, olle_organiser, monkeypatch):
    from larlabb.live import themes

    theme = actions.do_create_theme(actor=olle_organiser, activity=board, label="Allt", notes=notes)
    cluster = themes.cluster_vectors

    def and_meanwhile(*args, **kwargs):
        actions.do_group_note(actor=olle_organiser, note=notes[0], theme=None)
        return cluster(*args, **kwargs)

    monkeypatch.setattr(themes, "cluster_vectors", and_meanwhile)

    with pytest.raises(LiveError, match="changed meanwhile"):
        actions.do_split_theme(actor=olle_organiser, theme=theme)
    assert Theme.objects.count() == 1


def test_suggestions_keep_merged_notes_with_their_note(board, notes, olle_organiser):
    actions.do_merge_note(actor=olle_organiser, note=notes[1], into=notes[0])

    actions.do_suggest_themes(actor=olle_organiser, activity=board, k=2)

    assert themes_of(notes[:1]) == themes_of(notes[1:2])
    assert themes_of(notes[:1]) != [None]


def test_suggestions_and_splits_keep_to_40_groups(board, notes, joined, olle_organiser):
    Theme.objects.bulk_create(
        Theme(activity=board, label=f"G{n}", status=Theme.Status.ACCEPTED) for n in range(38)
    )

    made = actions.do_suggest_themes(actor=olle_organiser, activity=board, k=3)

    assert len(made) == 2  # the two largest of the three
    assert Theme.objects.filter(activity=board).count() == 40
    with pytest.raises(LiveError, match="at most 40 groups"):
        actions.do_split_theme(actor=olle_organiser, theme=made[0])
    again = actions.do_suggest_themes(actor=olle_organiser, activity=board, k=3)  # replaces
    assert len(again) == 2
    assert Theme.objects.filter(activity=board).count() == 40
    Theme.objects.filter(activity=board, status=Theme.Status.SUGGESTED).update(
        status=Theme.Status.ACCEPTED
    )
    for text in ("Fler laddstolpar", "Mer kollektivtrafik"):
        add(joined["vera"], board, text)
    with pytest.raises(LiveError, match="at most 40 groups"):
        actions.do_suggest_themes(actor=olle_organiser, activity=board, k=2)
    assert Theme.objects.filter(activity=board).count() == 40
