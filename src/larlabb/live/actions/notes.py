"""Notes: written and edited by their authors while the board is open, hidden, moved, merged
and chosen (cases) by facilitators."""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.live import rules
from larlabb.live.actions.rooms import (
    _check,
    _emit_note,
    _emit_tally,
    _note_event,
    check_facilitator,
    check_may_contribute,
)
from larlabb.live.events import LiveError, emit, emit_many, lock
from larlabb.live.models import (
    Activity,
    Breakout,
    Column,
    Note,
    Participant,
    Seat,
)

# --- Notes ----------------------------------------------------------------------------------


def _may_write_in(activity: Activity, column: Column | None, case: Note | None) -> bool:
    """Whether notes can be added or edited there now: boards until they are locked, a
    scenario quadrant and a group's notes on its case also after that."""
    if case is not None:
        return Breakout.objects.filter(activity=activity).exists()
    if column is not None and column.kind == Column.Kind.SCENARIO:
        return True
    return not activity.locked


def _check_place(
    participant: Participant, activity: Activity, column: Column | None, case: Note | None
) -> None:
    if participant.is_facilitator and not activity.participants_write:
        return
    _check(activity.participants_write, _("Only the facilitator sets the options here."))
    if column is not None:
        _check(column.activity_id == activity.pk, _("That column belongs to another activity."))
    if case is not None:
        _check(
            case.activity_id == activity.pk and case.chosen and case.case_id is None,
            _("That case has no group."),
        )
        if not participant.is_facilitator:
            _check(
                case.pk in _my_cases(participant, activity),
                _("Your group discusses another case."),
            )
    needs_column = activity.kind not in (Activity.Kind.CASE_DIALOGUE, Activity.Kind.OPINIONS)
    _check(case is not None or column is not None or not needs_column, _("Choose a column."))
    _check(_may_write_in(activity, column, case), _("The board is locked; notes cannot change."))


def _my_cases(participant: Participant, activity: Activity) -> set[int]:
    breakout = Breakout.objects.filter(activity=activity).first()
    if breakout is None:
        return set()
    seat = Seat.objects.filter(
        breakout=breakout, participant=participant, round=breakout.current_round
    ).first()
    topics = list(
        Note.objects.filter(activity=activity, chosen=True, case=None, hidden=False)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    if seat is None or seat.group >= len(topics):
        return set()
    return {topics[seat.group]}


def do_add_note(
    *,
    participant: Participant,
    activity: Activity,
    text: str,
    column: Column | None = None,
    title: str = "",
    case: Note | None = None,
    organisation: Organisation | None = None,
    key: uuid.UUID | None = None,
) -> Note:
    """Post a note (a case when it has a title). ``key`` makes a retried submission safe: the
    same key from the same person gives the note it created the first time. A participant's
    statement on an opinion map waits, hidden from the room, until a facilitator shows it."""
    if key is not None and (
        existing := Note.objects.filter(author=participant, client_key=key).order_by("pk").first()
    ):
        return existing
    try:
        text = rules.clean_text(text, required=not title)
        title = rules.clean_title(title) if title else ""
    except ValueError as error:
        raise LiveError(str(error)) from error
    is_case = activity.kind == Activity.Kind.CASE_DIALOGUE and case is None
    _check(not is_case or bool(title), _("Give the case a title."))
    with transaction.atomic():
        activity = lock(activity, others_go_on=True)
        check_may_contribute(participant, activity)
        _check_place(participant, activity, column, case)
        # grows with every event: notes keep the order they came in (two notes written at the
        # same moment may share it, and are then in the order of their ids)
        note = _new_note(participant, activity, text, column, key, position=activity.seq + 1)
        note.case, note.title = case, title
        if is_case and organisation:
            note.organisation = organisation
        note.save(force_insert=True)
        _emit_note(activity, note)
    return note


def _new_note(
    participant: Participant,
    activity: Activity,
    text: str,
    column: Column | None,
    key: uuid.UUID | None,
    *,
    position: int,
) -> Note:
    return Note(
        activity=activity,
        column=column,
        author=participant,
        side=participant.side,
        organisation=participant.organisation,
        text=text,
        position=position,
        client_key=key,
        hidden=_awaits_approval(participant, activity),
    )


@dataclass
class NoteRequest:
    """One screen's note among those of the same moment (:func:`do_add_notes`)."""

    participant: Participant
    text: str
    column: Column | None
    key: uuid.UUID | None
    language: str  # of the refusal, if any


def do_add_notes(activity: Activity, requests: list[NoteRequest]) -> list[Note | LiveError]:
    """Post the notes of several screens to one board at the same moment: each is checked as
    :func:`do_add_note` checks a note in a column, and those allowed are written in one
    transaction, under one lock, their events numbered by one statement (in a full room the
    notes of a moment wait for each other less than one by one). Returns, in order, each
    request's note (the earlier one for a retried key) or its refusal."""
    keys = [r.key for r in requests if r.key is not None]
    earlier = (
        {
            (note.author_id, note.client_key): note
            for note in Note.objects.filter(
                author__in={r.participant.pk for r in requests}, client_key__in=keys
            ).order_by()
        }
        if keys
        else {}
    )
    results: list[Note | LiveError | None] = [None] * len(requests)
    texts: dict[int, str] = {}
    same: dict[int, int] = {}  # a request sent again while the first is among these: the first
    first_with_key: dict[tuple[int, uuid.UUID], int] = {}
    for i, request in enumerate(requests):
        if (found := earlier.get((request.participant.pk, request.key))) is not None:
            results[i] = found
            continue
        if request.key is not None:
            if (first := first_with_key.get((request.participant.pk, request.key))) is not None:
                same[i] = first
                continue
            first_with_key[(request.participant.pk, request.key)] = i
        with translation.override(request.language):
            try:
                texts[i] = rules.clean_text(request.text, required=True)
            except ValueError as error:
                results[i] = LiveError(str(error))
    if not texts:
        return [r or results[same[i]] or LiveError("") for i, r in enumerate(results)]
    with transaction.atomic():
        activity = lock(activity, others_go_on=True)
        notes: dict[int, Note] = {}
        for i, text in texts.items():
            request = requests[i]
            with translation.override(request.language):
                try:
                    check_may_contribute(request.participant, activity)
                    _check_place(request.participant, activity, request.column, None)
                except LiveError as error:
                    results[i] = error
                    continue
            position = activity.seq + 1
            notes[i] = _new_note(
                request.participant, activity, text, request.column, request.key, position=position
            )
        Note.objects.bulk_create(notes.values())
        emit_many(activity, [("note", _note_event(activity, note)) for note in notes.values()])
    for i, note in notes.items():
        results[i] = note
    return [r or results[same[i]] or LiveError("") for i, r in enumerate(results)]


def _awaits_approval(participant: Participant, activity: Activity) -> bool:
    """Whether a new note waits for a facilitator before the room sees it: a participant's
    statement on an opinion map (moderated, as the room answers what it sees)."""
    return activity.kind == Activity.Kind.OPINIONS and not participant.is_facilitator


def _own_note(participant: Participant, note: Note) -> Activity:
    activity = lock(note.activity_id)
    check_may_contribute(participant, activity)
    _check(note.author_id == participant.pk, _("You can change only your own notes."))
    _check(
        activity.kind != Activity.Kind.OPINIONS or note.hidden,
        _("The statement is shown to the room and others answer it: it can no longer change."),
    )
    column = (
        Column.objects.filter(pk=note.column_id).order_by("pk").first() if note.column_id else None
    )
    case = Note.objects.filter(pk=note.case_id).order_by("pk").first() if note.case_id else None
    _check(_may_write_in(activity, column, case), _("The board is locked; notes cannot change."))
    return activity


def do_edit_note(*, participant: Participant, note: Note, text: str, title: str = "") -> Note:
    try:
        text = rules.clean_text(text, required=not note.title)
        title = rules.clean_title(title) if note.title else ""
    except ValueError as error:
        raise LiveError(str(error)) from error
    with transaction.atomic():
        activity = _own_note(participant, note)
        note.text, note.title = text, title
        note.save(update_fields=["text", "title", "updated_at"])
        _emit_note(activity, note)
    return note


def do_delete_note(*, participant: Participant, note: Note) -> None:
    with transaction.atomic():
        activity = _own_note(participant, note)
        had_votes = note.votes.exists()
        note_id = note.pk
        note.delete()
        emit(activity, "note-gone", {"id": note_id})
        if had_votes:
            _emit_tally(activity)


def _facilitated_note(actor: User, note: Note) -> Activity:
    activity = lock(note.activity_id)
    check_facilitator(actor, activity.room.workshop)
    return activity


def do_hide_note(*, actor: User, note: Note, hidden: bool) -> None:
    """Hide a note from the room (its author and the facilitators still have it)."""
    with transaction.atomic():
        activity = _facilitated_note(actor, note)
        note.hidden = hidden
        note.save(update_fields=["hidden", "updated_at"])
        _emit_note(activity, note)


def do_move_note(*, actor: User, note: Note, column: Column) -> None:
    with transaction.atomic():
        activity = _facilitated_note(actor, note)
        _check(column.activity_id == activity.pk, _("That column belongs to another activity."))
        note.column = column
        note.save(update_fields=["column", "updated_at"])
        _emit_note(activity, note)


def do_merge_note(*, actor: User, note: Note, into: Note | None) -> None:
    """Merge ``note`` into ``into`` (None: separate it again). The merged note's votes count
    for the note it was merged into; notes merged into it follow it."""
    with transaction.atomic():
        activity = _facilitated_note(actor, note)
        if into is not None:
            _check(
                into.activity_id == activity.pk and into.pk != note.pk,
                _("Choose another note of this activity."),
            )
            target = into.merged_into or into
            _check(target.pk != note.pk, _("Choose another note of this activity."))
            for child in note.merged.all():
                child.merged_into = target
                child.save(update_fields=["merged_into"])
                _emit_note(activity, child)
            note.merged_into = target
        else:
            note.merged_into = None
        note.save(update_fields=["merged_into", "updated_at"])
        _emit_note(activity, note)
        if note.votes.exists():
            _emit_tally(activity)


def do_choose_case(*, actor: User, note: Note, chosen: bool) -> None:
    """Choose a case for the breakout groups (or take it back before the groups start)."""
    with transaction.atomic():
        activity = _facilitated_note(actor, note)
        _check(
            activity.kind == Activity.Kind.CASE_DIALOGUE and note.case_id is None,
            _("Only cases are chosen for groups."),
        )
        _check(
            not Breakout.objects.filter(activity=activity).exists(),
            _("The groups have started; the cases stay as they are."),
        )
        note.chosen = chosen
        note.save(update_fields=["chosen", "updated_at"])
        _emit_note(activity, note)
