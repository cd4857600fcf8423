"""A registration that ends ends the room, and so does a place among the lab's organisers or
leaders: the live room sits above labs and registrations, so it listens for their changes
instead of being called by them."""

from typing import Any

from django.db import transaction

from larlabb.accounts.models import User
from larlabb.labs.models import Lab, ProgramItem
from larlabb.live import events, queries
from larlabb.live.models import Participant, Room
from larlabb.registrations.models import Registration


def registration_saved(sender: Any, instance: Registration, **kwargs: Any) -> None:
    """When a registration no longer gives a place (cancelled), the person's open screens in
    the lab's rooms close at once; their HTTP requests are refused already (``viewer_for``)."""
    if instance.status == Registration.Status.CONFIRMED:
        return
    joined = Participant.objects.filter(
        user_id=instance.person_id,
        room__workshop__lab_id=instance.lab_id,
        is_facilitator=False,
        removed_at__isnull=True,
    ).values_list("room_id", "pk")
    rooms: dict[int, list[int]] = {}
    for room_id, pk in joined:
        rooms.setdefault(room_id, []).append(pk)
    for room_id, ids in rooms.items():
        events.remove_from_room(room_id, ids)


def _rooms_of(lab_id: int) -> list[Room]:
    return list(Room.objects.filter(workshop__lab_id=lab_id).select_related("workshop__lab"))


def _close_facilitators(rooms: list[Room], user_ids: set[int]) -> None:
    """Close the facilitator screens of those among ``user_ids`` who no longer run a room."""
    people = list(User.objects.filter(pk__in=user_ids))
    for room in rooms:
        gone = [p.pk for p in people if not queries.can_facilitate_workshop(p, room.workshop)]
        events.remove_from_room(room.pk, [], users=gone)


def lab_people_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    """Someone left a lab's organisers or leaders (or a program item's leaders): their
    facilitator screens in the lab's rooms close at once (``m2m_changed``)."""
    if action not in ("post_remove", "pre_clear") or kwargs.get("reverse"):
        return
    if action == "pre_clear":
        pk_set = set(
            sender.objects.filter(**{_owner_field(sender): instance.pk}).values_list(
                _user_field(sender), flat=True
            )
        )
    lab_id = instance.pk if isinstance(instance, Lab) else instance.workshop.lab_id
    if pk_set:
        ids = set(pk_set)
        # once the change is in (a clear is announced before it happens)
        transaction.on_commit(lambda: _close_facilitators(_rooms_of(lab_id), ids))


def _owner_field(through: Any) -> str:
    return next(f.name for f in through._meta.fields if f.related_model in (Lab, ProgramItem))


def _user_field(through: Any) -> str:
    return next(f.attname for f in through._meta.fields if f.related_model is User)
