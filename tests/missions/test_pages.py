"""The pages of challenge-driven work: who may see and change what (anonymous, a participant,
an owner, the lab's organiser, another lab's organiser), bad input and the memo read back from
its PDF. Their query counts are in test_query_counts.py."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from larlabb.actors.models import Organisation
from larlabb.missions import actions
from larlabb.missions.models import Challenge, Mission, PrerequisiteAssessment
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "participant", "owner", "organiser", "other_organiser"]


@pytest.fixture
def people(sanna, anna, olle_organiser, other_organiser):
    return {
        "anonymous": None,
        "participant": sanna,
        "owner": anna,
        "organiser": olle_organiser,
        "other_organiser": other_organiser,
    }


def as_(client, person):
    if person is not None:
        client.force_login(person)
    return client


def status_of(client, people, who, url, method="get", data=None):
    response = getattr(as_(client, people[who]), method)(url, data or {})
    client.logout()
    return response.status_code


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # Unpublished work is the lab's own: 404 for those outside it.
        ("challenge", [404, 200, 200, 200, 404]),
        ("mission", [404, 200, 200, 200, 404]),
        ("initiative", [404, 200, 200, 200, 404]),
        # Editing: owners and the lab's organisers.
        ("challenge-edit", [302, 403, 200, 200, 404]),
        ("mission-create", [302, 403, 200, 200, 404]),
        ("mission-edit", [302, 403, 200, 200, 404]),
        ("indicator-create", [302, 403, 200, 200, 404]),
        ("initiative-create", [302, 403, 200, 200, 404]),
        ("initiative-edit", [302, 403, 200, 200, 404]),
        # The lab's internal pages: members only.
        ("memo", [302, 200, 200, 200, 403]),
        ("actions", [302, 200, 200, 200, 403]),
        ("dialogues", [302, 200, 200, 200, 403]),
        ("lab-prerequisites", [302, 200, 200, 200, 403]),
        ("mission-prerequisites", [302, 200, 200, 200, 404]),
    ],
)
def test_who_may_open_each_page(
    client, people, lab, challenge, mission, experiment, page, expected
):
    kwargs = {
        "challenge": {"pk": challenge.pk},
        "challenge-edit": {"pk": challenge.pk},
        "mission-create": {"pk": challenge.pk},
        "mission": {"pk": mission.pk},
        "mission-edit": {"pk": mission.pk},
        "indicator-create": {"pk": mission.pk},
        "initiative-create": {"pk": mission.pk},
        "mission-prerequisites": {"pk": mission.pk},
        "initiative": {"pk": experiment.pk},
        "initiative-edit": {"pk": experiment.pk},
    }.get(page, {"slug": lab.slug})
    url = reverse(f"missions:{page}", kwargs=kwargs)

    assert [status_of(client, people, who, url) for who in WHO] == expected


def test_published_work_of_a_published_lab_is_public_but_not_editable(
    client, people, olle_organiser, challenge, mission, experiment
):
    actions.do_publish_challenge(actor=olle_organiser, challenge=challenge, published=True)

    for url in [
        reverse("missions:challenge", kwargs={"pk": challenge.pk}),
        reverse("missions:mission", kwargs={"pk": mission.pk}),
        reverse("missions:initiative", kwargs={"pk": experiment.pk}),
    ]:
        assert status_of(client, people, "anonymous", url) == 200
        assert status_of(client, people, "other_organiser", url) == 200
    edit = reverse("missions:challenge-edit", kwargs={"pk": challenge.pk})
    assert status_of(client, people, "other_organiser", edit) == 403


def test_lists_and_the_portfolio_show_outsiders_only_published_work(
    client, lab, olle_organiser, challenge, experiment, sanna
):
    urls = [
        reverse("missions:challenges", kwargs={"slug": lab.slug}),
        reverse("missions:portfolio", kwargs={"slug": lab.slug}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200  # the pages are public …
        assert challenge.title not in response.content.decode()  # … the draft is not
    assert "Gemensam prognos" not in client.get(urls[1]).content.decode()
    client.force_login(sanna)
    assert "Gemensam prognos" in client.get(urls[1]).content.decode()
    client.logout()

    actions.do_publish_challenge(actor=olle_organiser, challenge=challenge, published=True)
    assert challenge.title in client.get(urls[0]).content.decode()
    assert "Gemensam prognos" in client.get(urls[1]).content.decode()


def test_an_unpublished_lab_shows_nothing_to_outsiders(client, lab, challenge, other_organiser):
    lab.is_published = False
    lab.save()
    client.force_login(other_organiser)
    for url in [
        reverse("missions:challenges", kwargs={"slug": lab.slug}),
        reverse("missions:memo", kwargs={"slug": lab.slug}),
    ]:
        assert client.get(url).status_code == 404


def test_a_participant_cannot_edit_by_posting_either(client, challenge, sanna, other_organiser):
    url = reverse("missions:challenge-edit", kwargs={"pk": challenge.pk})
    data = {"title": "Kapad", "description": "…", "scope": "local"}
    client.force_login(sanna)
    assert client.post(url, data).status_code == 403
    client.force_login(other_organiser)
    assert client.post(url, data).status_code == 404
    challenge.refresh_from_db()
    assert challenge.title == "Kompetensförsörjning"


def test_a_participant_proposes_a_challenge_with_strategy_areas_and_sdgs(
    client, lab, sanna, region_skane
):
    from larlabb.synergies.models import Catalogue, Goal

    sdgs = Catalogue.objects.create(key="sdgs", name="Globala målen")
    goal = Goal.objects.create(catalogue=sdgs, code="SDG 4", title="God utbildning", position=4)
    client.force_login(sanna)
    response = client.post(
        reverse("missions:challenge-create", kwargs={"slug": lab.slug}),
        {
            "title": "Unga lämnar landsbygden",
            "description": "Unga flyttar.",
            "scope": "interregional",
            "goals": [goal.pk],
            "organisations": [region_skane.pk],
        },
    )

    challenge = Challenge.objects.get(title="Unga lämnar landsbygden")
    assert response.status_code == 302
    assert response["Location"] == reverse("missions:challenge", kwargs={"pk": challenge.pk})
    assert list(challenge.goals.all()) == [goal]
    assert list(challenge.owners.all()) == [sanna]


def test_a_target_year_in_the_past_gets_a_message_and_creates_nothing(
    client, challenge, anna, agency, today
):
    client.force_login(anna)
    response = client.post(
        reverse("missions:mission-create", kwargs={"pk": challenge.pk}),
        {
            "title": "För sent",
            "goal": "…",
            "target_year": today.year - 1,
            "owner": agency.pk,
        },
    )

    assert response.status_code == 200
    assert f"Målåret {today.year - 1} har redan passerat" in response.content.decode()
    assert not Mission.objects.exists()


def test_the_mission_page_flags_a_target_before_the_next_election(client, mission, anna, today):
    client.force_login(anna)
    url = reverse("missions:mission", kwargs={"pk": mission.pk})
    assert 'id="election-flag"' not in client.get(url).content.decode()

    Mission.objects.filter(pk=mission.pk).update(target_year=today.year)
    page = client.get(url).content.decode()
    assert 'id="election-flag"' in page
    assert "sträcker sig inte bortom nästa allmänna val" in page


def test_the_mission_page_flags_a_mission_without_municipalities_civil_society_or_youth(
    client, mission, anna
):
    client.force_login(anna)
    url = reverse("missions:mission", kwargs={"pk": mission.pk})
    flag = "Ingen kommun, civilsamhällesorganisation eller ungdomsorganisation"
    assert flag in client.get(url).content.decode()

    youth = OrganisationFactory(name="LSU", kind=Organisation.Kind.YOUTH)
    mission.organisations.add(youth)
    assert flag not in client.get(url).content.decode()


def test_an_indicator_without_a_unit_gets_a_message(client, mission, anna):
    client.force_login(anna)
    response = client.post(
        reverse("missions:indicator-create", kwargs={"pk": mission.pk}),
        {"name": "Regioner", "unit": "", "baseline": "8", "baseline_year": "2024", "target": "21"},
    )

    assert response.status_code == 200
    assert "Ange en enhet för indikatorn" in response.content.decode()
    assert not mission.indicators.exists()


def test_a_rating_outside_one_to_five_gets_a_message_and_saves_nothing(
    client, mission, anna, today
):
    from larlabb.missions import rules

    data = {"assessed_on": today.isoformat()}
    data |= {f"{key}_value": "3" for key in rules.PREREQUISITE_KEYS}
    data["iterative_value"] = "6"
    client.force_login(anna)
    response = client.post(
        reverse("missions:mission-prerequisites", kwargs={"pk": mission.pk}), data
    )

    assert response.status_code == 200
    assert "Varje skattning ska vara ett heltal från 1 till 5" in response.content.decode()
    assert not PrerequisiteAssessment.objects.exists()

    data["iterative_value"] = "5"
    response = client.post(
        reverse("missions:mission-prerequisites", kwargs={"pk": mission.pk}), data
    )
    assert response.status_code == 302
    assert PrerequisiteAssessment.objects.get().as_dict()["iterative"] == 5


def test_closing_an_experiment_without_learning_is_refused_with_a_message(client, experiment, anna):
    client.force_login(anna)
    url = reverse("missions:initiative-status", kwargs={"pk": experiment.pk})
    client.post(url, {"status": "running"})
    response = client.post(url, {"status": "completed"}, follow=True)

    assert "lärandeanteckning" in response.content.decode()
    experiment.refresh_from_db()
    assert experiment.status == "running"


def test_the_memo_pdf_holds_the_labs_challenge_driven_work(
    client, lab, challenge, mission, experiment, anna, sanna, olle_organiser, agency, today
):
    actions.do_vote(actor=sanna, challenge=challenge, vote=True)
    indicator = actions.do_add_indicator(
        actor=anna,
        mission=mission,
        name="Regioner med plattform",
        unit="antal",
        baseline=8,
        baseline_year=2024,
        target=21,
    )
    actions.do_record_measurement(
        actor=anna, indicator=indicator, measured_on=today, value=12, today=today
    )
    actions.do_add_learning(
        actor=sanna,
        initiative=experiment,
        happened_on=today,
        tried="En gemensam workshop",
        learned="Kommunerna saknar pensionsdata",
        next_step="adapt",
        today=today,
    )
    actions.do_create_action(
        actor=olle_organiser,
        lab=lab,
        details=actions.ActionDetails(
            title="Skriv PM om förutsättningar",
            owner=agency,
            responsible=anna,
            due_on=today - datetime.timedelta(days=3),
        ),
    )
    client.force_login(sanna)

    response = client.get(reverse("missions:memo-pdf", kwargs={"slug": lab.slug}))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for fact in [
        "PM: utmaningsdrivet arbete",
        "Kompetensförsörjning",
        "Kompetensplattformar",
        "Regioner med plattform",
        "Gemensam prognos",
        "Kommunerna saknar pensionsdata",
        "Skriv PM om förutsättningar",
        "försenad",
    ]:
        assert fact in text, fact


def test_the_charts_are_svg_files_for_members(client, mission, anna, sanna, today):
    from larlabb.missions import rules

    indicator = actions.do_add_indicator(
        actor=anna,
        mission=mission,
        name="Andel",
        unit="%",
        baseline=10,
        baseline_year=2024,
        target=50,
    )
    actions.do_assess_prerequisites(
        actor=anna,
        lab=mission.challenge.lab,
        mission=mission,
        assessed_on=today,
        ratings=dict.fromkeys(rules.PREREQUISITE_KEYS, (3, "")),
    )
    client.force_login(sanna)
    for url in [
        reverse("missions:indicator-chart", kwargs={"pk": indicator.pk, "fmt": "svg"}),
        reverse("missions:mission-radar", kwargs={"pk": mission.pk, "fmt": "svg"}),
    ]:
        response = client.get(url)
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<?xml")
    client.logout()
    radar = reverse("missions:mission-radar", kwargs={"pk": mission.pk, "fmt": "svg"})
    assert client.get(radar).status_code == 404  # unpublished: not for outsiders


def test_editing_a_mission_to_a_past_or_distant_target_year_is_refused(
    client, mission, anna, agency, today
):
    client.force_login(anna)
    url = reverse("missions:mission-edit", kwargs={"pk": mission.pk})
    data = {"title": "Ny titel", "goal": "…", "owner": agency.pk, "owners": [anna.pk]}

    response = client.post(url, data | {"target_year": today.year - 1})
    assert f"Målåret {today.year - 1} har redan passerat" in response.content.decode()
    response = client.post(url, data | {"target_year": 2101})
    assert "Välj ett målår som inte är senare än 2100" in response.content.decode()
    mission.refresh_from_db()
    assert (mission.title, mission.target_year) == ("Kompetensplattformar", today.year + 9)

    # The stored year may stay even after it has passed; only a new year is checked.
    Mission.objects.filter(pk=mission.pk).update(target_year=today.year - 1)
    assert client.post(url, data | {"target_year": today.year - 1}).status_code == 302


def test_an_owner_whose_registration_is_cancelled_no_longer_edits(client, challenge, anna):
    from larlabb.registrations.models import Registration

    edit = reverse("missions:challenge-edit", kwargs={"pk": challenge.pk})
    client.force_login(anna)
    assert client.get(edit).status_code == 200
    Registration.objects.filter(person=anna).update(status=Registration.Status.CANCELLED)
    assert client.get(edit).status_code == 404  # and, outside the lab, the draft is gone


def test_organisers_edit_an_action_with_a_new_due_date(
    client, lab, anna, olle_organiser, agency, today
):
    action = actions.do_create_action(
        actor=olle_organiser,
        lab=lab,
        details=actions.ActionDetails(title="PM", owner=agency, responsible=anna, due_on=today),
    )
    url = reverse("missions:action-edit", kwargs={"pk": action.pk})
    data = {
        "title": "PM om styrning",
        "owner": agency.pk,
        "responsible": anna.pk,
        "due_on": (today + datetime.timedelta(days=30)).isoformat(),
    }
    client.force_login(anna)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    client.force_login(olle_organiser)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.title == "PM om styrning"
    assert action.due_on == today + datetime.timedelta(days=30)


def test_the_owner_adds_a_participant_to_the_experiment_who_may_then_learn(
    client, lab, experiment, anna, region_skane, today
):
    from tests.factories import UserFactory
    from tests.missions.conftest import register

    newcomer = register(lab, UserFactory(organisation=region_skane))
    # a participant chooses among those who agreed to be listed (issue 18, 7)
    newcomer.registrations.update(listed=True)
    client.force_login(newcomer)
    learn = reverse("missions:learning-add", kwargs={"pk": experiment.pk})
    assert client.get(learn).status_code == 403

    client.force_login(anna)
    response = client.post(
        reverse("missions:initiative-edit", kwargs={"pk": experiment.pk}),
        {
            "kind": "experiment",
            "title": experiment.title,
            "hypothesis": experiment.hypothesis,
            "plan": experiment.plan,
            "participants": [newcomer.pk],
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    client.force_login(newcomer)
    assert client.get(learn).status_code == 200
