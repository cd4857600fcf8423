"""Reads of the live room, with their permission checks: who is in the room and in which role,
which activities they see, and the state of an activity as a screen of theirs shows it."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.http import Visitor
from larlabb.accounts.models import User
from larlabb.labs.access import LabRole, has_role
from larlabb.labs.models import Workshop
from larlabb.live import events, foresight, opinion_map, rules
from larlabb.live.models import (
    Activity,
    Breakout,
    Note,
    Participant,
    Rating,
    Room,
    ScenarioAxes,
    Seat,
    Theme,
    ThemeRun,
    Vote,
)
from larlabb.registrations.models import Registration

GUEST_SESSION_KEY = "live_guests"


def can_facilitate_workshop(user: Visitor, workshop: Workshop) -> bool:
    """The lab's organisers and workshop leaders, and the leaders of the workshop's program
    items, run its live activities."""
    if not user.is_authenticated or not user.is_active:
        return False
    if has_role(user, workshop.lab, LabRole.LEADER):
        return True
    return workshop.program.filter(leaders=user).exists()


def access_workshop_to_facilitate(user: Visitor, slug: str, number: int) -> Workshop:
    workshop = Workshop.objects.select_related("lab").filter(lab__slug=slug, number=number).first()
    if workshop is None:
        raise Http404
    if not can_facilitate_workshop(user, workshop):
        raise PermissionDenied
    return workshop


def registration_for(user: Visitor, workshop: Workshop) -> Registration | None:
    """The person's confirmed registration that covers ``workshop``."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            lab_id=workshop.lab_id, person=user, status=Registration.Status.CONFIRMED
        )
        .filter(Q(workshops=None) | Q(workshops=workshop))
        .select_related("organisation")
        .first()
    )


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def find_room(code: str) -> Room | None:
    """The room with ``code`` (of a workshop that is not cancelled), if there is one. Its
    code may have expired (``Room.code_open``): then only those already in it get in."""
    return (
        Room.objects.select_related("workshop__lab")
        .filter(code=normalise_code(code), workshop__status__in=["planned", "moved"])
        .first()
    )


def get_room(code: str) -> Room:
    room = find_room(code)
    if room is None:
        raise Http404
    return room


@dataclass
class Viewer:
    """Who looks at the room: their account (if logged in), their place in the room (once
    joined) and whether they run it. The presenter screen (the projector) is a viewer of its
    own: it shows the room, never a person, and does nothing."""

    user: Visitor
    participant: Participant | None
    is_facilitator: bool
    is_registered: bool
    is_presenter: bool = False
    by_link: bool = False  # a presenter screen opened through the room's secret link
    removed: bool = False  # a facilitator removed them from the room
    # the room's fair-use limits per person and minute ("notes", "votes", "syncs")
    limits: dict[str, int] = field(default_factory=dict)

    @property
    def person(self) -> User:
        """The logged-in person, for the operations of those who run the room (an anonymous
        viewer never runs it)."""
        if not isinstance(self.user, User):
            raise PermissionDenied
        return self.user

    @property
    def role(self) -> str:
        return events.FACILITATOR if self.is_facilitator else events.ROOM

    @property
    def is_guest(self) -> bool:
        return self.participant is not None and self.participant.is_guest


def guest_key(session, room: Room) -> str:
    return (session.get(GUEST_SESSION_KEY) or {}).get(str(room.pk), "")


def viewer_for(user: Visitor, session: SessionBase, room: Room) -> Viewer:
    """The viewer of ``room``: a facilitator, a registered participant, a guest whose key is in
    the browser session, or someone who has not joined (participant None).

    Membership ends access: a person whose registration no longer covers the workshop (it was
    cancelled) is no longer in the room, a person or guest a facilitator removed is not
    either (``removed``), and guests are in only while the room's join code is open."""
    is_facilitator = can_facilitate_workshop(user, room.workshop)
    participant = None
    registered = False
    if user.is_authenticated:
        participant = Participant.objects.filter(room=room, user=user).first()
        registered = is_facilitator or registration_for(user, room.workshop) is not None
        if participant is not None and not registered:
            participant = None
    if participant is None and (key := guest_key(session, room)):
        participant = Participant.objects.filter(room=room, guest_key=key).first()
        if participant is not None and not room.code_open():
            participant = None
    removed = participant is not None and participant.removed_at is not None
    if removed and not is_facilitator:
        participant = None
    limits = {
        "notes": room.notes_per_minute,
        "votes": room.votes_per_minute,
        "syncs": room.syncs_per_minute,
    }
    return Viewer(user, participant, is_facilitator, registered, removed=removed, limits=limits)


def still_in_room(participant: Participant, room: Room) -> bool:
    """Whether a participant whose screen is open is still in the room (one query): not
    removed, and a person still registered for the workshop, a guest while the room's code is
    open. A screen's message about its removal may be lost on the way (the channel layer drops
    what a full channel cannot take), so every operation asks again."""
    return participant.pk in still_in_room_of([participant], room)


def still_in_room_of(participants: Iterable[Participant | None], room: Room) -> set[int]:
    """The ids of those of ``participants`` still in the room (:func:`still_in_room`), in one
    query however many they are.

    Every live operation asks this, so the query is written out: Django took about 1 ms to
    build it (an ``Exists`` over the registrations, each time), the database 0.1 ms to answer
    it, and in a room of 300 the question was a tenth of a busy process's time."""
    ids = sorted({p.pk for p in participants if p is not None})
    if not ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            _STILL_IN_ROOM.format(ids=", ".join(["%s"] * len(ids))),
            [*ids, room.code_open(), room.workshop.lab_id, room.workshop_id],
        )
        return {row[0] for row in cursor.fetchall()}


def _still_in_room_sql() -> str:
    """Not removed; and a guest while the room's code is open, or a person with a confirmed
    registration for the whole lab or for this workshop (``{ids}`` is filled in per call)."""
    participant, registration = Participant._meta.db_table, Registration._meta.db_table
    chosen = Registration.workshops.through._meta.db_table
    confirmed = Registration.Status.CONFIRMED.value
    return (
        f'SELECT p.id FROM "{participant}" p '  # noqa: S608 (names from the models)
        "WHERE p.id IN ({ids}) AND p.removed_at IS NULL AND ("
        "(p.user_id IS NULL AND %s) OR EXISTS ("
        f'SELECT 1 FROM "{registration}" r WHERE r.lab_id = %s AND r.person_id = p.user_id '
        f"AND r.status = '{confirmed}' AND ("
        f'NOT EXISTS (SELECT 1 FROM "{chosen}" w WHERE w.registration_id = r.id) '
        f'OR EXISTS (SELECT 1 FROM "{chosen}" w WHERE w.registration_id = r.id '
        "AND w.workshop_id = %s))))"
    )


_STILL_IN_ROOM = _still_in_room_sql()


def people_in_room(room: Room) -> list[Participant]:
    """Everyone who joined the room, facilitators first, then by name; the removed last."""
    people = list(room.participants.select_related("organisation", "user"))
    return sorted(people, key=lambda p: (p.removed_at is not None, not p.is_facilitator, p.name))


def presenter_viewer(user: Visitor, *, by_link: bool = False) -> Viewer:
    """The big screen: what the room sees, with no one's own state, opened by a facilitator or
    (``by_link``) through the room's presenter link, which shows no activity not yet started."""
    return Viewer(user, None, False, True, is_presenter=True, by_link=by_link)


def presenter_link_opens(room: Room, key: str) -> bool:
    """Whether ``key`` is the room's current presenter key (compared in constant time, as
    bytes: any text someone types in the address is only a wrong key)."""
    given = (key or "").encode()
    return bool(room.presenter_key) and secrets.compare_digest(room.presenter_key.encode(), given)


def may_see(viewer: Viewer, activity: Activity) -> bool:
    if viewer.is_facilitator or (viewer.is_presenter and not viewer.by_link):
        return True
    if viewer.is_presenter:
        return activity.status != Activity.Status.DRAFT
    if viewer.participant is None or activity.status == Activity.Status.DRAFT:
        return False
    return not viewer.participant.is_guest or activity.allow_guests


def why_not_seen(viewer: Viewer) -> str:
    """What a participant's phone says of an activity it may not see (:func:`may_see`)."""
    if viewer.participant is not None and viewer.participant.is_guest:
        return _("This activity is for registered participants.")
    return _("The activity has not started yet.")


def visible_activities(viewer: Viewer, room: Room) -> list[Activity]:
    activities = room.activities.select_related("program_item")
    return [a for a in activities if may_see(viewer, a)]


def access_activity(viewer: Viewer, room: Room, pk: int) -> Activity:
    activity = Activity.objects.filter(room=room, pk=pk).select_related("room").first()
    if activity is None:
        raise Http404
    if not may_see(viewer, activity):
        raise PermissionDenied
    return activity


def require_facilitator(viewer: Viewer) -> None:
    if not viewer.is_facilitator:
        raise PermissionDenied


# --- The state of an activity, as a screen shows it ----------------------------------------


def note_data(note: Note, activity: Activity) -> dict:
    """A note as the screens get it (needs ``author`` and ``organisation`` selected)."""
    organisation = note.organisation.short_name if note.organisation else ""
    return {
        "id": note.pk,
        "column": note.column_id,
        "case": note.case_id,
        "title": note.title,
        "text": note.text,
        "side": note.side,
        "author": note.author.name if note.author else "",
        "organisation": organisation,
        "hidden": note.hidden,
        "merged_into": note.merged_into_id,
        "theme": note.theme_id,
        "chosen": note.chosen,
        "anonymous": activity.hide_authors,
    }


def meeting_of(notes: Iterable[Note]) -> dict[str, list[int]]:
    """Where the perspectives meet among ``notes`` (:func:`rules.meeting_points`)."""
    return rules.meeting_points(
        {"id": n.pk, "side": n.side, "theme": n.theme_id, "merged_into": n.merged_into_id}
        for n in notes
    )


def notes_of(activity: Activity) -> list[Note]:
    return list(
        Note.objects.filter(activity=activity)
        .select_related("author", "organisation")
        .order_by("position", "pk")
    )


def vote_rows(activity: Activity) -> list[tuple[int, int, int]]:
    """(participant, note, value) of every vote of the activity."""
    return list(Vote.objects.filter(activity=activity).values_list("participant", "note", "value"))


def rankings_of(activity: Activity) -> dict[int, list[int]]:
    """Each voter's ranking of a ranking activity: the notes in the order given."""
    rankings: dict[int, list[int]] = {}
    for participant, note, _place in sorted(vote_rows(activity), key=lambda row: row[2]):
        rankings.setdefault(participant, []).append(note)
    return rankings


def results(
    activity: Activity, notes: list[Note], rankings: dict[int, list[int]] | None = None
) -> tuple[dict[int, int], int]:
    """The totals per note (dots or choices, or Borda points of a ranking, from ``rankings``
    when the caller has read them) and the number of people who voted."""
    if activity.vote_mode == "rank":
        rankings = rankings_of(activity) if rankings is None else rankings
        options = [n.pk for n in notes if n.case_id is None]
        return rules.borda(rankings, options), len(rankings)
    rows = vote_rows(activity)
    voters = len({participant for participant, _, _ in rows})
    merged = {n.pk: n.merged_into_id for n in notes}
    return rules.totals(((note, value) for _, note, value in rows), merged), voters


def results_visible(viewer: Viewer, activity: Activity) -> bool:
    return viewer.is_facilitator or activity.revealed


def tally_data(activity: Activity) -> dict:
    """The results as they are now, summed by the database (a ranking's Borda points from its
    few options): what a ``tally`` message carries."""
    if activity.vote_mode == "rank":
        rankings = rankings_of(activity)
        options = Note.objects.filter(activity=activity, case__isnull=True)
        return {
            "totals": rules.borda(rankings, list(options.values_list("pk", flat=True))),
            "voters": len(rankings),
            "spread": rules.rank_spread(rankings),
        }
    votes = Vote.objects.filter(activity=activity)
    voters = votes.values("participant").distinct().count()
    merged = dict(
        Note.objects.filter(activity=activity, merged_into__isnull=False).values_list(
            "pk", "merged_into"
        )
    )
    sums = votes.values("note").annotate(total=Sum("value")).values_list("note", "total")
    return {"totals": rules.totals(sums, merged), "voters": voters}


def own_votes(participant: Participant | None, activity: Activity) -> dict[int, int]:
    if participant is None:
        return {}
    return dict(
        Vote.objects.filter(activity=activity, participant=participant).values_list("note", "value")
    )


def breakout_state(viewer: Viewer, activity: Activity, notes: list[Note]) -> dict | None:
    breakout = Breakout.objects.filter(activity=activity).first()
    if breakout is None:
        return None
    seats = list(
        Seat.objects.filter(breakout=breakout)
        .select_related("participant__organisation")
        .order_by("round", "group", "participant__name")
    )
    cases = [n for n in notes if n.chosen and n.case_id is None and not n.hidden]
    topics = [{"id": c.pk, "title": c.title or c.text} for c in cases]
    mine = {
        s.round: s.group
        for s in seats
        if viewer.participant is not None and s.participant_id == viewer.participant.pk
    }
    state: dict = {
        "groups": breakout.groups,
        "rounds": breakout.rounds,
        "round": breakout.current_round,
        "topics": topics,
        "my_group": mine.get(breakout.current_round),
        "my_groups": [mine.get(r) for r in range(breakout.rounds)],
    }
    if viewer.is_facilitator or viewer.is_presenter:  # who sits where, on the wall too
        table: list[list[list[dict]]] = [
            [[] for _ in range(breakout.groups)] for _ in range(breakout.rounds)
        ]
        for seat in seats:
            if seat.round < breakout.rounds and seat.group < breakout.groups:
                table[seat.round][seat.group].append(
                    {
                        "id": seat.participant_id,
                        "name": seat.participant.name,
                        "organisation": seat.participant.organisation_label,
                        "side": seat.participant.side,
                        **({"moved": seat.moved_by_hand} if viewer.is_facilitator else {}),
                    }
                )
        state["table"] = table
    return state


def rating_rows(activity: Activity) -> list[tuple[int, int, int]]:
    """(trend, impact, uncertainty) of every rating of a foresight activity's trends."""
    return list(
        Rating.objects.filter(trend__activity=activity).values_list(
            "trend", "impact", "uncertainty"
        )
    )


def own_ratings(activity: Activity, participant: Participant | None) -> dict[int, list[int]]:
    if participant is None:
        return {}
    rows = Rating.objects.filter(trend__activity=activity, participant=participant)
    return {trend: [i, u] for trend, i, u in rows.values_list("trend", "impact", "uncertainty")}


def axes_of(activity: Activity) -> dict | None:
    axes = ScenarioAxes.objects.filter(activity=activity).first()
    return {"x": axes.x_id, "y": axes.y_id} if axes else None


def foresight_state(
    activity: Activity, participant: Participant | None, results_visible: bool
) -> dict:
    """A foresight's ratings as a screen shows them: one's own, and the means and the critical
    uncertainties once the results are visible; the scenario axes once chosen."""
    summary = foresight.summarise(rating_rows(activity)) if results_visible else None
    return {
        "mine": own_ratings(activity, participant),
        "results": [s._asdict() for s in summary] if summary is not None else None,
        "critical": foresight.critical(summary) if summary else [],
        "axes": axes_of(activity),
    }


def opinions_state(viewer: Viewer, activity: Activity, notes: list[Note]) -> dict:
    """An opinion map as a screen shows it: one's own answers, one's statements that wait for
    approval (no one else sees them), and whether the map shows (the results are visible):
    the screen fetches the map itself (``views.opinion_results``), at most every few seconds,
    so that the state the room fetches after each change costs no computation."""
    me = viewer.participant
    waiting = [
        {"id": n.pk, "text": n.text}
        for n in notes
        if me is not None and n.author_id == me.pk and n.hidden and not viewer.is_facilitator
    ]
    return {
        "mine": opinion_map.own_answers(activity, me),
        "waiting": waiting,
        "min_votes": opinion_map.MIN_VOTES,
        "shown": results_visible(viewer, activity),
    }


def _themes_seen(viewer: Viewer, activity: Activity, note_list: list[dict]) -> list[Any]:
    """The themes ``viewer`` sees: all for facilitators, the accepted ones for the room, for
    whom a note in a suggested theme is in none (``note_list`` is changed so)."""
    themes = Theme.objects.filter(activity=activity)
    if viewer.is_facilitator:
        return list(themes.values("id", "label", "status"))
    seen = list(themes.filter(status=Theme.Status.ACCEPTED).values("id", "label", "status"))
    ids = {theme["id"] for theme in seen}
    for note in note_list:
        if note.get("theme") and note["theme"] not in ids:
            note["theme"] = None
    return seen


def activity_state(viewer: Viewer, activity: Activity) -> dict:
    """Everything a screen of ``viewer`` shows of ``activity``, with the number of the last
    event it includes; the screen then applies the events after that number."""
    activity = Activity.objects.select_related("room").get(pk=activity.pk)
    notes = notes_of(activity)
    role = viewer.role
    note_list = [events.for_role("note", note_data(n, activity), role) for n in notes]
    theme_list = _themes_seen(viewer, activity, note_list)
    state: dict = {
        "seq": activity.seq,
        "activity": {
            "id": activity.pk,
            "kind": activity.kind,
            "title": activity.title,
            "prompt": activity.prompt,
            "status": activity.status,
            "locked": activity.locked,
            "voting_open": activity.voting_open,
            "accepts_votes": activity.accepts_votes,
            "revealed": activity.revealed,
            "hide_authors": activity.hide_authors,
            "allow_guests": activity.allow_guests,
            "participants_group": activity.participants_group,
            "dots": activity.dots_per_person,
            "several_dots": activity.several_dots_per_note,
            "vote_mode": activity.vote_mode,
        },
        "columns": list(
            activity.columns.values("id", "kind", "key", "title", "narrative").order_by(
                "position", "pk"
            )
        ),
        "notes": note_list,
        "themes": theme_list,
        "meeting": rules.meeting_points(
            [note_data(n, activity) for n in notes if n.case_id is None]
        ),
        "totals": None,
        "voters": None,
        "mine": {"notes": [], "votes": {}},
        "me": None,
        "timer": timer_data(activity.room),
    }
    if results_visible(viewer, activity) and activity.vote_mode:
        rankings = rankings_of(activity) if activity.vote_mode == "rank" else None
        state["totals"], state["voters"] = results(activity, notes, rankings)
        if rankings is not None:
            state["spread"] = rules.rank_spread(rankings)
    if viewer.participant is not None:
        me = viewer.participant
        state["me"] = {"id": me.pk, "name": me.name, "side": me.side}
        state["mine"] = {
            "notes": [n.pk for n in notes if n.author_id == me.pk],
            "votes": own_votes(me, activity),
        }
    if activity.kind in (Activity.Kind.CASE_DIALOGUE, Activity.Kind.BREAKOUT):
        state["breakout"] = breakout_state(viewer, activity, notes)
    if viewer.is_facilitator and activity.participants_write:
        state["theme_run"] = theme_run_data(activity)
    if activity.kind == Activity.Kind.FORESIGHT:
        state["foresight"] = foresight_state(
            activity, viewer.participant, results_visible(viewer, activity)
        )
    if activity.kind == Activity.Kind.OPINIONS:
        state["opinions"] = opinions_state(viewer, activity, notes)
    return state


THEME_RUN_LOST = timedelta(minutes=15)  # a theme run this old is lost (its worker stopped)


def theme_run_data(activity: Activity) -> dict | None:
    """The latest theme run of the task queue, for the control page: its status and progress;
    None when there is none or it finished more than ten minutes ago."""
    run = activity.theme_runs.order_by("-created_at", "-pk").first()
    now = timezone.now()
    if run is None or (run.finished_at and now - run.finished_at > timedelta(minutes=10)):
        return None
    status = run.status
    if run.active and now - run.created_at > THEME_RUN_LOST:
        status = ThemeRun.Status.FAILED  # the worker stopped; a new suggestion replaces it
    return {"status": status, "done": run.done, "total": run.total}


# --- The room: its timer and its activities in order ----------------------------------------

TIMER_SHOWN_AFTER_END = 300  # seconds "time is up" stays on the screens


def timer_data(room: Room, now: datetime | None = None) -> dict | None:
    """The room's countdown as the screens get it: the seconds left (from now, so that a
    screen's own clock does not matter) and its length; None when there is none, or it ended
    more than five minutes ago."""
    if room.timer_ends is None or not room.timer_seconds:
        return None
    left = (room.timer_ends - (now or timezone.now())).total_seconds()
    if left < -TIMER_SHOWN_AFTER_END:
        return None
    return {"left": max(0.0, round(left, 1)), "total": room.timer_seconds}


def activity_sequence(room: Room) -> list[Activity]:
    """The room's activities in the order of the day (their program items' times)."""
    return list(
        room.activities.select_related("program_item").order_by(
            "program_item__starts", "position", "pk"
        )
    )
