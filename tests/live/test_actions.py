"""The rules of the live room, enforced by the actions whoever calls them: who controls an
activity, who writes and edits which note and when, how many dots a person has, and that every
change becomes one numbered event."""

import uuid

import pytest

from larlabb.live import actions, queries, rules
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Column, Event, Note, Vote
from tests.factories import UserFactory
from tests.live.cast import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def column(activity, title):
    return activity.columns.get(title=title)


def add(participant, activity, text="Gemensamma data", title_of_column="Möjligheter", **extra):
    return actions.do_add_note(
        participant=participant,
        activity=activity,
        text=text,
        column=column(activity, title_of_column) if title_of_column else None,
        **extra,
    )


# --- Joining --------------------------------------------------------------------------------


def test_a_registered_participant_is_recognised_with_organisation_and_side(room, sanna, anders):
    region = actions.do_join(user=sanna, room=room)
    agency = actions.do_join(user=anders, room=room)
    assert (region.organisation.name, region.side) == ("Region Skåne", "region")
    assert (agency.organisation.name, agency.side) == ("Trafikverket", "agency")
    assert actions.do_join(user=sanna, room=room) == region  # joining again changes nothing


def test_someone_not_registered_cannot_join_with_their_account(room):
    with pytest.raises(LiveError, match="registered"):
        actions.do_join(user=UserFactory(email="ny@example.org"), room=room)


def test_guests_join_only_where_a_facilitator_allowed_them(
    room, olle_organiser, dialogue_item, board
):
    with pytest.raises(LiveError, match="registered participants only"):
        actions.do_join_as_guest(room=room, name="Gäst", side="other")
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    guest = actions.do_join_as_guest(room=room, name="  Greta   Gäst ", side="agency")
    assert (guest.name, guest.side, guest.is_guest) == ("Greta Gäst", "agency", True)
    again = actions.do_join_as_guest(room=room, name="Greta", side="agency", key=guest.guest_key)
    assert again.pk == guest.pk


def test_a_guest_cannot_write_on_an_activity_without_guests(room, olle_organiser, board):
    other = make_activity(olle_organiser, board.program_item, columns=["A"], allow_guests=True)
    guest = actions.do_join_as_guest(room=room, name="Greta", side="other")
    assert add(guest, other, title_of_column="A").text == "Gemensamma data"
    with pytest.raises(LiveError, match="registered participants"):
        add(guest, board)


# --- Control ----------------------------------------------------------------------------------


def test_only_facilitators_control_an_activity(board, sanna, joined):
    for changes in [{"status": "closed"}, {"locked": True}, {"revealed": True}]:
        with pytest.raises(LiveError, match="facilitators"):
            actions.do_set(actor=sanna, activity=board, **changes)
    note = add(joined["anders"], board)
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_hide_note(actor=sanna, note=note, hidden=True)
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_create_activity(
            actor=sanna, program_item=board.program_item, kind="board", title="Min"
        )
    board.refresh_from_db()
    assert board.status == "open"
    assert not board.locked
    assert not board.revealed


def test_the_leader_of_a_program_item_facilitates_the_workshop(board, dialogue_item, joined):
    leader = UserFactory(email="ledare@example.org", name="Lena Ledare")
    dialogue_item.leaders.add(leader)
    actions.do_set(actor=leader, activity=board, locked=True)
    board.refresh_from_db()
    assert board.locked


def test_an_organiser_of_another_lab_does_not_control_this_one(board, other_organiser):
    with pytest.raises(LiveError):
        actions.do_set(actor=other_organiser, activity=board, status="closed")


def test_a_poll_needs_two_options_and_a_board_gets_its_default_columns(
    olle_organiser, dialogue_item
):
    with pytest.raises(LiveError, match="two options"):
        actions.do_create_activity(
            actor=olle_organiser,
            program_item=dialogue_item,
            kind="poll",
            title="Fråga",
            options=["Ja"],
        )
    board = actions.do_create_activity(
        actor=olle_organiser, program_item=dialogue_item, kind="board", title="Tavla"
    )
    assert [c.title for c in board.columns.all()] == ["Possibilities", "Obstacles"]
    assert board.status == Activity.Status.DRAFT


def test_foresight_gets_the_five_steep_categories(olle_organiser, dialogue_item):
    foresight = actions.do_create_activity(
        actor=olle_organiser, program_item=dialogue_item, kind="foresight", title="Framsyn"
    )
    assert [c.key for c in foresight.columns.all()] == [
        "social",
        "technological",
        "economic",
        "ecological",
        "political",
    ]
    # a trend board's categories are ordinary board columns; only scenarios are scenarios
    assert {c.kind for c in foresight.columns.all()} == {Column.Kind.BOARD}


# --- Notes ----------------------------------------------------------------------------------


def test_a_note_is_stored_as_typed_with_its_authors_side(board, joined):
    note = add(joined["anders"], board, text="  <script>alert(1)</script>  kompetens ")
    assert note.text == "<script>alert(1)</script> kompetens"
    assert (note.side, note.organisation.name) == ("agency", "Trafikverket")


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write something"), ("   \n ", "Write something"), ("x" * 281, "at most 280")],
)
def test_an_empty_or_over_long_note_is_refused_and_nothing_is_stored(board, joined, text, message):
    with pytest.raises(LiveError, match=message):
        add(joined["sanna"], board, text=text)
    assert not Note.objects.exists()
    assert board.events.count() == Event.objects.filter(activity=board).count()


def test_a_retried_submission_with_the_same_key_is_stored_once(board, joined):
    key = uuid.uuid4()
    first = add(joined["sanna"], board, key=key)
    second = add(joined["sanna"], board, key=key)
    assert first.pk == second.pk
    assert Note.objects.count() == 1
    assert Event.objects.filter(activity=board, kind="note").count() == 1


def test_a_participant_edits_only_their_own_notes(board, joined):
    note = add(joined["sanna"], board)
    actions.do_edit_note(participant=joined["sanna"], note=note, text="Ny text")
    with pytest.raises(LiveError, match="only your own"):
        actions.do_edit_note(participant=joined["anders"], note=note, text="Kapad")
    with pytest.raises(LiveError, match="only your own"):
        actions.do_delete_note(participant=joined["anders"], note=note)
    note.refresh_from_db()
    assert note.text == "Ny text"


def test_a_locked_board_takes_no_new_notes_and_no_edits(board, joined, olle_organiser):
    note = add(joined["sanna"], board)
    actions.do_set(actor=olle_organiser, activity=board, locked=True)
    with pytest.raises(LiveError, match="locked"):
        add(joined["sanna"], board, text="Sent")
    with pytest.raises(LiveError, match="locked"):
        actions.do_edit_note(participant=joined["sanna"], note=note, text="Ändrad")
    with pytest.raises(LiveError, match="locked"):
        actions.do_delete_note(participant=joined["sanna"], note=note)
    assert Note.objects.count() == 1


def test_a_closed_activity_accepts_nothing(board, joined, olle_organiser):
    note = add(joined["sanna"], board)
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    actions.do_set(actor=olle_organiser, activity=board, status="closed")
    with pytest.raises(LiveError, match="closed"):
        add(joined["sanna"], board, text="Sent")
    with pytest.raises(LiveError, match="closed"):
        actions.do_vote(participant=joined["anders"], note=note, value=1)
    with pytest.raises(LiveError, match="closed"):
        actions.do_edit_note(participant=joined["sanna"], note=note, text="Ändrad")
    assert not Vote.objects.exists()


def test_a_draft_activity_takes_nothing_yet(olle_organiser, dialogue_item, joined):
    draft = make_activity(olle_organiser, dialogue_item, open=False, columns=["A"])
    with pytest.raises(LiveError, match="not started"):
        add(joined["sanna"], draft, title_of_column="A")


def test_a_note_in_a_column_of_another_activity_is_refused(board, joined, olle_organiser):
    other = make_activity(olle_organiser, board.program_item, columns=["Annan"])
    with pytest.raises(LiveError, match="another activity"):
        actions.do_add_note(
            participant=joined["sanna"],
            activity=board,
            text="Fel",
            column=other.columns.get(),
        )


def test_facilitators_hide_move_and_merge_notes(board, joined, olle_organiser):
    a = add(joined["sanna"], board, text="Kompetensförsörjning")
    b = add(joined["anders"], board, text="Brist på ingenjörer", title_of_column="Hinder")
    actions.do_hide_note(actor=olle_organiser, note=a, hidden=True)
    actions.do_move_note(actor=olle_organiser, note=b, column=column(board, "Möjligheter"))
    actions.do_merge_note(actor=olle_organiser, note=b, into=a)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.hidden
    assert b.column.title == "Möjligheter"
    assert b.merged_into == a
    with pytest.raises(LiveError):
        actions.do_merge_note(actor=olle_organiser, note=a, into=a)


# --- Votes ----------------------------------------------------------------------------------


def open_voting(board, organiser):
    actions.do_set(actor=organiser, activity=board, locked=True, voting_open=True)
    board.refresh_from_db()


def test_votes_beyond_the_allowed_dots_are_refused(board, joined, olle_organiser):
    notes = [add(joined["anders"], board, text=f"Idé {n}") for n in range(4)]
    open_voting(board, olle_organiser)
    for note in notes[:3]:
        actions.do_vote(participant=joined["sanna"], note=note, value=1)
    with pytest.raises(LiveError, match="none left"):
        actions.do_vote(participant=joined["sanna"], note=notes[3], value=1)
    assert Vote.objects.filter(participant=joined["sanna"]).count() == 3
    # taking one back frees a dot
    actions.do_vote(participant=joined["sanna"], note=notes[0], value=0)
    actions.do_vote(participant=joined["sanna"], note=notes[3], value=1)
    assert Vote.objects.filter(participant=joined["sanna"]).count() == 3


def test_one_dot_per_note_unless_the_facilitator_allows_several(
    joined, olle_organiser, dialogue_item
):
    single = make_activity(olle_organiser, dialogue_item, columns=["A"])
    note = add(joined["anders"], single, title_of_column="A")
    open_voting(single, olle_organiser)
    with pytest.raises(LiveError, match="One dot per note"):
        actions.do_vote(participant=joined["sanna"], note=note, value=2)
    several = make_activity(
        olle_organiser, dialogue_item, columns=["A"], several_dots_per_note=True
    )
    other = add(joined["anders"], several, title_of_column="A")
    open_voting(several, olle_organiser)
    assert actions.do_vote(participant=joined["sanna"], note=other, value=3) == {other.pk: 3}


def test_a_board_is_voted_on_only_once_its_voting_is_open(board, joined, olle_organiser):
    note = add(joined["anders"], board)
    with pytest.raises(LiveError, match="Voting is not open"):
        actions.do_vote(participant=joined["sanna"], note=note, value=1)


def test_a_hidden_or_merged_note_cannot_be_voted_on(board, joined, olle_organiser):
    a = add(joined["anders"], board, text="A")
    b = add(joined["anders"], board, text="B")
    actions.do_hide_note(actor=olle_organiser, note=a, hidden=True)
    actions.do_merge_note(actor=olle_organiser, note=b, into=add(joined["vera"], board))
    open_voting(board, olle_organiser)
    for note in (a, b):
        with pytest.raises(LiveError, match="cannot be voted on"):
            actions.do_vote(participant=joined["sanna"], note=Note.objects.get(pk=note.pk), value=1)


def test_a_single_choice_poll_moves_the_choice_and_a_multiple_one_adds(
    joined, olle_organiser, dialogue_item
):
    poll = make_activity(olle_organiser, dialogue_item, "poll", options=["Ja", "Nej", "Vet ej"])
    yes, no, _ = poll.notes.order_by("position")
    actions.do_vote(participant=joined["sanna"], note=yes, value=1)
    assert actions.do_vote(participant=joined["sanna"], note=no, value=1) == {no.pk: 1}
    several = make_activity(
        olle_organiser, dialogue_item, "poll", options=["A", "B"], multiple_choice=True
    )
    a, b = several.notes.order_by("position")
    actions.do_vote(participant=joined["sanna"], note=a, value=1)
    assert actions.do_vote(participant=joined["sanna"], note=b, value=1) == {a.pk: 1, b.pk: 1}
    with pytest.raises(LiveError):
        actions.do_vote(participant=joined["sanna"], note=b, value=2)


def test_a_ranking_names_each_option_once(joined, olle_organiser, dialogue_item):
    ranking = make_activity(olle_organiser, dialogue_item, "ranking", options=["A", "B", "C"])
    a, b, c = (n.pk for n in ranking.notes.order_by("position"))
    actions.do_rank(participant=joined["sanna"], activity=ranking, order=[c, a, b])
    actions.do_rank(participant=joined["anders"], activity=ranking, order=[c, b])
    with pytest.raises(LiveError, match="only one place"):
        actions.do_rank(participant=joined["vera"], activity=ranking, order=[a, a])
    with pytest.raises(LiveError, match="not part"):
        actions.do_rank(participant=joined["vera"], activity=ranking, order=[a, 999_999])
    totals, voters = queries.results(ranking, list(ranking.notes.all()))
    assert voters == 2
    assert totals == {c: 4, a: 1, b: 1}


def test_the_votes_of_a_merged_note_count_for_the_note_it_joined(board, joined, olle_organiser):
    a = add(joined["anders"], board, text="A")
    b = add(joined["vera"], board, text="B")
    open_voting(board, olle_organiser)
    actions.do_vote(participant=joined["sanna"], note=a, value=1)
    actions.do_vote(participant=joined["anders"], note=b, value=1)
    actions.do_merge_note(actor=olle_organiser, note=b, into=a)
    totals, _ = queries.results(board, list(board.notes.all()))
    assert totals == {a.pk: 2}


# --- Events -----------------------------------------------------------------------------------


def test_every_change_is_one_numbered_event_without_gaps(board, joined, olle_organiser):
    start = board.events.count()
    note = add(joined["sanna"], board)
    actions.do_edit_note(participant=joined["sanna"], note=note, text="Ändrad")
    open_voting(board, olle_organiser)
    actions.do_vote(participant=joined["anders"], note=note, value=1)
    actions.do_vote(participant=joined["anders"], note=note, value=1)  # the same again: no event
    kinds = list(board.events.order_by("seq").values_list("seq", "kind"))[start:]
    assert [kind for _, kind in kinds] == ["note", "note", "state"]  # results are not numbered
    numbers = list(board.events.order_by("seq").values_list("seq", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    board.refresh_from_db()
    assert board.seq == numbers[-1]


def test_a_refused_change_emits_nothing(board, joined):
    before = board.events.count()
    with pytest.raises(LiveError):
        add(joined["sanna"], board, text="")
    assert board.events.count() == before


# --- Themes -----------------------------------------------------------------------------------


def test_themes_are_suggested_then_accepted_renamed_merged_or_rejected(
    board, joined, olle_organiser
):
    texts = [
        "Brist på ingenjörer i regionen",
        "Kompetensförsörjning inom vården",
        "Bredband på landsbygden",
        "Bredbandsutbyggnaden går långsamt",
    ]
    for text in texts:
        add(joined["sanna"], board, text=text)
    suggested = actions.do_suggest_themes(actor=olle_organiser, activity=board, k=2)
    assert len(suggested) == 2
    assert all(theme.label for theme in suggested)
    assert Note.objects.filter(theme__isnull=False).count() == 4
    participant = queries.Viewer(joined["vera"].user, joined["vera"], False, True)
    assert queries.activity_state(participant, board)["themes"] == []  # not accepted yet

    first, second = suggested
    actions.do_accept_theme(actor=olle_organiser, theme=first, label="Kompetens")
    assert [t["label"] for t in queries.activity_state(participant, board)["themes"]] == [
        "Kompetens"
    ]
    actions.do_rename_theme(actor=olle_organiser, theme=first, label="Kompetensförsörjning")
    actions.do_merge_themes(actor=olle_organiser, theme=second, into=first)
    assert Note.objects.filter(theme=first).count() == 4
    actions.do_reject_theme(actor=olle_organiser, theme=first)
    assert not Note.objects.filter(theme__isnull=False).exists()


def test_only_facilitators_work_with_themes(board, joined, olle_organiser):
    for text in ("Ett", "Två"):
        add(joined["sanna"], board, text=text)
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_suggest_themes(actor=joined["sanna"].user, activity=board)
    theme = actions.do_suggest_themes(actor=olle_organiser, activity=board, k=1)[0]
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_accept_theme(actor=joined["sanna"].user, theme=theme)
    with pytest.raises(LiveError, match="at most 80"):
        actions.do_accept_theme(actor=olle_organiser, theme=theme, label="x" * 81)


def test_themes_need_two_notes(board, joined, olle_organiser):
    add(joined["sanna"], board)
    with pytest.raises(LiveError, match="at least two notes"):
        actions.do_suggest_themes(actor=olle_organiser, activity=board)


def test_where_the_perspectives_meet():
    notes = [
        {"id": 1, "side": "region", "theme": 10, "merged_into": None},
        {"id": 2, "side": "agency", "theme": 10, "merged_into": None},
        {"id": 3, "side": "region", "theme": 11, "merged_into": None},
        {"id": 4, "side": "region", "theme": None, "merged_into": None},
        {"id": 5, "side": "agency", "theme": None, "merged_into": 4},
        {"id": 6, "side": "agency", "theme": 11, "merged_into": None, "hidden": True},
    ]
    assert rules.meeting_points(notes) == {"themes": [10], "notes": [4]}
