"""The pages of synergy maps whose data grows take the same number of queries for 10 rows as
for 1,000 (sessions, scores, scorers): the exact number asserted here, on SQLite as on
PostgreSQL. A page whose count grew would load its rows one by one."""

import pytest
from django.urls import reverse

from larlabb.actors.models import Organisation
from larlabb.registrations.models import Registration
from larlabb.synergies.actions import do_create_session
from larlabb.synergies.models import MappingSession, Score
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory
from tests.synergies.test_results import make_big_session

pytestmark = pytest.mark.django_db

CELLS = 20  # of a map of five goals


def grow_sessions(session, n: int) -> None:
    """The lab's synergy maps."""
    have = MappingSession.objects.filter(lab=session.lab).count()
    MappingSession.objects.bulk_create(
        MappingSession(lab=session.lab, workshop=session.workshop, title=f"Karta {i}")
        for i in range(have, n)
    )


def grow_scores(session, n: int) -> None:
    """Scores of the map's twenty cells by as many registered scorers as it takes, regions and
    agencies in turn, some with a comment."""
    goals = [link.goal for link in session.session_goals.order_by("position")]
    cells = [(row, column) for row in goals for column in goals if row != column]
    have = Score.objects.filter(session=session).count()
    scorers = {index: scorer(session.lab, index) for index in range(have // CELLS, n // CELLS + 1)}
    Score.objects.bulk_create(
        Score(
            session=session,
            scorer=scorers[number // CELLS],
            row=cells[number % CELLS][0],
            column=cells[number % CELLS][1],
            value=number % 7 - 3,
            comment=f"Kommentar {number}" if number % 5 == 0 else "",
        )
        for number in range(have, n)
    )


def scorer(lab, index: int):
    """Scorer ``index``, registered for an organisation of their own."""
    email = f"s{index}@example.org"
    registration = Registration.objects.filter(lab=lab, person__email=email).first()
    if registration is not None:
        return registration.person
    kind = Organisation.Kind.REGION if index % 2 else Organisation.Kind.AGENCY
    organisation = OrganisationFactory(name=f"Org {index}", kind=kind)
    person = UserFactory(email=email, organisation=organisation)
    RegistrationFactory(
        lab=lab, person=person, organisation=organisation, status=Registration.Status.CONFIRMED
    )
    return person


@pytest.fixture
def session(lab, olle_organiser, sdgs, workshop) -> MappingSession:
    return do_create_session(
        actor=olle_organiser, lab=lab, title="Målkonflikter", goals=sdgs[:5], workshop=workshop
    )


@pytest.fixture
def big(lab, olle_organiser, sdgs) -> MappingSession:
    """A map of 40 goals, for scoring 1,000 of its cells."""
    return make_big_session(lab, olle_organiser, 40, 0)


PAGES = [
    # (address, its arguments beside the map, how its rows grow, its queries, a row it shows)
    ("lab-sessions", None, grow_sessions, 7, "Karta 999"),
    ("session", {}, grow_scores, 10, "Målkonflikter"),
    ("results", {}, grow_scores, 10, "50 personer har gjort bedömningar"),
    ("individual", {}, grow_scores, 7, "Org 49"),
    ("documentation", {}, grow_scores, 9, "50 deltagare bedömde"),
    ("export", {"kind": "konsensus", "fmt": "csv"}, grow_scores, 9, "SDG 5"),
    # the scores with names go on record in the audit log: one query
    ("export", {"kind": "poang", "fmt": "csv"}, grow_scores, 9, "Org 49"),
    ("chart", {"name": "heatmap", "fmt": "svg"}, grow_scores, 9, "<svg"),
]


@pytest.mark.parametrize(("name", "arguments", "grow", "queries", "last"), PAGES)
def test_the_organisers_page_takes_the_same_queries_for_10_and_1000_rows(
    client, session, olle_organiser, django_assert_num_queries, name, arguments, grow, queries, last
):
    if arguments is None:
        url = reverse(f"synergies:{name}", kwargs={"slug": session.lab.slug})
    else:
        url = reverse(f"synergies:{name}", kwargs={"pk": session.pk, **arguments})
    client.force_login(olle_organiser)
    for n in (10, 1000):
        grow(session, n)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
    assert last in response.content.decode(errors="replace")


def test_the_scoring_page_takes_the_same_queries_for_10_and_1000_of_ones_own_scores(
    client, big, sanna_participant, django_assert_num_queries
):
    RegistrationFactory(
        lab=big.lab,
        person=sanna_participant,
        organisation=sanna_participant.organisation,
        status=Registration.Status.CONFIRMED,
    )
    goals = [link.goal for link in big.session_goals.order_by("position")]
    cells = [(row, column) for row in goals for column in goals if row != column]
    url = reverse("synergies:score", kwargs={"pk": big.pk})
    client.force_login(sanna_participant)
    for have, n in ((0, 10), (10, 1000)):
        Score.objects.bulk_create(
            Score(session=big, scorer=sanna_participant, row=row, column=column, value=1)
            for row, column in cells[have:n]
        )
        with django_assert_num_queries(16):
            response = client.get(f"{url}?rad=26")
        assert response.status_code == 200
        assert f"{n} / 1560" in response.content.decode()


def test_the_results_take_the_same_queries_for_5_and_40_goals(
    client, lab, olle_organiser, django_assert_num_queries
):
    client.force_login(olle_organiser)
    for goals, scorers in ((5, 2), (40, 6)):
        session = make_big_session(lab, olle_organiser, goals, scorers)
        with django_assert_num_queries(10):
            response = client.get(reverse("synergies:results", kwargs={"pk": session.pk}))
        assert response.status_code == 200
        assert f"{scorers} personer har gjort bedömningar" in response.content.decode()
