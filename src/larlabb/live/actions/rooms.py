"""The room, who is in it, and the activities that facilitators create and control; the
checks every other write shares."""

import secrets
import time
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from larlabb.accounts.models import User
from larlabb.actors.models import Side
from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.core import realtime
from larlabb.core.limits import Limit, allow
from larlabb.labs.models import ProgramItem, Workshop
from larlabb.live import events, queries, rules
from larlabb.live.events import LiveError, emit, lock
from larlabb.live.models import (
    STEEP,
    Activity,
    Column,
    Note,
    Participant,
    Room,
    Theme,
    new_join_code,
)

MAX_COLUMNS = 8
MAX_OPTIONS = 30
MAX_GROUPS = 40
MAX_ROUNDS = 8
MAX_TIMER_SECONDS = 4 * 3600


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise LiveError(message)


def check_facilitator(actor: User, workshop: Workshop) -> None:
    _check(
        queries.can_facilitate_workshop(actor, workshop),
        _("Only the workshop's facilitators control its activities."),
    )


def _emit_note(activity: Activity, note: Note) -> None:
    emit(activity, "note", _note_event(activity, note))


def _note_event(activity: Activity, note: Note) -> dict[str, Any]:
    data = queries.note_data(note, activity)
    if note.theme_id and Theme.objects.filter(pk=note.theme_id, status=Theme.Status.SUGGESTED):
        data["theme_suggested"] = True  # events.for_role leaves it out for the room
    return data


def _emit_state(activity: Activity) -> None:
    emit(activity, "state", {})


def _emit_tally(activity: Activity) -> None:
    """Send the activity's results after the commit: summed now, or for a screen's operation
    by its consumer a moment later, once for every vote of that moment (see
    ``consumers.send_outgoing``)."""
    if realtime.deferring():
        events.tally_due(activity)
    else:
        send_tally_now(activity)


def send_tally_now(activity: Activity) -> None:
    stamp = time.time_ns()  # before the votes are read: a later sum has a later stamp
    events.send_tally(activity, queries.tally_data(activity), stamp=stamp)


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
    removed = Participant.objects.filter(room=room, user=user, removed_at__isnull=False)
    _check(is_facilitator or not removed.exists(), _("A facilitator removed you from this room."))
    organisation = registration.organisation if registration else user.organisation
    side = organisation.side if organisation else Side.OTHER
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


def do_join_as_guest(
    *, room: Room, name: str, side: str, key: str = "", address: str = ""
) -> Participant:
    """Someone without an account joins the room; only where a facilitator allowed guests.
    ``key`` is the guest's key from their browser session, when they have joined before;
    ``address`` the network address they come from: the room takes only so many new guests
    from one address an hour (``Room.guests_per_address``)."""
    _check(
        room.activities.filter(allow_guests=True).exists(),
        _("This room is open to registered participants only. Log in to join."),
    )
    _check(room.code_open(), _("The room is closed: its code no longer lets anyone in."))
    _check(side in Side.values, _("Choose region, agency or other."))
    name = " ".join(name.split())[:100] or _("Guest")
    if key and (existing := Participant.objects.filter(room=room, guest_key=key).first()):
        _check(existing.removed_at is None, _("A facilitator removed you from this room."))
        existing.name, existing.side = name, side
        existing.save(update_fields=["name", "side"])
        return existing
    _check(
        allow("live.guests", f"{room.pk}:{address}", Limit(room.guests_per_address, 3600)),
        _("Too many guests have joined from this network. Ask the facilitator for help."),
    )
    return Participant.objects.create(room=room, guest_key=uuid.uuid4().hex, name=name, side=side)


def _remove(actor: User, room: Room, participants: list[Participant]) -> None:
    now = timezone.now()
    ids = [p.pk for p in participants]
    Participant.objects.filter(pk__in=ids).update(removed_at=now, removed_by=actor)
    for participant in participants:
        record(
            actor=actor,
            action=Entry.Action.ROOM_REMOVED,
            target=participant,
            lab=room.workshop.lab,
            detail={"room": room.code, "guest": participant.is_guest},
        )
    events.remove_from_room(room.pk, ids)


@transaction.atomic
def do_remove_participant(*, actor: User, room: Room, participant: Participant) -> None:
    """A facilitator removes a person or a guest from the room: their screens close at once and
    they cannot join the room again. What they wrote stays."""
    check_facilitator(actor, room.workshop)
    _check(participant.room_id == room.pk, _("The person is not in this room."))
    _check(not participant.is_facilitator, _("Facilitators cannot be removed from the room."))
    if participant.removed_at is None:
        _remove(actor, room, [participant])


@transaction.atomic
def do_remove_guests(*, actor: User, room: Room) -> int:
    """Remove every guest and let no new ones in: guests are no longer allowed in any of the
    room's activities (a facilitator can allow them again). Returns how many were removed."""
    check_facilitator(actor, room.workshop)
    guests = list(room.participants.filter(user__isnull=True, removed_at__isnull=True))
    if guests:
        _remove(actor, room, guests)
    for activity in room.activities.filter(allow_guests=True):
        do_set(actor=actor, activity=activity, allow_guests=False)
    return len(guests)


@transaction.atomic
def do_new_join_code(*, actor: User, room: Room) -> str:
    """Give the room a new join code (the old one stops working at once); it also opens a
    closed room's code again until the end of the day."""
    check_facilitator(actor, room.workshop)
    room = Room.objects.select_for_update().get(pk=room.pk)
    for _attempt in range(20):
        code = new_join_code()
        if not Room.objects.filter(code=code).exists():
            break
    room.code, room.closed_at = code, None
    room.save(update_fields=["code", "closed_at"])
    record(actor=actor, action=Entry.Action.ROOM_CODE_CHANGED, target=room, lab=room.workshop.lab)
    return code


@transaction.atomic
def do_close_room(*, actor: User, room: Room) -> None:
    """Close the room's join code before the day is over: nobody new gets in with it, and
    guests are out. Registered participants keep the room through their lab's page."""
    check_facilitator(actor, room.workshop)
    Room.objects.filter(pk=room.pk).update(closed_at=timezone.now())
    guests = list(room.participants.filter(user__isnull=True, removed_at__isnull=True))
    events.remove_from_room(room.pk, [guest.pk for guest in guests])


LIMIT_FIELDS = ("notes_per_minute", "votes_per_minute", "syncs_per_minute", "guests_per_address")
MAX_LIMIT = 1000


@transaction.atomic
def do_set_limits(*, actor: User, room: Room, **limits: int) -> Room:
    """The room's fair-use limits (``LIMIT_FIELDS``, each 1 to 1000). Screens that are open
    get the new limits when they next connect; pages and new screens at once."""
    check_facilitator(actor, room.workshop)
    for name, value in limits.items():
        _check(name in LIMIT_FIELDS, _("Unknown limit."))
        _check(1 <= value <= MAX_LIMIT, _("Each limit is a number from 1 to 1000."))
    Room.objects.filter(pk=room.pk).update(**limits)
    room.refresh_from_db()
    return room


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
    _check(
        len(columns) <= MAX_COLUMNS,
        ngettext("At most %(count)d column.", "At most %(count)d columns.", MAX_COLUMNS)
        % {"count": MAX_COLUMNS},
    )
    _check(
        len(options) <= MAX_OPTIONS,
        ngettext("At most %(count)d option.", "At most %(count)d options.", MAX_OPTIONS)
        % {"count": MAX_OPTIONS},
    )
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
            Column(activity=activity, position=i, kind=Column.Kind.BOARD, key=key, title=str(label))
            for i, (key, label) in enumerate(STEEP)
        )
    elif kind in DEFAULT_COLUMNS:
        titles = columns or [str(t) for t in DEFAULT_COLUMNS[Activity.Kind(kind)]]
        Column.objects.bulk_create(
            Column(activity=activity, position=i, kind=Column.Kind.BOARD, title=t)
            for i, t in enumerate(titles)
        )
    for position, option in enumerate(options):
        Note.objects.create(activity=activity, text=rules.clean_text(option), position=position)
    return activity


def do_set(
    *,
    actor: User,
    activity: Activity,
    status: str | None = None,
    locked: bool | None = None,
    voting_open: bool | None = None,
    revealed: bool | None = None,
    hide_authors: bool | None = None,
    allow_guests: bool | None = None,
    participants_group: bool | None = None,
) -> Activity:
    """Open, lock, open the voting, reveal, hide authors, allow guests, let participants group
    the notes, close: the switches given (not None) change. Every screen fetches the activity
    again; a reveal also sends the results."""
    switches: dict[str, str | bool | None] = {
        "status": status,
        "locked": locked,
        "voting_open": voting_open,
        "revealed": revealed,
        "hide_authors": hide_authors,
        "allow_guests": allow_guests,
        "participants_group": participants_group,
    }
    changes = {name: value for name, value in switches.items() if value is not None}
    _check(bool(changes), _("The request was incomplete; please try again."))
    if status is not None:
        _check(status in Activity.Status.values, _("Unknown status."))
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        guests_shut_out = activity.allow_guests and allow_guests is False
        for name, value in changes.items():
            setattr(activity, name, value)
        activity.save(update_fields=[*changes])
        _emit_state(activity)  # the screens fetch the state, results included once revealed
        if guests_shut_out:  # their open screens stop hearing it at once
            events.shut_out_guests(activity.pk)
    return activity


def do_present(*, actor: User, room: Room, activity: Activity | None) -> None:
    """Show ``activity`` on the projector and the phones (None: the room's start page). An
    activity not yet started opens: the phones that follow could not show it otherwise."""
    check_facilitator(actor, room.workshop)
    _check(activity is None or activity.room_id == room.pk, _("That activity is elsewhere."))
    with transaction.atomic():
        if activity is not None:  # as it is now, locked (a screen may hold only its number)
            activity = lock(activity)
            if activity.status == Activity.Status.DRAFT:
                activity = do_set(actor=actor, activity=activity, status=Activity.Status.OPEN)
        room.current = activity
        room.save(update_fields=["current"])
        events.announce_room(room.pk, activity.pk if activity else None)


def do_start_timer(*, actor: User, room: Room, seconds: int) -> None:
    """Start the room's countdown of ``seconds``: the projector and every phone show it."""
    check_facilitator(actor, room.workshop)
    _check(0 < seconds <= MAX_TIMER_SECONDS, _("Choose a time between one second and four hours."))
    room.timer_ends = timezone.now() + timedelta(seconds=seconds)
    room.timer_seconds = seconds
    room.save(update_fields=["timer_ends", "timer_seconds"])
    events.tell_room(room.pk, timer=queries.timer_data(room))


def do_stop_timer(*, actor: User, room: Room) -> None:
    check_facilitator(actor, room.workshop)
    room.timer_ends = None
    room.timer_seconds = None
    room.save(update_fields=["timer_ends", "timer_seconds"])
    events.tell_room(room.pk, timer=None)


PAGER_COMMANDS = ("next", "previous", "pin", "rotate")


def do_page_presenter(*, actor: User, room: Room, command: str) -> None:
    """Turn the presenter screen's pages (next, previous), keep it on its page (pin) or let it
    turn them on its own again (rotate)."""
    check_facilitator(actor, room.workshop)
    _check(command in PAGER_COMMANDS, _("Unknown operation."))
    events.tell_room(room.pk, pager=command)


def do_new_presenter_link(*, actor: User, room: Room) -> str:
    """Give the room a new secret presenter link (the old one stops working); its key."""
    check_facilitator(actor, room.workshop)
    room.presenter_key = secrets.token_urlsafe(24)
    room.save(update_fields=["presenter_key"])
    events.tell_room(room.pk, presenter="changed")  # screens on the old link close
    return room.presenter_key


def do_revoke_presenter_link(*, actor: User, room: Room) -> None:
    check_facilitator(actor, room.workshop)
    room.presenter_key = ""
    room.save(update_fields=["presenter_key"])
    events.tell_room(room.pk, presenter="revoked")


def check_may_contribute(participant: Participant, activity: Activity) -> None:
    _check(participant.room_id == activity.room_id, _("You are not in this room."))
    _check(
        not participant.is_guest or activity.allow_guests,
        _("This activity is for registered participants."),
    )
    _check(activity.status != Activity.Status.CLOSED, _("The activity is closed."))
    _check(activity.is_open, _("The activity has not started yet."))
