"""Writes in the live room. Every rule is checked here, on the server, whether the change comes
over HTTP or over the WebSocket; a refused change raises LiveError with a message for the person
and changes nothing. Each change locks its activity's row, so that it sees the activity as it is
now (a closed activity accepts nothing) and its event gets the next number."""

import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.foresight.models import STEEP
from larlabb.labs.models import ProgramItem, Workshop
from larlabb.live import events, groups, queries, rules, themes
from larlabb.live.events import LiveError, emit, lock
from larlabb.live.models import (
    Activity,
    Breakout,
    Column,
    Note,
    Participant,
    Room,
    Seat,
    Side,
    Theme,
    Vote,
)

MAX_COLUMNS = 8
MAX_OPTIONS = 30
MAX_GROUPS = 40
MAX_ROUNDS = 8


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise LiveError(message)


def check_facilitator(actor: User, workshop: Workshop) -> None:
    _check(
        queries.can_facilitate_workshop(actor, workshop),
        _("Only the workshop's facilitators control its activities."),
    )


def _emit_note(activity: Activity, note: Note) -> None:
    emit(activity, "note", queries.note_data(note, activity))


def _emit_state(activity: Activity) -> None:
    emit(activity, "state", {})


def _emit_tally(activity: Activity) -> None:
    events.send_tally(activity, queries.tally_data(activity))


# --- The room and who is in it --------------------------------------------------------------


def get_or_create_room(workshop: Workshop) -> Room:
    room, _created = Room.objects.get_or_create(workshop=workshop)
    return room


def do_join(*, user: User, room: Room) -> Participant:
    """A registered participant or a facilitator takes their place in the room; the
    organisation and side come from the registration (for facilitators, from their profile)."""
    workshop = room.workshop
    is_facilitator = queries.can_facilitate_workshop(user, workshop)
    registration = queries.registration_for(user, workshop)
    _check(
        is_facilitator or registration is not None,
        _("Only people registered for this workshop join with their account."),
    )
    organisation = registration.organisation if registration else user.organisation
    side = rules.side_of(organisation.kind) if organisation else Side.OTHER
    defaults = {
        "name": user.name or user.email.split("@")[0],
        "organisation": organisation,
        "side": side,
        "is_facilitator": is_facilitator,
    }
    try:
        with transaction.atomic():
            participant, _created = Participant.objects.update_or_create(
                room=room, user=user, defaults=defaults
            )
    except IntegrityError:  # joined at the same moment from two screens
        participant = Participant.objects.get(room=room, user=user)
    return participant


def do_join_as_guest(*, room: Room, name: str, side: str, key: str = "") -> Participant:
    """Someone without an account joins the room; only where a facilitator allowed guests.
    ``key`` is the guest's key from their browser session, when they have joined before."""
    _check(
        room.activities.filter(allow_guests=True).exists(),
        _("This room is open to registered participants only. Log in to join."),
    )
    _check(side in Side.values, _("Choose region, agency or other."))
    name = " ".join(name.split())[:100] or _("Guest")
    if key and (existing := Participant.objects.filter(room=room, guest_key=key).first()):
        existing.name, existing.side = name, side
        existing.save(update_fields=["name", "side"])
        return existing
    return Participant.objects.create(room=room, guest_key=uuid.uuid4().hex, name=name, side=side)


# --- Activities (facilitators) --------------------------------------------------------------


DEFAULT_COLUMNS = {
    Activity.Kind.BOARD: [gettext_lazy("Possibilities"), gettext_lazy("Obstacles")],
    Activity.Kind.PERSPECTIVES: [gettext_lazy("Possibilities"), gettext_lazy("Obstacles")],
}


@transaction.atomic
def do_create_activity(
    *,
    actor: User,
    program_item: ProgramItem,
    kind: str,
    title: str,
    prompt: str = "",
    columns: Sequence[str] = (),
    options: Sequence[str] = (),
    **settings: bool | int,
) -> Activity:
    """A facilitator puts an activity on a program item of the workshop (a draft until it is
    opened). Boards get their columns, polls, rankings and dot votes their options, foresight
    the five STEEP categories of its trend board."""
    workshop = program_item.workshop
    check_facilitator(actor, workshop)
    _check(kind in Activity.Kind.values, _("Unknown kind of activity."))
    title = " ".join(title.split())
    _check(
        bool(title) and len(title) <= 200, _("Give the activity a title (at most 200 characters).")
    )
    columns = [c.strip() for c in columns if c.strip()]
    options = [o.strip() for o in options if o.strip()]
    _check(len(columns) <= MAX_COLUMNS, _("At most %(n)d columns.") % {"n": MAX_COLUMNS})
    _check(len(options) <= MAX_OPTIONS, _("At most %(n)d options.") % {"n": MAX_OPTIONS})
    _check(all(len(c) <= 100 for c in columns), _("A column title may be at most 100 characters."))
    if kind in (Activity.Kind.POLL, Activity.Kind.RANKING, Activity.Kind.DOT_VOTING):
        _check(len(options) >= 2, _("Give at least two options."))
    dots = int(settings.get("dots_per_person", 3))
    _check(0 <= dots <= 20, _("Between 0 and 20 dots per person."))
    room = get_or_create_room(workshop)
    position = (room.activities.aggregate(Max("position"))["position__max"] or 0) + 1
    activity = Activity.objects.create(
        room=room,
        program_item=program_item,
        kind=kind,
        title=title,
        prompt=prompt.strip()[:500],
        position=position,
        created_by=actor,
        dots_per_person=dots,
        several_dots_per_note=bool(settings.get("several_dots_per_note", False)),
        multiple_choice=bool(settings.get("multiple_choice", False)),
        allow_guests=bool(settings.get("allow_guests", False)),
        hide_authors=bool(settings.get("hide_authors", False)),
    )
    if kind == Activity.Kind.FORESIGHT:
        Column.objects.bulk_create(
            Column(activity=activity, position=i, key=key, title=str(label))
            for i, (key, label) in enumerate(STEEP)
        )
    elif kind in DEFAULT_COLUMNS:
        titles = columns or [str(t) for t in DEFAULT_COLUMNS[kind]]
        Column.objects.bulk_create(
            Column(activity=activity, position=i, title=t) for i, t in enumerate(titles)
        )
    for position, option in enumerate(options):
        Note.objects.create(activity=activity, text=rules.clean_text(option), position=position)
    return activity


SWITCHES = ("status", "locked", "voting_open", "revealed", "hide_authors", "allow_guests")


def do_set(*, actor: User, activity: Activity, **changes: str | bool) -> Activity:
    """Open, lock, open the voting, reveal, hide authors, allow guests, close. Every screen
    fetches the activity again; a reveal also sends the results."""
    _check(set(changes) <= set(SWITCHES), _("Unknown setting."))
    if "status" in changes:
        _check(changes["status"] in Activity.Status.values, _("Unknown status."))
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        for name, value in changes.items():
            setattr(activity, name, value)
        activity.save(update_fields=[*changes])
        _emit_state(activity)  # the screens fetch the state, results included once revealed
    return activity


def do_present(*, actor: User, room: Room, activity: Activity | None) -> None:
    """Show ``activity`` on the projector and the phones (None: the room's start page)."""
    check_facilitator(actor, room.workshop)
    _check(activity is None or activity.room_id == room.pk, _("That activity is elsewhere."))
    room.current = activity
    room.save(update_fields=["current"])
    events.announce_room(room.pk, activity.pk if activity else None)


# --- Notes ----------------------------------------------------------------------------------


def check_may_contribute(participant: Participant, activity: Activity) -> None:
    _check(participant.room_id == activity.room_id, _("You are not in this room."))
    _check(
        not participant.is_guest or activity.allow_guests,
        _("This activity is for registered participants."),
    )
    _check(activity.status != Activity.Status.CLOSED, _("The activity is closed."))
    _check(activity.is_open, _("The activity has not started yet."))


def _may_write_in(activity: Activity, column: Column | None, case: Note | None) -> bool:
    """Whether notes can be added or edited there now: boards until they are locked, a
    scenario quadrant and a group's notes on its case also after that."""
    if case is not None:
        return Breakout.objects.filter(activity=activity).exists()
    if column is not None and column.key.startswith("q"):
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
    needs_column = activity.kind != Activity.Kind.CASE_DIALOGUE
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
    same key from the same person gives the note it created the first time."""
    if key is not None and (
        existing := Note.objects.filter(author=participant, client_key=key).first()
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
        activity = lock(activity)
        check_may_contribute(participant, activity)
        _check_place(participant, activity, column, case)
        position = activity.seq + 1  # grows with every event: notes keep the order they came in
        note = Note.objects.create(
            activity=activity,
            column=column,
            case=case,
            author=participant,
            side=participant.side,
            organisation=organisation if is_case and organisation else participant.organisation,
            title=title,
            text=text,
            position=position,
            client_key=key,
        )
        _emit_note(activity, note)
    return note


def _own_note(participant: Participant, note: Note) -> Activity:
    activity = lock(note.activity_id)
    check_may_contribute(participant, activity)
    _check(note.author_id == participant.pk, _("You can change only your own notes."))
    column = Column.objects.filter(pk=note.column_id).first()
    case = Note.objects.filter(pk=note.case_id).first()
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


# --- Votes ----------------------------------------------------------------------------------


def _check_votable(participant: Participant, activity: Activity, note: Note) -> None:
    check_may_contribute(participant, activity)
    _check(activity.accepts_votes, _("Voting is not open."))
    _check(
        note.activity_id == activity.pk
        and not note.hidden
        and note.merged_into_id is None
        and note.case_id is None,
        _("That note cannot be voted on."),
    )


def do_vote(*, participant: Participant, note: Note, value: int) -> dict[int, int]:
    """Set the person's vote on ``note``: the number of dots on it (0 takes them back), or for
    a poll 1 (chosen) or 0. A single-choice poll moves the choice. Setting the same value twice
    changes nothing, so a retried vote is safe. Returns the person's votes."""
    with transaction.atomic():
        activity = lock(note.activity_id)
        _check_votable(participant, activity, note)
        mine = Vote.objects.filter(activity=activity, participant=participant)
        mode = activity.vote_mode
        if mode == "dots":
            used = mine.exclude(note=note).aggregate(total=Sum("value"))["total"] or 0
            problem = rules.dots_problem(
                used_elsewhere=used,
                value=value,
                per_person=activity.dots_per_person,
                several_per_note=activity.several_dots_per_note,
            )
            _check(problem is None, problem or "")
        else:
            _check(mode in ("single", "multiple"), _("This activity is voted on by ranking."))
            _check(value in (0, 1), _("Choose the option or leave it."))
            if mode == "single" and value:
                mine.exclude(note=note).delete()
        current = mine.filter(note=note).first()
        if (current.value if current else 0) != value:
            if value:
                Vote.objects.update_or_create(
                    activity=activity,
                    participant=participant,
                    note=note,
                    defaults={"value": value},
                )
            else:
                mine.filter(note=note).delete()
            _emit_tally(activity)
        return dict(mine.values_list("note", "value"))


def do_rank(*, participant: Participant, activity: Activity, order: list[int]) -> None:
    """Put the options of a ranking in order, best first (replaces the earlier ranking)."""
    with transaction.atomic():
        activity = lock(activity)
        check_may_contribute(participant, activity)
        _check(activity.vote_mode == "rank" and activity.accepts_votes, _("Voting is not open."))
        options = activity.notes.filter(hidden=False, case=None).values_list("pk", flat=True)
        problem = rules.ranking_problem(order, options)
        _check(problem is None, problem or "")
        mine = Vote.objects.filter(activity=activity, participant=participant)
        if list(mine.order_by("value").values_list("note", flat=True)) == order:
            return
        mine.delete()
        Vote.objects.bulk_create(
            Vote(activity=activity, participant=participant, note_id=note, value=place)
            for place, note in enumerate(order, start=1)
        )
        _emit_tally(activity)


# --- Themes (facilitators) ------------------------------------------------------------------


def do_suggest_themes(*, actor: User, activity: Activity, k: int | None = None) -> list[Theme]:
    """Group the visible notes into suggested themes, each with a short label, in place of the
    earlier suggestions (accepted themes stay). The facilitator then accepts, renames, merges
    or rejects them."""
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        Theme.objects.filter(activity=activity, status=Theme.Status.SUGGESTED).delete()
        notes = list(
            activity.notes.filter(hidden=False, merged_into=None, case=None, theme=None).order_by(
                "position", "pk"
            )
        )
        _check(len(notes) >= 2, _("Themes need at least two notes without a theme."))
        texts = [" ".join(filter(None, [n.title, n.text])) for n in notes]
        clusters = themes.cluster(texts, k)
        labels = themes.label(texts, clusters)
        created = []
        for number, label in enumerate(labels):
            members = [n for n, c in zip(notes, clusters, strict=True) if c == number]
            if not members:
                continue
            theme = Theme.objects.create(activity=activity, label=label[:80], position=number)
            Note.objects.filter(pk__in=[n.pk for n in members]).update(theme=theme)
            created.append(theme)
        _emit_state(activity)
    return created


def _theme_change(actor: User, theme: Theme) -> Activity:
    activity = lock(theme.activity_id)
    check_facilitator(actor, activity.room.workshop)
    return activity


def do_accept_theme(*, actor: User, theme: Theme, label: str = "") -> None:
    """Accept a theme (with a new label, if given); the room sees it from now on."""
    label = " ".join(label.split())
    _check(len(label) <= 80, _("A theme's label may be at most 80 characters."))
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.status = Theme.Status.ACCEPTED
        theme.label = label or theme.label
        theme.save(update_fields=["status", "label"])
        _emit_state(activity)


def do_rename_theme(*, actor: User, theme: Theme, label: str) -> None:
    label = " ".join(label.split())
    _check(0 < len(label) <= 80, _("A theme's label needs 1–80 characters."))
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.label = label
        theme.save(update_fields=["label"])
        _emit_state(activity)


def do_merge_themes(*, actor: User, theme: Theme, into: Theme) -> None:
    _check(
        theme.activity_id == into.activity_id and theme.pk != into.pk,
        _("Choose another theme of this activity."),
    )
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.notes.update(theme=into)
        theme.delete()
        _emit_state(activity)


def do_reject_theme(*, actor: User, theme: Theme) -> None:
    """Reject a theme: its notes have no theme again."""
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.notes.update(theme=None)
        theme.delete()
        _emit_state(activity)


# --- Breakout groups (facilitators) ---------------------------------------------------------


def _allocation_message(error: groups.AllocationError) -> str:
    if error.reason == "organisation-too-large":
        name = (
            Organisation.objects.filter(pk=error.organisation).first()
            if str(error.organisation).isdigit()
            else None
        )
        return _(
            "%(organisation)s has %(count)d people in the room but there are only %(groups)d "
            "groups, so two of them would share a group. Ask for more groups."
        ) % {
            "organisation": name.short_name if name else error.organisation,
            "count": error.count,
            "groups": error.groups,
        }
    if error.reason == "too-few-people":
        return _("There are fewer people in the room than groups.")
    return _("Between 1 and %(groups)d groups and 1 and %(rounds)d rounds.") % {
        "groups": MAX_GROUPS,
        "rounds": MAX_ROUNDS,
    }


def room_people(activity: Activity) -> list[Participant]:
    """The people the groups are made of: everyone in the room who is not a facilitator."""
    return list(
        Participant.objects.filter(room_id=activity.room_id, is_facilitator=False).order_by("pk")
    )


def do_allocate(
    *, actor: User, activity: Activity, group_count: int, rounds: int, seed: int = 0
) -> Breakout:
    """Split the room into ``group_count`` groups for ``rounds`` rounds: never two people of
    one organisation together, regions and agencies balanced in every group, as few repeat
    meetings as possible. In a case dialogue, one group per chosen case."""
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        _check(
            activity.kind in (Activity.Kind.BREAKOUT, Activity.Kind.CASE_DIALOGUE),
            _("This activity has no groups."),
        )
        if activity.kind == Activity.Kind.CASE_DIALOGUE:
            chosen = activity.notes.filter(chosen=True, case=None, hidden=False).count()
            _check(chosen > 0, _("Choose the cases for the groups first."))
            group_count = chosen
        _check(
            1 <= group_count <= MAX_GROUPS and 1 <= rounds <= MAX_ROUNDS,
            _("Between 1 and %(groups)d groups and 1 and %(rounds)d rounds.")
            % {"groups": MAX_GROUPS, "rounds": MAX_ROUNDS},
        )
        people = room_people(activity)
        rows = [
            (str(p.pk), str(p.organisation_id) if p.organisation_id else f"guest-{p.pk}", p.side)
            for p in people
        ]
        try:
            allocation = groups.allocate(rows, group_count, rounds, seed)
        except groups.AllocationError as error:
            raise LiveError(_allocation_message(error)) from error
        Breakout.objects.filter(activity=activity).delete()
        breakout = Breakout.objects.create(
            activity=activity, groups=group_count, rounds=rounds, seed=seed
        )
        Seat.objects.bulk_create(
            Seat(breakout=breakout, participant=person, round=r, group=allocation[r][i])
            for r in range(rounds)
            for i, person in enumerate(people)
        )
        _emit_state(activity)
    return breakout


def do_move_seat(
    *, actor: User, activity: Activity, participant: Participant, round: int, group: int
) -> list[groups.Violation]:
    """Move a person to another group in one round, by hand. Returns what the move breaks
    (two people of one organisation together, unbalanced sides), for the facilitator to see."""
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        breakout = Breakout.objects.filter(activity=activity).first()
        if breakout is None:
            raise LiveError(_("There are no groups yet."))
        _check(
            0 <= round < breakout.rounds and 0 <= group < breakout.groups,
            _("There is no such group."),
        )
        _check(participant.room_id == activity.room_id, _("That person is not in this room."))
        Seat.objects.update_or_create(
            breakout=breakout,
            participant=participant,
            round=round,
            defaults={"group": group, "moved_by_hand": True},
        )
        _emit_state(activity)
        return seat_violations(breakout)


def seat_violations(breakout: Breakout) -> list[groups.Violation]:
    seats = list(Seat.objects.filter(breakout=breakout).select_related("participant"))
    people = {s.participant_id: s.participant for s in seats}
    order = sorted(people)
    rows = [
        (
            str(pk),
            str(people[pk].organisation_id) if people[pk].organisation_id else f"guest-{pk}",
            people[pk].side,
        )
        for pk in order
    ]
    index = {pk: i for i, pk in enumerate(order)}
    allocation = [[0] * len(order) for _ in range(breakout.rounds)]
    for seat in seats:
        allocation[seat.round][index[seat.participant_id]] = seat.group
    return groups.violations(rows, breakout.groups, allocation)


def do_set_round(*, actor: User, activity: Activity, round: int) -> None:
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        breakout = Breakout.objects.filter(activity=activity).first()
        if breakout is None or not 0 <= round < breakout.rounds:
            raise LiveError(_("There is no such round."))
        breakout.current_round = round
        breakout.save(update_fields=["current_round"])
        _emit_state(activity)
