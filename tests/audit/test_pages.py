"""Lärlabb's staff read the audit log at /granskning/: filtered, paged and downloadable;
nobody else opens it, and the admin only shows it."""

import datetime
import io
import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.core import spreadsheets
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = reverse("audit:log")


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return [line.split(spreadsheets.CSV_DELIMITER) for line in text.strip().splitlines()]


def backdate(entry: Entry, days: int) -> None:
    """Move an entry into the past as the database would have written it then. The model
    refuses changes (the plain base manager is the test's way round) and so does PostgreSQL's
    trigger, which only the database's owner turns off, as here inside the test's transaction."""
    moved = timezone.now() - datetime.timedelta(days=days)
    trigger = "audit_entry_append_only"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks pending on the table
            cursor.execute(f"ALTER TABLE audit_entry DISABLE TRIGGER {trigger}")
        Entry._base_manager.filter(pk=entry.pk).update(at=moved)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_entry ENABLE TRIGGER {trigger}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def entries(olle_organiser, sanna_participant, lab):
    """Three entries: a role given, an export of Olle's lab, a purge by the system."""
    granted = record(
        actor=olle_organiser,
        action=Entry.Action.ROLE_GRANTED,
        target=sanna_participant,
        detail={"field": "role", "from": "participant", "to": "facilitator"},
    )
    exported = record(
        actor=olle_organiser,
        action=Entry.Action.PERSONAL_DATA_EXPORTED,
        lab=lab,
        detail={"export": "registrations", "format": "csv", "rows": 12},
    )
    purged = record(actor=None, action=Entry.Action.DATA_PURGED, detail={"emails": 3})
    backdate(granted, 10)
    return {"granted": granted, "exported": exported, "purged": purged}


def test_staff_read_who_did_what_to_whom_and_when(client, stina_staff, entries):
    client.force_login(stina_staff)

    page = client.get(LOG).content.decode()

    assert "3 poster" in page
    assert "olle@example.org" in page
    assert "Sanna Skåning" in page
    assert "Roll ändrad" in page
    assert "Lärlabb: Testlabbet" in page
    assert "från: Deltagare" in page
    assert "Systemet" in page  # the purge had no person behind it


@pytest.mark.parametrize("who", ["olle_organiser", "sanna_participant"])
def test_nobody_but_staff_opens_the_log(client, request, who, entries):
    person = request.getfixturevalue(who)
    person.is_staff = True  # admin access does not make an organiser a reader of the log
    person.save()
    client.force_login(person)

    for url in [LOG, reverse("audit:log-export", kwargs={"fmt": "csv"})]:
        assert client.get(url).status_code == 403
    assert not Entry.objects.filter(actor=person, detail__export="audit log").exists()


def test_a_visitor_is_asked_to_log_in(client):
    response = client.get(LOG)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_request_login_code"))


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"action": Entry.Action.ROLE_GRANTED}, {"granted"}),
        ({"person": "OLLE@"}, {"granted", "exported"}),
        ({"person": "skåning"}, {"granted"}),  # whom it concerned, by name
        ({"since": "{today}"}, {"exported", "purged"}),
        ({"until": "{ten_days_ago}"}, {"granted"}),
        ({"action": "no.such.action", "since": "not a date"}, {"granted", "exported", "purged"}),
    ],
)
def test_the_filters_pick_entries(client, stina_staff, entries, query, shown):
    today = timezone.localdate()
    dates = {"today": today, "ten_days_ago": today - datetime.timedelta(days=10)}
    client.force_login(stina_staff)
    query = {key: value.format(**dates) for key, value in query.items()}

    page = client.get(LOG, query).context["page"]
    rows = csv_rows(client.get(reverse("audit:log-export", kwargs={"fmt": "csv"}), query))

    expected = {entries[name].pk for name in shown}
    assert {entry.pk for entry in page} == expected
    assert len(rows) - 1 == len(expected)


def test_the_lab_filter_picks_the_entries_of_one_lab(client, stina_staff, entries, lab):
    client.force_login(stina_staff)
    LabFactory(title="Ett annat labb")

    page = client.get(LOG, {"lab": lab.pk}).context["page"]

    assert [entry.pk for entry in page] == [entries["exported"].pk]


def test_the_log_comes_in_pages_of_fifty(client, stina_staff, django_assert_max_num_queries):
    for number in range(51):
        record(actor=stina_staff, action=Entry.Action.DATA_PURGED, detail={"n": number})
    client.force_login(stina_staff)

    first = client.get(LOG)
    with django_assert_max_num_queries(12):
        second = client.get(LOG, {"page": 2, "action": Entry.Action.DATA_PURGED})

    assert len(first.context["page"]) == 50
    assert [entry.detail for entry in second.context["page"]] == [{"n": 0}]
    assert "Sida 2 av 2" in second.content.decode()
    assert "action=data.purged&amp;page=1" in second.content.decode()


def test_an_export_of_the_log_is_itself_on_record(client, stina_staff, entries):
    client.force_login(stina_staff)

    response = client.get(reverse("audit:log-export", kwargs={"fmt": "xlsx"}), {"person": "olle"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["När", "Vem", "Vad"]
    assert {row[2] for row in rows[1:]} == {"Roll ändrad", "Personuppgifter exporterade"}
    assert json.loads(rows[-1][7]) == {"field": "role", "from": "participant", "to": "facilitator"}
    entry = Entry.objects.filter(actor=stina_staff).get()
    assert entry.action == Entry.Action.PERSONAL_DATA_EXPORTED
    assert entry.detail == {"export": "audit log", "format": "xlsx", "rows": 2}


def test_the_admin_shows_entries_and_changes_none(client, stina_staff, entries):
    client.force_login(stina_staff)
    entry = entries["granted"]
    change = reverse("admin:audit_entry_change", args=[entry.pk])

    assert client.get(reverse("admin:audit_entry_changelist")).status_code == 200
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:audit_entry_add")).status_code == 403
    client.post(change, {"actor_label": "någon annan"})
    client.post(reverse("admin:audit_entry_delete", args=[entry.pk]), {"post": "yes"})
    client.post(
        reverse("admin:audit_entry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert Entry.objects.filter(pk=entry.pk, actor_label="olle@example.org").exists()
    assert Entry.objects.count() == 3


def test_an_organiser_with_admin_rights_does_not_see_the_log_in_the_admin(client, olle_organiser):
    olle_organiser.is_staff = True
    olle_organiser.is_superuser = True  # even with every permission
    olle_organiser.save()
    client.force_login(olle_organiser)

    assert client.get(reverse("admin:audit_entry_changelist")).status_code == 403


def test_a_deleted_persons_entries_still_read_right(client, stina_staff):
    person = UserFactory(email="borta@example.org", name="Bo Borta")
    record(actor=person, action=Entry.Action.PERSON_CHANGED, target=person)
    person.delete()
    client.force_login(stina_staff)

    assert "borta@example.org" in client.get(LOG).content.decode()


def test_staff_find_the_log_from_the_people_page_and_organisers_do_not(
    client, stina_staff, olle_organiser
):
    people = reverse("accounts:person-list")
    client.force_login(stina_staff)
    assert f'href="{LOG}"' in client.get(people).content.decode()
    client.force_login(olle_organiser)
    assert f'href="{LOG}"' not in client.get(people).content.decode()


@pytest.mark.parametrize("url", [LOG, reverse("audit:log-export", kwargs={"fmt": "csv"})])
def test_no_browser_or_proxy_keeps_the_log(client, stina_staff, entries, url):
    client.force_login(stina_staff)

    assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("size", [5, 120])
def test_the_logs_query_count_does_not_grow_with_the_entries(
    client, stina_staff, lab, size, django_assert_num_queries
):
    for _ in range(size):
        record(actor=stina_staff, action=Entry.Action.PERSONAL_DATA_EXPORTED, lab=lab, target=lab)
    client.force_login(stina_staff)
    client.get(LOG)  # the session and the user, once

    # session, user, the chosen lab, the labs to filter by, the count, the page with its labs
    with django_assert_num_queries(6):
        client.get(LOG, {"lab": lab.pk, "page": 2})
