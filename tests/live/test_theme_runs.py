"""Theme suggestions on the server: vectors stored once per note, large boards through the task
queue with their progress, and shared ground proposed on a perspectives board."""

import json
from pathlib import Path

import numpy as np
import pytest

from larlabb.live import actions, embeddings, queries
from larlabb.live.actions import themes as theme_actions
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Note, NoteVector, Theme, ThemeRun
from tests.live.cast import make_activity
from tests.live.test_canvas import add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

FIXTURE = Path(__file__).parent / "data" / "themes_sv.json"
SHARED = Path(__file__).parent / "data" / "shared_ground_sv.json"


def fixture_texts() -> list[str]:
    return [row["text"] for row in json.loads(FIXTURE.read_text(encoding="utf-8"))]


def facilitator_state(organiser, activity):
    return queries.activity_state(queries.Viewer(organiser, None, True, True), activity)


# --- Vectors ----------------------------------------------------------------------------------


def test_suggesting_stores_one_vector_per_note_and_uses_it_again(board, joined, olle_organiser):
    texts = fixture_texts()[:12]
    notes = [add(joined["sanna"], board, text) for text in texts]

    made = actions.do_suggest_themes(actor=olle_organiser, activity=board)

    assert isinstance(made, list)
    assert 2 <= len(made) <= 4
    stored = {row.note_id: bytes(row.vector) for row in NoteVector.objects.all()}
    assert set(stored) == {note.pk for note in notes}
    first = embeddings.from_bytes(stored[notes[0].pk])
    assert first.shape == (embeddings.DIMENSIONS,)
    assert np.allclose(first, embeddings.embed([texts[0]])[0], atol=1e-6)

    Theme.objects.all().delete()  # the notes have no theme again
    actions.do_edit_note(participant=joined["sanna"], note=notes[1], text="Fiber till byarna")
    actions.do_suggest_themes(actor=olle_organiser, activity=board)

    again = {row.note_id: bytes(row.vector) for row in NoteVector.objects.all()}
    assert again[notes[0].pk] == stored[notes[0].pk]
    assert again[notes[1].pk] != stored[notes[1].pk]  # edited: its text is embedded again
    row = NoteVector.objects.get(note=notes[1])
    assert row.model == embeddings.MODEL
    assert row.digest == theme_actions._digest("Fiber till byarna")


def test_a_vector_of_another_model_is_not_used(board, joined, olle_organiser):
    notes = [add(joined["sanna"], board, text) for text in fixture_texts()[:3]]
    NoteVector.objects.create(
        note=notes[0],
        model="another-model",
        digest=theme_actions._digest(notes[0].text),
        vector=embeddings.to_bytes(np.zeros(embeddings.DIMENSIONS, dtype=np.float32)),
    )

    assert theme_actions.missing_vectors(notes) == 3
    vectors = theme_actions.compute_vectors(notes)

    assert np.linalg.norm(vectors[notes[0].pk]) == pytest.approx(1.0, abs=1e-3)
    assert NoteVector.objects.get(note=notes[0]).model == embeddings.MODEL


def test_k_out_of_range_is_refused_and_changes_nothing(board, joined, olle_organiser):
    for text in fixture_texts()[:4]:
        add(joined["sanna"], board, text)

    for k in (0, 13):
        with pytest.raises(LiveError, match="between 1 and 12"):
            actions.do_suggest_themes(actor=olle_organiser, activity=board, k=k)
    assert not Theme.objects.exists()
    assert not NoteVector.objects.exists()


# --- Through the task queue -------------------------------------------------------------------


@pytest.fixture
def large_board(board, joined, monkeypatch):
    """The board with 20 notes, and more than 8 notes without a vector go to the queue."""
    monkeypatch.setattr(theme_actions, "INLINE_VECTORS", 8)
    monkeypatch.setattr(theme_actions, "VECTOR_BATCH", 6)
    for text in fixture_texts()[:20]:
        add(joined["sanna"], board, text)
    return board


@pytest.mark.django_db(transaction=True)
def test_a_large_first_run_goes_through_the_queue_with_its_progress(
    large_board, joined, olle_organiser, run_tasks
):
    board = large_board

    run = actions.do_suggest_themes(actor=olle_organiser, activity=board)

    assert isinstance(run, ThemeRun)
    assert (run.status, run.done, run.total) == ("queued", 0, 20)
    assert not Theme.objects.exists()
    state = facilitator_state(olle_organiser, board)
    assert state["theme_run"] == {"status": "queued", "done": 0, "total": 20}
    participant = queries.Viewer(joined["vera"].user, joined["vera"], False, True)
    assert "theme_run" not in queries.activity_state(participant, board)

    run_tasks()

    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 20, 20)
    assert run.finished_at is not None
    assert Theme.objects.filter(activity=board).count() >= 2
    assert NoteVector.objects.count() == 20
    assert not Note.objects.filter(activity=board, theme=None).exists()
    assert facilitator_state(olle_organiser, board)["theme_run"]["status"] == "done"
    # the vectors are stored now: the next suggestion runs at once
    Theme.objects.all().delete()
    assert isinstance(actions.do_suggest_themes(actor=olle_organiser, activity=board), list)


def test_one_run_at_a_time(large_board, olle_organiser):
    actions.do_suggest_themes(actor=olle_organiser, activity=large_board)

    with pytest.raises(LiveError, match="already being suggested"):
        actions.do_suggest_themes(actor=olle_organiser, activity=large_board)
    assert ThemeRun.objects.count() == 1


def test_only_one_active_run_even_when_two_slip_past_the_check(large_board, olle_organiser):
    """The database refuses a second active run (two facilitators pressing at once)."""
    ThemeRun.objects.create(activity=large_board, requested_by=olle_organiser)

    with pytest.raises(LiveError, match="already being suggested"):
        theme_actions._queue_run(olle_organiser, large_board, None, 20)
    assert ThemeRun.objects.count() == 1


def test_a_participant_cannot_start_a_run(large_board, joined):
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_suggest_themes(actor=joined["sanna"].user, activity=large_board)
    assert not ThemeRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_notes_are_gone_fails_and_says_so(large_board, olle_organiser, run_tasks):
    run = actions.do_suggest_themes(actor=olle_organiser, activity=large_board)
    Note.objects.filter(activity=large_board).exclude(pk=Note.objects.first().pk).delete()

    run_tasks()

    run.refresh_from_db()
    assert run.status == "failed"
    assert facilitator_state(olle_organiser, large_board)["theme_run"]["status"] == "failed"
    assert not Theme.objects.exists()


# --- Shared ground ----------------------------------------------------------------------------


def labelled_pairs() -> list[dict]:
    return json.loads(SHARED.read_text(encoding="utf-8"))["pairs"]


def test_the_shared_ground_threshold_is_calibrated_on_the_labelled_pairs():
    pairs = labelled_pairs()
    regions = embeddings.embed([pair["region"] for pair in pairs])
    agencies = embeddings.embed([pair["agency"] for pair in pairs])
    similarity = (regions * agencies).sum(axis=1)
    same = np.array([pair["same"] for pair in pairs])
    proposed = similarity >= theme_actions.SHARED_GROUND_THRESHOLD

    assert len(pairs) >= 40
    assert same.sum() >= 20
    assert (~same).sum() >= 20
    recall = (proposed & same).sum() / same.sum()
    precision = (proposed & same).sum() / proposed.sum()
    assert recall >= 0.9
    assert precision >= 0.8


@pytest.fixture
def perspectives(olle_organiser, dialogue_item):
    return make_activity(olle_organiser, dialogue_item, Activity.Kind.PERSPECTIVES)


def test_notes_of_a_region_and_an_agency_that_say_the_same_are_proposed(
    perspectives, joined, olle_organiser
):
    sanna, anders, vera = joined["sanna"], joined["anders"], joined["vera"]
    region_note = add(sanna, perspectives, "Vi behöver längre projektperioder än tre år")
    agency_note = add(anders, perspectives, "Treåriga projekt är för korta för att ge resultat")
    add(vera, perspectives, "Projekten borde vara längre än tre år")  # two regions: no pair
    add(anders, perspectives, "Biljettpriserna i kollektivtrafiken har höjts kraftigt")

    pairs = actions.shared_ground_proposals(actor=olle_organiser, activity=perspectives)

    assert [(p["region"], p["agency"]) for p in pairs][:1] in (
        [(region_note.pk, agency_note.pk)],
        [(Note.objects.get(text__startswith="Projekten borde").pk, agency_note.pk)],
    )
    assert all(p["similarity"] >= theme_actions.SHARED_GROUND_THRESHOLD for p in pairs)
    assert len({p["agency"] for p in pairs}) == len(pairs)  # each note in one pair at most

    # merged, they are where the perspectives meet, and no longer proposed
    first = pairs[0]
    actions.do_merge_note(
        actor=olle_organiser,
        note=Note.objects.get(pk=first["agency"]),
        into=Note.objects.get(pk=first["region"]),
    )
    state = facilitator_state(olle_organiser, perspectives)
    assert first["region"] in state["meeting"]["notes"]
    again = actions.shared_ground_proposals(actor=olle_organiser, activity=perspectives)
    assert not any(first["region"] in (p["region"], p["agency"]) for p in again)


def test_shared_ground_is_for_facilitators_on_perspectives_boards(
    perspectives, board, joined, olle_organiser
):
    add(joined["sanna"], perspectives, "Längre projekt")
    with pytest.raises(LiveError, match="facilitators"):
        actions.shared_ground_proposals(actor=joined["sanna"].user, activity=perspectives)
    with pytest.raises(LiveError, match="perspectives board"):
        actions.shared_ground_proposals(actor=olle_organiser, activity=board)
    assert not NoteVector.objects.exists()


def test_a_run_the_worker_never_finished_gives_way_after_15_minutes(large_board, olle_organiser):
    stale = actions.do_suggest_themes(actor=olle_organiser, activity=large_board)
    ThemeRun.objects.filter(pk=stale.pk).update(
        created_at=stale.created_at - theme_actions.STALE_RUN
    )

    again = actions.do_suggest_themes(actor=olle_organiser, activity=large_board)

    stale.refresh_from_db()
    assert stale.status == "failed"
    assert again.status == "queued"


def test_shared_ground_on_a_board_of_many_new_notes_asks_for_themes_first(
    perspectives, joined, olle_organiser, monkeypatch
):
    monkeypatch.setattr(theme_actions, "SHARED_INLINE_VECTORS", 2)
    for text in fixture_texts()[:3]:
        add(joined["sanna"], perspectives, text)

    with pytest.raises(LiveError, match="Suggest themes first"):
        actions.shared_ground_proposals(actor=olle_organiser, activity=perspectives)
    assert not NoteVector.objects.exists()


def test_the_operations_work_on_the_activity_the_socket_knows_only_by_number(
    perspectives, joined, olle_organiser
):
    """The socket hands the operations an Activity with only its number and room."""
    from larlabb.live import operations

    add(joined["sanna"], perspectives, "Vi behöver längre projektperioder än tre år")
    add(joined["anders"], perspectives, "Treåriga projekt är för korta för att ge resultat")
    add(joined["sanna"], perspectives, "Kulturen stärker den lokala identiteten")
    stub = Activity(pk=perspectives.pk, room_id=perspectives.room_id)
    facilitator = queries.Viewer(olle_organiser, None, True, True)

    shared = operations.OPERATIONS["themes.shared"](facilitator, stub, {})
    made = operations.OPERATIONS["themes.suggest"](facilitator, stub, {"k": 1})
    theme = Theme.objects.filter(activity=perspectives).first()
    split = operations.OPERATIONS["theme.split"](facilitator, stub, {"theme": theme.pk})

    assert len(shared["pairs"]) == 1
    assert made["themes"] >= 1
    assert split["theme"]


def test_a_lost_run_shows_as_failed_so_that_the_page_stops_waiting(large_board, olle_organiser):
    run = actions.do_suggest_themes(actor=olle_organiser, activity=large_board)
    ThemeRun.objects.filter(pk=run.pk).update(created_at=run.created_at - queries.THEME_RUN_LOST)

    assert facilitator_state(olle_organiser, large_board)["theme_run"]["status"] == "failed"


def test_a_note_with_a_merged_note_of_its_own_side_is_still_proposed(
    perspectives, joined, olle_organiser
):
    region = add(joined["sanna"], perspectives, "Vi behöver längre projektperioder än tre år")
    same_side = add(joined["vera"], perspectives, "Längre projektperioder behövs")
    add(joined["anders"], perspectives, "Treåriga projekt är för korta för att ge resultat")
    actions.do_merge_note(actor=olle_organiser, note=same_side, into=region)

    pairs = actions.shared_ground_proposals(actor=olle_organiser, activity=perspectives)

    assert [p["region"] for p in pairs] == [region.pk]
