"""Writing the audit log: one function every app calls after the thing it records is done.

    record(actor=request.user, action=Entry.Action.ROLE_GRANTED, target=user, lab=None,
           detail={"from": "participant", "to": "organiser"})

``actor`` may be None (the system: a command, the hourly tick). ``target`` is any model instance
(its kind, id and ``str`` are written) or None. Call it inside the same transaction as the change
so that both happen or neither does.
"""

from typing import Any

from django.db import models

from larlabb.audit.models import Entry


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    lab: Any = None,
    detail: dict | None = None,
) -> Entry:
    """Append one entry to the audit log."""
    person = actor if getattr(actor, "pk", None) else None
    return Entry.objects.create(
        actor=person,
        actor_label=(getattr(person, "email", "") or "")[:300] if person else "",
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        object_label=str(target)[:300] if target is not None else "",
        lab=lab,
        detail=detail or {},
    )


def record_export(
    *,
    actor: Any,
    export: str,
    fmt: str,
    rows: int,
    lab: Any = None,
    target: models.Model | None = None,
) -> Entry:
    """Put a download of personal data on record: which export, its format and its number of
    rows (people, scores …), called by the view that sends it."""
    detail = {"export": export, "format": fmt, "rows": rows}
    return record(
        actor=actor,
        action=Entry.Action.PERSONAL_DATA_EXPORTED,
        target=target,
        lab=lab,
        detail=detail,
    )
