"""The audit log is written by one function and never changed afterwards."""

import pytest
from django.db import DatabaseError, connection, transaction

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


def test_entries_cannot_be_changed_or_deleted_in_bulk():
    record(actor=None, action=Entry.Action.DATA_PURGED, detail={"emails": 3})
    with pytest.raises(AppendOnly):
        Entry.objects.filter(action=Entry.Action.DATA_PURGED).update(detail={})
    with pytest.raises(AppendOnly):
        Entry.objects.all().delete()
    assert Entry.objects.get().detail == {"emails": 3}


def test_deleting_the_person_keeps_their_entries_with_the_names_written():
    organiser = User.objects.create_user("o@example.se", role=User.Role.ORGANISER)
    record(actor=organiser, action=Entry.Action.PERSONAL_DATA_EXPORTED, target=organiser)
    organiser.delete()
    entry = Entry.objects.get()
    assert (entry.actor, entry.actor_label, entry.object_label) == (
        None,
        "o@example.se",
        "o@example.se",
    )


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (set DATABASE_URL to test it)",
)


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_entry SET detail = '{}'::jsonb",
        "UPDATE audit_entry SET actor_label = 'someone else'",
        "UPDATE audit_entry SET at = at - interval '1 day'",
        "DELETE FROM audit_entry",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(sql):
    person = User.objects.create_user("p@example.se")
    record(actor=person, action=Entry.Action.PERSON_CHANGED, target=person, detail={"a": 1})
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    entry = Entry.objects.get()
    assert (entry.detail, entry.actor_label) == ({"a": 1}, "p@example.se")


@postgresql_only
def test_the_database_lets_a_deleted_person_go_from_their_entries():
    person = User.objects.create_user("p@example.se")
    other = User.objects.create_user("o@example.se")
    record(actor=person, action=Entry.Action.PERSON_CHANGED, target=person)
    person.delete()
    assert Entry.objects.get().actor is None
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_entry SET actor_id = %s", [other.pk])
    assert Entry.objects.get().actor_label == "p@example.se"
