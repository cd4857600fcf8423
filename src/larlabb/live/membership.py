"""A registration that ends ends the room: the live room sits above registrations, so it
listens for a registration's change instead of being called by it."""

from typing import Any

from larlabb.live import events
from larlabb.live.models import Participant
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
