"""An organiser copies a lab as the start of the next one: the set-up comes along with every
date moved, nobody's data does, and only the lab's organisers (and staff) may do it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.audit.models import Entry
from larlabb.labs.models import Lab, ProgramItem, Workshop, stockholm
from larlabb.live.models import Activity, Answer, Note, Participant, Room, Vote
from larlabb.missions.models import Challenge
from larlabb.outcomes.models import Assignment, Response, Statement, Submission, Survey
from larlabb.registrations.models import Registration
from larlabb.synergies.models import MappingSession, Score, SessionGoal
from larlabb.transfer.actions import do_copy_lab, first_day
from larlabb.transfer.export import moved
from larlabb.transfer.importer import TransferError
from tests.factories import ProgramItemFactory, RegistrationFactory, WorkshopFactory, in_days
from tests.transfer.conftest import export_bytes
from tests.transfer.test_export_import import canonical

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(weeks=52)


@pytest.fixture
def organiser(demo) -> User:
    return User.objects.get(email="organisator@example.org")


def copy_of(demo: Lab, organiser: User) -> Lab:
    return do_copy_lab(
        actor=organiser,
        lab=demo,
        title="Lärlabb: Hållbar utveckling 2",
        slug="hallbar-utveckling-2",
        starts_on=first_day(demo) + YEAR,
    )


def test_a_copy_keeps_the_set_up_with_every_date_a_year_on(full_demo, organiser):
    copy = copy_of(full_demo, organiser)

    assert copy.title == "Lärlabb: Hållbar utveckling 2"
    assert copy.welcome == full_demo.welcome
    assert copy.purpose == full_demo.purpose
    assert not copy.is_published
    assert copy.registration_deadline == full_demo.registration_deadline + YEAR
    assert list(copy.expected_results.values_list("text", flat=True)) == list(
        full_demo.expected_results.values_list("text", flat=True)
    )
    assert set(copy.hosts.all()) == set(full_demo.hosts.all())
    assert set(copy.invited_networks.all()) == set(full_demo.invited_networks.all())
    old = list(Workshop.objects.filter(lab=full_demo).order_by("number"))
    new = list(Workshop.objects.filter(lab=copy).order_by("number"))
    assert len(new) == len(old) == 2
    for before, after in zip(old, new, strict=True):
        start, moved = timezone.localtime(before.starts_at), timezone.localtime(after.starts_at)
        assert moved.date() == start.date() + YEAR
        assert moved.time() == start.time()  # 9.30 stays 9.30, summer time or not
        assert after.status == Workshop.Status.PLANNED
        assert after.uid != before.uid
    assert ProgramItem.objects.filter(workshop__lab=copy).count() == (
        ProgramItem.objects.filter(workshop__lab=full_demo).count()
    )
    survey = Survey.objects.filter(lab=full_demo).order_by("phase").first()
    copied = Survey.objects.get(lab=copy, phase=survey.phase)
    assert timezone.localtime(copied.opens_at).date() == (
        timezone.localtime(survey.opens_at).date() + YEAR
    )
    assert (
        Statement.objects.filter(lab=copy).count()
        == Statement.objects.filter(lab=full_demo).count()
    )
    assignment = Assignment.objects.get(lab=copy)
    assert assignment.due_at.date() == Assignment.objects.get(lab=full_demo).due_at.date() + YEAR
    session = MappingSession.objects.get(lab=copy)
    assert session.is_open
    assert SessionGoal.objects.filter(session=session).count() == 8


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # across the change to summer time: 9.30 stays 9.30 (08.30 UTC becomes 07.30 UTC)
        ((2027, 3, 20, 9, 30), 14, (2027, 4, 3, 9, 30)),
        ((2027, 10, 30, 13, 0), 1, (2027, 10, 31, 13, 0)),
        ((2027, 6, 1, 16, 30), -364, (2026, 6, 2, 16, 30)),
    ],
)
def test_a_moment_moves_by_whole_days_at_the_same_time_in_stockholm(start, days, expected):
    moved_to = moved(datetime.datetime(*start, tzinfo=stockholm()), days)
    assert moved_to == datetime.datetime(*expected, tzinfo=stockholm())
    assert moved(datetime.date(*start[:3]), days) == datetime.date(*expected[:3])


def test_a_copy_holds_nobodys_data(full_demo, organiser):
    # on the poll: an answer a participant wrote, and an option the facilitator hid
    poll = Activity.objects.get(room__workshop__lab=full_demo, kind=Activity.Kind.POLL)
    author = Participant.objects.filter(room=poll.room).first()
    assert author is not None
    written = Note.objects.create(activity=poll, text="Mitt eget svar", author=author)
    hidden = Note.objects.create(activity=poll, text="Dolt alternativ", hidden=True)
    copy = copy_of(full_demo, organiser)
    copied_texts = set(
        Note.objects.filter(activity__room__workshop__lab=copy).values_list("text", flat=True)
    )
    assert written.text not in copied_texts
    assert hidden.text not in copied_texts

    assert list(copy.organisers.all()) == [organiser]
    assert not copy.leaders.exists()
    assert not copy.contacts.exists()
    assert not ProgramItem.leaders.through.objects.filter(programitem__workshop__lab=copy).exists()
    for model, path in [
        (Registration, "lab"),
        (Participant, "room__workshop__lab"),
        (Vote, "activity__room__workshop__lab"),
        (Answer, "activity__room__workshop__lab"),
        (Score, "session__lab"),
        (Response, "survey__lab"),
        (Submission, "assignment__lab"),
        (Challenge, "lab"),
    ]:
        assert not model.objects.filter(**{path: copy}).exists(), model
    # the options a facilitator set (the poll's answers, the opinion map's seeded statements)
    # come along; participants' notes and statements do not
    notes = Note.objects.filter(activity__room__workshop__lab=copy)
    assert {note.activity.kind for note in notes} == {Activity.Kind.POLL, Activity.Kind.OPINIONS}
    assert all(note.author_id is None for note in notes)
    activities = Activity.objects.filter(room__workshop__lab=copy)
    assert activities.count() == Activity.objects.filter(room__workshop__lab=full_demo).count()
    assert {a.status for a in activities} == {Activity.Status.DRAFT}
    assert {a.created_by for a in activities} == {organiser}
    room = Room.objects.get(workshop__lab=copy)
    assert room.code != Room.objects.get(workshop__lab=full_demo).code
    assert room.current is None


def test_the_lab_that_was_copied_is_left_as_it_was(full_demo, organiser):
    before = canonical(export_bytes(full_demo))
    copy_of(full_demo, organiser)
    assert canonical(export_bytes(full_demo)) == before


def test_only_the_labs_organisers_copy_it(full_demo, other_organiser):
    with pytest.raises(TransferError, match="Bara labbets arrangörer kan kopiera det"):
        copy_of(full_demo, other_organiser)
    assert Lab.objects.count() == 1


def test_a_copy_cannot_start_in_the_past(full_demo, organiser):
    with pytest.raises(TransferError, match="Det nya labbet kan inte börja i det förflutna"):
        do_copy_lab(
            actor=organiser,
            lab=full_demo,
            title="Igår",
            slug="igar",
            starts_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert Lab.objects.count() == 1


# --- The page ---------------------------------------------------------------------------


def url(lab: Lab) -> str:
    return reverse("transfer:lab-copy", kwargs={"slug": lab.slug})


def form(starts_on: datetime.date, slug: str = "nasta-labb") -> dict[str, str]:
    return {"title": "Nästa labb", "slug": slug, "starts_on": starts_on.isoformat()}


def test_the_manage_page_links_to_the_copy(client, demo, organiser):
    client.force_login(organiser)
    response = client.get(reverse("labs:lab-manage", kwargs={"slug": demo.slug}))
    assert url(demo) in response.content.decode()


def test_the_organiser_copies_the_lab_and_lands_on_its_manage_page(client, demo, organiser):
    client.force_login(organiser)
    page = client.get(url(demo))
    assert page.status_code == 200
    assert "Kopiera labbet" in page.content.decode()

    response = client.post(url(demo), form(first_day(demo) + YEAR), follow=True)

    copy = Lab.objects.get(slug="nasta-labb")
    assert response.redirect_chain == [(reverse("labs:lab-manage", args=[copy.slug]), 302)]
    assert "Labbet har kopierats." in response.content.decode()
    assert copy.title == "Nästa labb"
    assert not copy.is_published
    entry = Entry.objects.get(action=Entry.Action.LAB_COPIED)
    assert (entry.actor, entry.lab, entry.detail) == (organiser, copy, {"from": demo.slug})


def test_staff_copy_any_lab(client, demo, stina_staff):
    client.force_login(stina_staff)
    response = client.post(url(demo), form(first_day(demo) + YEAR))
    assert response.status_code == 302
    assert list(Lab.objects.get(slug="nasta-labb").organisers.all()) == [stina_staff]


@pytest.mark.parametrize("who", ["participant", "leader", "other_organiser", "nobody"])
def test_no_one_else_may_copy_the_lab(client, demo, who, other_organiser):
    if who == "participant":
        client.force_login(User.objects.get(email="skane@example.org"))
    elif who == "leader":
        leader = User.objects.get(email="facilitator@example.org")
        demo.leaders.add(leader)
        client.force_login(leader)
    elif who == "other_organiser":
        client.force_login(other_organiser)
    labs = Lab.objects.count()

    page = client.get(url(demo))
    posted = client.post(url(demo), form(first_day(demo) + YEAR))

    if who == "nobody":
        assert page.status_code == posted.status_code == 302  # to the login
        assert "/konto/" in posted["Location"]
    else:
        assert page.status_code == posted.status_code == 403
    assert Lab.objects.count() == labs


def test_a_draft_lab_does_not_exist_for_an_outsider(client, lab, other_organiser):
    lab.is_published = False
    lab.save()
    client.force_login(other_organiser)
    assert client.post(url(lab), form(timezone.localdate() + YEAR)).status_code == 404
    assert Lab.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "hallbar-utveckling"}, "Ett annat labb har redan den här adressen."),
        ({"slug": "inte en adress"}, "bokstäver"),
        ({"starts_on": "2001-01-01"}, "Det nya labbet kan inte börja i det förflutna."),
        ({"title": ""}, "Detta fält måste fyllas i."),
    ],
)
def test_a_bad_form_says_why_and_copies_nothing(client, demo, organiser, change, message):
    client.force_login(organiser)
    response = client.post(url(demo), {**form(first_day(demo) + YEAR), **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Lab.objects.count() == 1


def test_the_copy_pages_query_count_does_not_grow_with_the_lab(
    client, olle_organiser, lab, django_assert_num_queries
):
    client.force_login(olle_organiser)
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))
    client.get(url(lab))
    with CaptureQueriesContext(connection) as small:
        client.get(url(lab))
    for number in range(2, 8):
        workshop = WorkshopFactory(lab=lab, number=number, starts_at=in_days(30 + number))
        for _ in range(5):
            ProgramItemFactory(workshop=workshop).leaders.add(olle_organiser)
    for _ in range(5):
        RegistrationFactory(lab=lab)
    with django_assert_num_queries(len(small)):
        client.get(url(lab))
