"""The live room's pages and its HTTP side: joining with the code, who sees which page, the
operations by HTTP (refused like over the socket), exports, images and query counts."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from larlabb.audit.models import Entry
from larlabb.live import actions
from larlabb.live.models import Activity, Note, Participant
from tests.factories import RegistrationFactory, UserFactory
from tests.live.cast import make_activity

pytestmark = pytest.mark.django_db


def url(name, board, **extra):
    return reverse(name, kwargs={"code": board.room.code, "pk": board.pk, **extra})


def post_op(client, board, **payload):
    return client.post(url("live:operation", board), payload, content_type="application/json")


def test_the_code_leads_to_the_room_whatever_its_case_and_spaces(client, room):
    response = client.get(
        reverse("live:join"), {"code": f" {room.code[:3].lower()} {room.code[3:]}"}
    )
    assert response.status_code == 302
    assert response.url == reverse("live:room", kwargs={"code": room.code})


def test_an_unknown_code_is_not_found(client, room):
    assert client.get(reverse("live:room", kwargs={"code": "ZZZZZZ"})).status_code == 404


def test_a_code_of_no_room_gets_a_message_not_a_missing_page(client, room):
    response = client.get(reverse("live:join"), {"code": "ZZZ999"})

    assert response.status_code == 200
    assert "Inget workshoprum har den här koden." in response.content.decode()


def test_the_start_page_has_the_code_field_that_leads_to_the_room(client, room):
    page = client.get(reverse("labs:home")).content.decode()

    assert f'action="{reverse("live:join")}"' in page
    assert 'name="code"' in page
    response = client.get(reverse("live:join"), {"code": room.code})
    assert response["Location"] == room.get_absolute_url()


def test_a_registered_participant_joins_by_opening_the_room(client, room, sanna, board):
    client.force_login(sanna)
    response = client.get(room.get_absolute_url())
    assert response.status_code == 200
    assert Participant.objects.get(room=room, user=sanna).side == "region"
    assert board.title in response.content.decode()


def test_someone_not_logged_in_is_asked_to_log_in_when_guests_are_not_allowed(client, room, board):
    page = client.get(room.get_absolute_url()).content.decode()
    assert "/konto/login/code/?next=" in page
    assert board.title not in page


def test_a_guest_joins_where_guests_are_allowed_and_is_remembered(
    client, room, board, olle_organiser
):
    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    response = client.post(room.get_absolute_url(), {"name": "Greta", "side": "agency"})
    assert response.status_code == 302
    guest = Participant.objects.get(room=room, name="Greta")
    assert guest.is_guest
    assert guest.side == "agency"
    assert client.get(url("live:activity", board)).status_code == 200
    payload = {"op": "note.add", "text": "Från en gäst", "column": board.columns.first().pk}
    assert post_op(client, board, **payload).json()["ok"] is True
    assert Note.objects.get().author == guest


def test_a_guest_does_not_see_an_activity_without_guests(client, room, board, olle_organiser):
    other = make_activity(olle_organiser, board.program_item, columns=["A"], allow_guests=True)
    client.post(room.get_absolute_url(), {"name": "Greta", "side": "other"})
    assert client.get(url("live:activity", other)).status_code == 200
    # the page sends the guest back to the room's page, which says why; the rest refuses
    page = client.get(url("live:activity", board), follow=True)
    assert page.redirect_chain == [(room.get_absolute_url(), 302)]
    assert "Den här aktiviteten är för anmälda deltagare." in page.content.decode()
    assert client.get(f"/live/{room.code}/{board.pk}/state/").status_code == 403
    assert post_op(client, board, op="note.add", text="x").status_code == 403


def test_participants_do_not_see_a_draft(client, sanna, olle_organiser, dialogue_item, room):
    draft = make_activity(olle_organiser, dialogue_item, open=False)
    client.force_login(sanna)
    page = client.get(url("live:activity", draft), follow=True)
    assert page.redirect_chain == [(room.get_absolute_url(), 302)]
    assert "Aktiviteten har inte börjat än." in page.content.decode()
    assert client.get(f"/live/{room.code}/{draft.pk}/state/").status_code == 403
    client.force_login(olle_organiser)
    assert client.get(url("live:control", draft)).status_code == 200


def test_only_facilitators_open_the_controls_and_the_projector(client, board, sanna):
    client.force_login(sanna)
    assert client.get(url("live:control", board)).status_code == 403
    assert client.get(url("live:projector", board)).status_code == 403


def test_the_projector_shows_the_code_and_the_qr_code(client, board, olle_organiser):
    client.force_login(olle_organiser)
    page = client.get(url("live:projector", board)).content.decode()
    assert board.room.code in page
    qr = client.get(reverse("live:qr", kwargs={"code": board.room.code}))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<?xml")
    assert b"<svg" in qr.content


def test_the_projectors_state_is_what_the_room_sees(client, board, joined, olle_organiser):
    note = actions.do_add_note(
        participant=joined["sanna"], activity=board, text="Idé", column=board.columns.first()
    )
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    actions.do_vote(participant=joined["anders"], note=note, value=1)
    client.force_login(olle_organiser)
    control = client.get(url("live:state", board)).json()
    projector = client.get(url("live:state", board) + "?projector=1").json()
    assert control["totals"] == {str(note.pk): 1}
    assert projector["totals"] is None


def test_an_operation_by_http_is_refused_with_a_message_and_changes_nothing(
    client, board, joined, sanna
):
    client.force_login(sanna)
    too_long = post_op(
        client, board, op="note.add", text="x" * 300, column=board.columns.first().pk
    )
    assert too_long.status_code == 400
    assert "280" in too_long.json()["error"]
    assert post_op(client, board, op="set", status="closed").status_code == 400
    assert not Note.objects.exists()
    board.refresh_from_db()
    assert board.status == "open"


def test_the_messages_are_in_the_persons_language(client, board, joined, sanna):
    client.force_login(sanna)
    swedish = post_op(client, board, op="note.add", text="", column=board.columns.first().pk)
    client.cookies["django_language"] = "en"
    english = post_op(client, board, op="note.add", text="", column=board.columns.first().pk)
    assert swedish.json()["error"] == "Skriv något först."
    assert english.json()["error"] == "Write something first."


def test_a_form_posted_without_javascript_comes_back_with_the_message(client, board, joined, sanna):
    client.force_login(sanna)
    response = client.post(
        url("live:operation", board), {"op": "note.add", "text": ""}, follow=True
    )
    assert "Skriv något först." in response.content.decode()


def test_markup_in_a_note_is_never_markup_on_the_page(client, board, joined, sanna):
    actions.do_add_note(
        participant=joined["anders"],
        activity=board,
        text="<img src=x onerror=alert(1)>",
        column=board.columns.first(),
    )
    client.force_login(sanna)
    page = client.get(url("live:activity", board)).content.decode()
    assert "<img src=x" not in page
    assert "\\u003Cimg src=x onerror=alert(1)\\u003E" in page  # inside the JSON, escaped


def test_exports_give_the_notes_and_to_facilitators_the_votes(
    client, board, joined, olle_organiser, sanna
):
    note = actions.do_add_note(
        participant=joined["anders"], activity=board, text="=SUM(A1)", column=board.columns.first()
    )
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    actions.do_vote(participant=joined["sanna"], note=note, value=1)
    client.force_login(olle_organiser)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(url("live:export", board, fmt="csv")).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows[0][-1] == "Röster"
    assert rows[1][2] == "'=SUM(A1)"  # guarded against formulas
    assert rows[1][-1] == "1"
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(url("live:export", board, fmt="xlsx")).content)
    )
    assert workbook.active["C2"].value == "=SUM(A1)"
    assert workbook.active["C2"].data_type == "s"  # text, not a formula
    client.force_login(sanna)
    hidden = list(
        csv.reader(
            io.StringIO(
                client.get(url("live:export", board, fmt="csv")).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert "Röster" not in hidden[0]  # results not revealed yet
    # the facilitators' exports (with the authors) are on record; a participant's is not
    recorded = Entry.objects.filter(action=Entry.Action.PERSONAL_DATA_EXPORTED)
    assert [(e.actor, e.detail["format"]) for e in recorded.order_by("pk")] == [
        (olle_organiser, "csv"),
        (olle_organiser, "xlsx"),
    ]


def test_a_board_exports_as_an_image(client, board, joined, olle_organiser):
    actions.do_add_note(
        participant=joined["anders"], activity=board, text="Idé", column=board.columns.first()
    )
    client.force_login(olle_organiser)
    png = client.get(url("live:image", board, fmt="png"))
    assert png["Content-Type"] == "image/png"
    assert png.content[:4] == b"\x89PNG"
    svg = client.get(url("live:image", board, fmt="svg")).content.decode()
    assert "Idé" in svg


def test_a_facilitator_adds_an_activity_to_a_program_item(
    client, workshop, dialogue_item, olle_organiser
):
    client.force_login(olle_organiser)
    page = reverse(
        "live:workshop-live", kwargs={"slug": workshop.lab.slug, "number": workshop.number}
    )
    response = client.post(
        page,
        {
            "program_item": dialogue_item.pk,
            "kind": "poll",
            "title": "Hur ser ni på samverkan?",
            "options": "Bra\nDålig\n",
            "dots_per_person": 3,
        },
    )
    poll = Activity.objects.get()
    assert response.status_code == 302
    assert [n.text for n in poll.notes.order_by("position")] == ["Bra", "Dålig"]


def test_a_participant_cannot_open_the_workshops_live_room_page(client, workshop, sanna):
    client.force_login(sanna)
    page = reverse(
        "live:workshop-live", kwargs={"slug": workshop.lab.slug, "number": workshop.number}
    )
    assert client.get(page).status_code == 403


def add_people(lab, board, count):
    """``count`` more registered people, each with a note on the board."""
    room = board.room
    for n in range(count):
        person = UserFactory(email=f"p{board.pk}-{n}-{count}@example.org")
        organisation = person.organisation or None
        registration = (
            RegistrationFactory(lab=lab, person=person, organisation=organisation)
            if organisation
            else RegistrationFactory(lab=lab, person=person)
        )
        participant = actions.do_join(user=registration.person, room=room)
        actions.do_add_note(
            participant=participant, activity=board, text=f"Idé {n}", column=board.columns.first()
        )


@pytest.mark.parametrize("view", ["live:state", "live:activity", "live:control"])
def test_the_query_count_does_not_grow_with_the_notes(
    client, lab, board, joined, olle_organiser, django_assert_max_num_queries, view
):
    client.force_login(olle_organiser)
    add_people(lab, board, 3)
    client.get(url(view, board))  # the facilitator's place in the room is made once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url(view, board)).status_code == 200
    add_people(lab, board, 30)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(view, board)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_participants_export_leaves_out_hidden_notes(
    client, board, joined, olle_organiser, sanna
):
    for text in ("Synlig", "Hemlig"):
        actions.do_add_note(
            participant=joined["anders"], activity=board, text=text, column=board.columns.first()
        )
    actions.do_hide_note(actor=olle_organiser, note=Note.objects.get(text="Hemlig"), hidden=True)
    client.force_login(sanna)
    content = client.get(url("live:export", board, fmt="csv")).content.decode("utf-8-sig")
    assert "Synlig" in content
    assert "Hemlig" not in content
    client.force_login(olle_organiser)
    assert "Hemlig" in client.get(url("live:export", board, fmt="csv")).content.decode("utf-8-sig")


def test_someone_logged_in_but_not_registered_is_told_so_and_may_join_as_a_guest(
    client, room, board, olle_organiser, region_skane
):
    person = UserFactory(email="rut@example.org", name="Rut Region", organisation=region_skane)
    client.force_login(person)
    page = client.get(room.get_absolute_url()).content.decode()
    assert "Du är inloggad som Rut Region men inte anmäld till den här workshopen." in page
    assert "Anmälda deltagare loggar in" not in page
    assert "Gå med som gäst" not in page  # the board is not open to guests

    actions.do_set(actor=olle_organiser, activity=board, allow_guests=True)
    page = client.get(room.get_absolute_url()).content.decode()
    assert "Du kan vara med i de aktiviteter som är öppna för gäster." in page
    assert 'value="Rut Region"' in page  # the name and the organisation's side, filled in
    assert '<option value="region" selected>' in page
