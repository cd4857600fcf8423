"""The audit log is written by one function and never changed afterwards."""

import pytest

from larlabb.accounts.models import User
from larlabb.audit.log import record
from larlabb.audit.models import AppendOnly, Entry

pytestmark = pytest.mark.django_db


def test_an_entry_keeps_who_what_and_which_object_as_text():
    staff = User.objects.create_user("staff@example.se", name="Sara Staff", role=User.Role.STAFF)
    person = User.objects.create_user("p@example.se", name="Per Person")
    entry = record(
        actor=staff, action=Entry.Action.ROLE_GRANTED, target=person, detail={"to": "organiser"}
    )
    staff.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == "staff@example.se"
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(person.pk))
    assert entry.object_label == "Per Person"
    assert entry.detail == {"to": "organiser"}


def test_an_entry_cannot_be_changed_or_deleted():
    entry = record(actor=None, action=Entry.Action.DATA_PURGED, detail={"emails": 3})
    entry.detail = {"emails": 0}
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    assert Entry.objects.get().detail == {"emails": 3}
