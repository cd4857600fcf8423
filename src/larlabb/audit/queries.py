"""Reading the audit log: who may, and the entries a filter picks."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from larlabb.audit.models import Entry


def may_read_log(user: Any) -> bool:
    """Lärlabb's staff read the log: role staff with admin access (as ``labs.access.is_staff``;
    the audit app sits below the people and labs it records, so it asks the person only)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and getattr(user, "role", "") == "staff"
    )


def check_may_read_log(user: Any) -> None:
    if not may_read_log(user):
        raise PermissionDenied


@dataclass(frozen=True)
class LogFilter:
    """What the reader picks: an action, a person (part of an email address or a name, of who
    did it or whom it concerned), a lab, and the days from and to (both included)."""

    action: str = ""
    person: str = ""
    lab_id: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


def list_entries(chosen: LogFilter) -> QuerySet[Entry]:
    """The entries ``chosen`` picks, newest first, each with its lab."""
    entries = Entry.objects.select_related("lab").order_by("-at", "-pk")
    if chosen.action:
        entries = entries.filter(action=chosen.action)
    if chosen.person:
        entries = entries.filter(
            Q(actor_label__icontains=chosen.person) | Q(object_label__icontains=chosen.person)
        )
    if chosen.lab_id is not None:
        entries = entries.filter(lab_id=chosen.lab_id)
    if chosen.since is not None:
        entries = entries.filter(at__date__gte=chosen.since)
    if chosen.until is not None:
        entries = entries.filter(at__date__lte=chosen.until)
    return entries
