"""The opinion map's pages: the results page (the map as an inline SVG with its text
alternative, the consensus, what sets each group apart, the groups by side), the fragment the
live screens put in, who sees them, and their query counts."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from larlabb.live import actions
from larlabb.live.models import Activity, Note
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory
from tests.live.cast import make_activity

pytestmark = pytest.mark.django_db

STATEMENTS = [f"Påstående {n}" for n in range(1, 9)]
# Two camps: the first agree with the first four statements and disagree with the rest.
CAMP_A = [1, 1, 1, 1, -1, -1, -1, -1]
CAMP_B = [-1, -1, -1, -1, 1, 1, 1, 1]


def url(name, activity, **query):
    path = reverse(name, kwargs={"code": activity.room.code, "pk": activity.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def opinions(olle_organiser, dialogue_item):
    return make_activity(olle_organiser, dialogue_item, Activity.Kind.OPINIONS, options=STATEMENTS)


def answering(lab, opinions, count, answers, *, kind="region", start=0):
    """``count`` registered people of ``kind`` organisations who answer ``answers`` (one value
    per statement, None skips it)."""
    statements = list(Note.objects.filter(activity=opinions).order_by("position", "pk"))
    for n in range(start, start + count):
        organisation = OrganisationFactory(name=f"Org {kind} {n}", kind=kind)
        person = UserFactory(email=f"{kind}{n}@example.org", organisation=organisation)
        RegistrationFactory(lab=lab, person=person, organisation=organisation, status="confirmed")
        participant = actions.do_join(user=person, room=opinions.room)
        for statement, value in zip(statements, answers, strict=True):
            if value is not None:
                actions.do_answer(participant=participant, statement=statement, value=value)


def test_the_results_page_draws_the_map_and_says_it_in_text(client, lab, opinions, olle_organiser):
    answering(lab, opinions, 3, CAMP_A, kind="region")
    answering(lab, opinions, 3, CAMP_B, kind="agency")
    answering(lab, opinions, 2, [1, 1, None, None, None, None, None, None], kind="agency", start=9)
    client.force_login(olle_organiser)
    page = client.get(url("live:opinion-map", opinions)).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert svg.count("<circle") == 3  # the regions' dots
    assert svg.count('class="opinion-dot"') == 6  # the two who answered two are not drawn
    assert "8 personer har svarat" in page
    assert "2 personer har svarat på färre än 7 påståenden" in page
    # the groups by side: each camp is one group, all regions or all agencies
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page, re.DOTALL)
    cells = [re.findall(r"<td>(\d+)</td>", row) for row in rows]
    assert sorted(cells) == [["0", "3", "3"], ["3", "0", "3"]]
    # each group is set apart by the statements it agrees on
    assert "100 % av grupp A håller med, 0 % av de andra" in page


def test_the_consensus_lists_what_every_group_agrees_on(client, lab, opinions, olle_organiser):
    answering(lab, opinions, 3, [*CAMP_A[:7], 1], kind="region")
    answering(lab, opinions, 3, CAMP_B, kind="agency")
    client.force_login(olle_organiser)
    page = client.get(url("live:opinion-map", opinions)).content.decode()
    consensus = page[page.index('id="opinion-consensus"') : page.index('id="opinion-groups"')]
    assert "Påstående 8" in consensus
    assert "grupp A: 100 % håller med · grupp B: 100 % håller med" in consensus
    assert "Påstående 1" not in consensus


def test_the_room_sees_the_results_page_once_the_results_are_shown(
    client, lab, opinions, olle_organiser, sanna, joined
):
    client.force_login(sanna)
    assert client.get(url("live:opinion-map", opinions)).status_code == 403
    actions.do_set(actor=olle_organiser, activity=opinions, revealed=True)
    assert client.get(url("live:opinion-map", opinions)).status_code == 200


def test_someone_outside_the_room_sees_no_results(client, opinions, olle_organiser):
    actions.do_set(actor=olle_organiser, activity=opinions, revealed=True)
    stranger = UserFactory(email="stranger@example.org")
    client.force_login(stranger)
    assert client.get(url("live:opinion-map", opinions)).status_code == 403
    client.logout()
    assert client.get(url("live:opinion-map", opinions)).status_code == 403


def test_other_activities_have_no_opinion_map(client, board, olle_organiser):
    client.force_login(olle_organiser)
    assert client.get(url("live:opinion-map", board)).status_code == 404


def test_the_big_screen_gets_the_compact_map_by_its_link(client, lab, opinions, olle_organiser):
    answering(lab, opinions, 3, CAMP_A)
    key = actions.do_new_presenter_link(actor=olle_organiser, room=opinions.room)
    hidden = client.get(url("live:opinion-map", opinions, projector=1, key=key, part="map"))
    assert hidden.status_code == 403  # not before the results are shown
    actions.do_set(actor=olle_organiser, activity=opinions, revealed=True)
    part = client.get(url("live:opinion-map", opinions, projector=1, key=key, part="map"))
    text = part.content.decode()
    assert part.status_code == 200
    assert "<html" not in text
    assert 'class="opinion-map compact"' in text
    assert '<h2 id="opinion-consensus">' in text  # the big screen's own headings
    client.force_login(olle_organiser)
    on_page = client.get(url("live:opinion-map", opinions, part="map")).content.decode()
    assert '<h3 id="opinion-consensus">' in on_page  # under the live page's "The opinion map"
    client.logout()
    wrong = client.get(url("live:opinion-map", opinions, projector=1, key="nope", part="map"))
    assert wrong.status_code == 403


def test_the_participants_page_carries_the_answers_and_the_form(client, opinions, sanna, joined):
    statement = Note.objects.filter(activity=opinions).first()
    actions.do_answer(participant=joined["sanna"], statement=statement, value=0)
    client.force_login(sanna)
    page = client.get(url("live:activity", opinions)).content.decode()
    assert f'"mine": {{"{statement.pk}": 0}}' in page
    assert 'id="live-tpl-answer"' in page
    assert "Håller med" in page


def count_queries(client, path) -> int:
    cache.clear()  # the map is computed, not taken from the cache
    with CaptureQueriesContext(connection) as done:
        assert client.get(path).status_code == 200
    return len(done)


def test_the_results_page_query_count_does_not_grow_with_the_answers(
    client, lab, opinions, olle_organiser, django_assert_num_queries
):
    client.force_login(olle_organiser)
    path = url("live:opinion-map", opinions)
    client.get(path)  # the facilitator's place in the room is made once
    answering(lab, opinions, 3, CAMP_A)
    small = count_queries(client, path)
    answering(lab, opinions, 20, CAMP_B, kind="agency", start=10)
    assert count_queries(client, path) == small
    cache.clear()
    with django_assert_num_queries(small):
        client.get(path)
    # computed once per change: a second look at the same map reads only what it depends on
    assert count_queries(client, path) == small
    with CaptureQueriesContext(connection) as again:
        client.get(path)
    assert len(again) == small - 3


def test_the_export_counts_the_answers_to_each_statement(client, lab, opinions, olle_organiser):
    answering(lab, opinions, 3, [*CAMP_A[:7], 1], kind="region")
    answering(lab, opinions, 3, CAMP_B, kind="agency")
    client.force_login(olle_organiser)
    path = reverse(
        "live:export", kwargs={"code": opinions.room.code, "pk": opinions.pk, "fmt": "csv"}
    )
    text = client.get(path).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    table = rows[
        rows.index(["Påstående", "Håller med", "Håller inte med", "Vet inte / avstår", "Samsyn"]) :
    ]
    assert table[1] == ["Påstående 1", "3", "3", "0", ""]
    assert table[8] == ["Påstående 8", "6", "0", "0", "ja"]
