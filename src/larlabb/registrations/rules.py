"""The registration rules as pure functions over plain values (no ORM, no HTTP)."""

import datetime
from collections.abc import Collection, Sequence

from django.utils import timezone


def may_register_for(
    organisation_id: int, *, members: Collection[int], exceptions: Collection[int]
) -> bool:
    """Only member organisations of the invited networks, or one an organiser named."""
    return organisation_id in members or organisation_id in exceptions


def status_for_new(*, places_taken: int, limit: int) -> str:
    """A new registration gets a place while the organisation has one left, else waits."""
    return "confirmed" if places_taken < limit else "waiting"


def is_open(*, now: datetime.datetime, closes_at: datetime.datetime | None) -> bool:
    return closes_at is None or now < closes_at


def may_cancel(*, now: datetime.datetime, starts_at: datetime.datetime | None) -> bool:
    """A participant cancels their own registration until the lab starts."""
    return starts_at is None or now < starts_at


def first_in_line(waiting: Sequence[tuple[int, datetime.datetime]]) -> int | None:
    """The waiting registration that registered first (ties by id)."""
    if not waiting:
        return None
    return min(waiting, key=lambda item: (item[1], item[0]))[0]


def is_workshop_day(
    *, now: datetime.datetime, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> bool:
    """Self check-in is open on the workshop's day (or days), in local time, and no other."""
    today = timezone.localtime(now).date()
    return timezone.localtime(starts_at).date() <= today <= timezone.localtime(ends_at).date()
