"""Scoring rules, held on the server: only the lab's participants score, each only their own
cells of their own rows, on the scale, while the session is open."""

import pytest
from django.urls import reverse

from larlabb.synergies import actions
from larlabb.synergies.actions import Entry, SynergyError, do_save_scores
from larlabb.synergies.models import MappingSession, Score
from larlabb.synergies.rules import row_blocks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def score_url(session, row: int | None = None) -> str:
    url = reverse("synergies:score", kwargs={"pk": session.pk})
    return f"{url}?rad={row}" if row else url


def test_row_blocks_split_the_rows_evenly_and_completely():
    assert row_blocks(5, 2) == [range(0, 3), range(3, 5)]
    assert row_blocks(40, 3) == [range(0, 14), range(14, 27), range(27, 40)]
    assert row_blocks(5, 1) == [range(0, 5)]
    with pytest.raises(ValueError, match="cannot split 5 rows among 6 groups"):
        row_blocks(5, 6)


def test_a_participant_scores_a_row_through_the_page(client, session, scorers, sdgs):
    sanna, _ = scorers
    client.force_login(sanna)
    row, columns = sdgs[0], sdgs[1:5]
    data = {"row": row.pk, f"v-{columns[0].pk}": "2", f"v-{columns[1].pk}": "−1"}
    data |= {f"c-{columns[0].pk}": "high", f"k-{columns[0].pk}": "Mindre fattigdom, mer hälsa"}

    response = client.post(score_url(session, 1), data | {"next": "1"})

    assert response.status_code == 302
    assert response["Location"].endswith("?rad=2")
    saved = {s.column_id: s for s in Score.objects.filter(scorer=sanna)}
    assert saved[columns[0].pk].value == 2
    assert saved[columns[0].pk].certainty == "high"
    assert saved[columns[0].pk].comment == "Mindre fattigdom, mer hälsa"
    assert saved[columns[1].pk].value == -1


def test_saving_one_cell_with_htmx_answers_with_the_progress(client, session, scorers, sdgs):
    sanna, _ = scorers
    client.force_login(sanna)

    response = client.post(
        score_url(session, 1),
        {"row": sdgs[0].pk, f"v-{sdgs[3].pk}": "3"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sparat." in page
    assert 'value="1"' in page  # the progress bar: one cell of 20
    assert Score.objects.get(scorer=sanna).value == 3


def test_the_scoring_page_resumes_at_the_first_row_left_unfinished(client, session, scorers, sdgs):
    sanna, _ = scorers
    entries = [Entry(goal.pk, 1) for goal in sdgs[1:5]]
    do_save_scores(actor=sanna, session=session, row=sdgs[0], entries=entries)
    client.force_login(sanna)

    response = client.get(score_url(session))

    assert response.context["row"] == sdgs[1]
    assert response.context["scored"] == 4
    assert response.context["total"] == 20


@pytest.mark.parametrize("value", ["4", "-4", "1.5", "två", "9999999999"])
def test_a_forged_score_outside_the_scale_is_refused_and_nothing_saved(
    client, session, scorers, sdgs, value
):
    client.force_login(scorers[0])

    response = client.post(score_url(session, 1), {"row": sdgs[0].pk, f"v-{sdgs[1].pk}": value})

    assert response.status_code == 400
    assert "Ett värde ska vara ett heltal från −3 till +3." in response.content.decode()
    assert not Score.objects.exists()


def test_a_score_of_a_goal_outside_the_session_or_on_the_diagonal_is_refused(
    session, scorers, sdgs
):
    sanna, _ = scorers
    for column in (sdgs[10], sdgs[0]):
        with pytest.raises(SynergyError, match="ingår inte i den här synergikartan"):
            do_save_scores(actor=sanna, session=session, row=sdgs[0], entries=[Entry(column.pk, 1)])
    with pytest.raises(SynergyError, match="ingår inte i den här synergikartan"):
        do_save_scores(actor=sanna, session=session, row=sdgs[10], entries=[Entry(sdgs[1].pk, 1)])
    assert not Score.objects.exists()


def test_the_database_refuses_a_score_off_the_scale_too(session, scorers, sdgs):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Score.objects.create(
            session=session, scorer=scorers[0], row=sdgs[0], column=sdgs[1], value=5
        )


@pytest.mark.parametrize("who", ["olle_organiser", "other_organiser", "outsider"])
def test_only_the_labs_participants_score(client, session, sdgs, who, request):
    person = (
        UserFactory(email="x@example.org") if who == "outsider" else request.getfixturevalue(who)
    )
    client.force_login(person)

    response = client.post(score_url(session, 1), {"row": sdgs[0].pk, f"v-{sdgs[1].pk}": "2"})

    assert response.status_code == 403
    assert not Score.objects.exists()
    with pytest.raises(SynergyError, match="Bara labbets deltagare"):
        do_save_scores(actor=person, session=session, row=sdgs[0], entries=[Entry(sdgs[1].pk, 2)])


def test_a_cancelled_registration_no_longer_scores(session, scorers, sdgs):
    sanna, _ = scorers
    sanna.registrations.update(status="cancelled")

    with pytest.raises(SynergyError):
        do_save_scores(actor=sanna, session=session, row=sdgs[0], entries=[Entry(sdgs[1].pk, 2)])


def test_a_scorer_changes_only_their_own_scores(client, session, scorers, sdgs):
    sanna, anna = scorers
    do_save_scores(actor=anna, session=session, row=sdgs[0], entries=[Entry(sdgs[1].pk, -2)])
    client.force_login(sanna)

    client.post(score_url(session, 1), {"row": sdgs[0].pk, f"v-{sdgs[1].pk}": "3"})
    client.post(score_url(session, 1), {"row": sdgs[0].pk, f"v-{sdgs[1].pk}": ""})

    assert Score.objects.get(scorer=anna).value == -2
    assert not Score.objects.filter(scorer=sanna).exists()


def test_a_closed_session_refuses_changes(client, session, scorers, sdgs, olle_organiser):
    sanna, _ = scorers
    do_save_scores(actor=sanna, session=session, row=sdgs[0], entries=[Entry(sdgs[1].pk, 1)])
    actions.do_set_status(actor=olle_organiser, session=session, status="closed")
    client.force_login(sanna)

    response = client.post(score_url(session, 1), {"row": sdgs[0].pk, f"v-{sdgs[1].pk}": "3"})

    assert response.status_code == 400
    assert "Synergikartan är stängd" in response.content.decode()
    assert Score.objects.get(scorer=sanna).value == 1


def test_only_the_people_who_run_the_session_close_it(client, session, scorers):
    client.force_login(scorers[0])

    client.post(
        reverse("synergies:session-status", kwargs={"pk": session.pk}), {"status": "closed"}
    )

    session.refresh_from_db()
    assert session.status == MappingSession.Status.OPEN


def test_in_a_split_session_a_scorer_scores_only_the_rows_of_their_group(
    client, lab, olle_organiser, sdgs, scorers
):
    sanna, _ = scorers
    split = actions.do_create_session(
        actor=olle_organiser, lab=lab, title="Delad", goals=sdgs[:6], group_count=2
    )
    client.force_login(sanna)
    assert client.get(score_url(split)).status_code == 302  # choose a group first

    client.post(reverse("synergies:session-group", kwargs={"pk": split.pk}), {"group": "2"})
    response = client.get(score_url(split))

    assert [goal.code for goal in response.context["rows"]] == ["SDG 4", "SDG 5", "SDG 6"]
    with pytest.raises(SynergyError, match="en annan grupp"):
        do_save_scores(actor=sanna, session=split, row=sdgs[0], entries=[Entry(sdgs[1].pk, 1)])
    do_save_scores(actor=sanna, session=split, row=sdgs[3], entries=[Entry(sdgs[0].pk, 1)])
    assert Score.objects.filter(session=split).count() == 1


def test_a_group_number_outside_the_session_is_refused(client, lab, olle_organiser, sdgs, scorers):
    split = actions.do_create_session(
        actor=olle_organiser, lab=lab, title="Delad", goals=sdgs[:6], group_count=2
    )
    client.force_login(scorers[0])

    for number in ("3", "0", "x"):
        client.post(reverse("synergies:session-group", kwargs={"pk": split.pk}), {"group": number})

    assert not split.scorer_groups.exists()


@pytest.mark.parametrize("count", [4, 41])
def test_a_session_takes_5_to_40_goals(lab, olle_organiser, sdgs, count):
    goals = (sdgs * 3)[:count] if count <= 17 else _many_goals(count)
    with pytest.raises(SynergyError, match="mellan 5 och 40"):
        actions.do_create_session(actor=olle_organiser, lab=lab, title="x", goals=goals)


def _many_goals(count: int):
    from larlabb.synergies.models import Catalogue, Goal

    catalogue = Catalogue.objects.create(key="many", name="Många")
    return [
        Goal.objects.create(catalogue=catalogue, code=f"M{n}", title=f"Mål {n}")
        for n in range(count)
    ]


def test_only_the_labs_organisers_create_sessions(client, lab, other_organiser, sdgs):
    client.force_login(other_organiser)
    url = reverse("synergies:session-create", kwargs={"slug": lab.slug})

    response = client.post(url, {"title": "x", "group_count": 1, "goals": [g.pk for g in sdgs[:5]]})

    assert response.status_code == 403
    assert not MappingSession.objects.exists()


def test_the_organiser_creates_a_session_with_the_form(client, lab, olle_organiser, sdgs):
    client.force_login(olle_organiser)
    url = reverse("synergies:session-create", kwargs={"slug": lab.slug})

    too_few = client.post(url, {"title": "x", "group_count": 1, "goals": [g.pk for g in sdgs[:3]]})
    assert "Välj mellan 5 och 40 mål. Du valde 3." in too_few.content.decode()
    response = client.post(
        url, {"title": "Synergier", "group_count": 2, "goals": [g.pk for g in sdgs[:8]]}
    )

    session = MappingSession.objects.get()
    assert response["Location"] == reverse("synergies:session", kwargs={"pk": session.pk})
    assert session.group_count == 2
    assert list(session.session_goals.values_list("goal__code", flat=True)) == [
        f"SDG {n}" for n in range(1, 9)
    ]


def test_individual_scores_are_hidden_from_participants_unless_the_organiser_shows_them(
    client, session, scorers, sdgs, olle_organiser
):
    sanna, anna = scorers
    do_save_scores(actor=anna, session=session, row=sdgs[0], entries=[Entry(sdgs[1].pk, -2)])
    url = reverse("synergies:individual", kwargs={"pk": session.pk})
    raw = reverse("synergies:export", kwargs={"pk": session.pk, "kind": "poang", "fmt": "csv"})
    client.force_login(sanna)
    assert client.get(url).status_code == 403
    assert client.get(raw).status_code == 403

    client.force_login(sanna)
    client.post(reverse("synergies:session-visibility", kwargs={"pk": session.pk}), {"show": "1"})
    session.refresh_from_db()
    assert not session.show_individual_scores  # a participant cannot change it

    client.force_login(olle_organiser)
    client.post(reverse("synergies:session-visibility", kwargs={"pk": session.pk}), {"show": "1"})
    client.force_login(sanna)
    assert "Anna Myndighet" in client.get(url).content.decode()
    assert client.get(raw).status_code == 200


def test_people_outside_the_lab_see_nothing_of_a_session(client, session):
    client.force_login(UserFactory(email="x@example.org"))
    for name in ("session", "results", "documentation"):
        assert (
            client.get(reverse(f"synergies:{name}", kwargs={"pk": session.pk})).status_code == 403
        )


def test_the_labs_list_of_maps_shows_them_to_participants_only(client, lab, session, scorers):
    url = reverse("synergies:lab-sessions", kwargs={"slug": lab.slug})
    client.force_login(scorers[0])
    assert session.title in client.get(url).content.decode()

    client.force_login(UserFactory(email="x@example.org"))
    page = client.get(url).content.decode()
    assert session.title not in page
    assert "Det finns inga synergikartor som du kan delta i." in page


def test_a_refused_htmx_save_shows_its_message(client, session, scorers, sdgs, olle_organiser):
    actions.do_set_status(actor=olle_organiser, session=session, status="closed")
    client.force_login(scorers[0])

    response = client.post(
        score_url(session, 1),
        {"row": sdgs[0].pk, f"v-{sdgs[1].pk}": "2"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200  # htmx swaps only successful answers
    assert "Synergikartan är stängd" in response.content.decode()
    assert not Score.objects.exists()


def test_a_certainty_or_comment_without_a_score_is_refused(client, session, scorers, sdgs):
    client.force_login(scorers[0])

    response = client.post(
        score_url(session, 1),
        {"row": sdgs[0].pk, f"k-{sdgs[1].pk}": "Viktigt"},
        headers={"HX-Request": "true"},
    )

    assert "Välj först ett värde för SDG 2" in response.content.decode()
    assert not Score.objects.exists()


def test_the_scoring_page_of_a_closed_session_leads_back_to_the_session(
    client, session, scorers, olle_organiser
):
    actions.do_set_status(actor=olle_organiser, session=session, status="closed")
    client.force_login(scorers[0])

    response = client.get(score_url(session))

    assert response["Location"] == reverse("synergies:session", kwargs={"pk": session.pk})


def test_a_scorer_keeps_their_group_once_they_have_scored(
    client, lab, olle_organiser, sdgs, scorers
):
    sanna, _ = scorers
    split = actions.do_create_session(
        actor=olle_organiser, lab=lab, title="Delad", goals=sdgs[:6], group_count=2
    )
    actions.do_choose_group(actor=sanna, session=split, number=0)
    actions.do_choose_group(actor=sanna, session=split, number=1)  # nothing scored yet: free
    actions.do_choose_group(actor=sanna, session=split, number=0)
    do_save_scores(actor=sanna, session=split, row=sdgs[0], entries=[Entry(sdgs[1].pk, 1)])

    with pytest.raises(SynergyError, match="redan bedömt"):
        actions.do_choose_group(actor=sanna, session=split, number=1)
    assert split.scorer_groups.get().number == 0


def test_a_facilitator_splits_the_session_among_groups_until_the_scoring_starts(
    client, session, scorers, sdgs, lab
):
    leader = UserFactory(email="leda@example.org", role="facilitator")
    lab.leaders.add(leader)
    url = reverse("synergies:session-groups", kwargs={"pk": session.pk})
    client.force_login(scorers[0])
    client.post(url, {"group_count": "2"})
    session.refresh_from_db()
    assert session.group_count == 1  # a participant cannot

    client.force_login(leader)
    client.post(url, {"group_count": "9"})  # more groups than goals
    client.post(url, {"group_count": "2"})
    session.refresh_from_db()
    assert session.group_count == 2

    actions.do_choose_group(actor=scorers[0], session=session, number=0)
    do_save_scores(actor=scorers[0], session=session, row=sdgs[0], entries=[Entry(sdgs[1].pk, 1)])
    response = client.post(url, {"group_count": "1"}, follow=True)
    session.refresh_from_db()
    assert session.group_count == 2
    assert "Bedömningen har börjat" in response.content.decode()
