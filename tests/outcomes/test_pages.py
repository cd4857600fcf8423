"""The pages of learning and outcomes: who may see and change what, files served only to those
allowed, answers shown only aggregated, and a dashboard whose query count does not grow with
the lab."""

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse

from larlabb.actors.models import Organisation
from larlabb.outcomes import actions
from larlabb.outcomes.models import Answer, Response, Statement, Submission, Tie
from larlabb.registrations.models import Registration
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory
from tests.outcomes.conftest import png_bytes

pytestmark = pytest.mark.django_db

ARROW = '<span aria-hidden="true">→</span><span class="visually-hidden">till</span>'


def status(client, person, url, method="get", data=None):
    client.logout()
    if person is not None:
        client.force_login(person)
    response = getattr(client, method)(url, data or {})
    close_file(response)
    return response.status_code


def close_file(response) -> None:
    """A file's response holds the file open until it is read to the end (the test client
    closes it then)."""
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.fixture
def outsider():
    return UserFactory(email="utanfor@example.org")


@pytest.fixture
def swedish(client):
    """The pages in Swedish, as the language switch leaves them (Swedish is also the default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


def test_the_learning_pages_are_for_the_labs_members(
    client, lab, sanna, olle_organiser, outsider, workshop
):
    urls = [
        reverse("outcomes:learning", kwargs={"slug": lab.slug}),
        reverse("outcomes:collaborations", kwargs={"slug": lab.slug}),
        reverse("outcomes:dashboard", kwargs={"slug": lab.slug}),
        reverse("outcomes:reflection", kwargs={"slug": lab.slug, "number": workshop.number}),
        reverse("outcomes:report", kwargs={"slug": lab.slug, "number": workshop.number}),
    ]
    for url in urls:
        assert status(client, None, url) == 302, url  # to the login
        assert status(client, outsider, url) == 403, url
        assert status(client, sanna, url) == 200, url
        assert status(client, olle_organiser, url) == 200, url


def test_only_organisers_create_assignments_and_set_up_the_survey(client, lab, sanna):
    for name in ("outcomes:assignment-create", "outcomes:survey-setup"):
        url = reverse(name, kwargs={"slug": lab.slug})
        assert status(client, sanna, url) == 403
        assert status(client, sanna, url, "post", {"title": "x"}) == 403


def test_a_participant_submits_a_file_through_the_page(client, preparation, sanna):
    client.force_login(sanna)
    upload = io.BytesIO(png_bytes())
    upload.name = "skiss.png"
    response = client.post(
        reverse("outcomes:assignment", kwargs={"pk": preparation.pk}),
        {"text": "Här är vår skiss", "file": upload},
    )
    assert response.status_code == 302
    assert Submission.objects.get().file_kind == "png"


def test_a_disguised_file_gets_a_clear_message_in_swedish_and_changes_nothing(
    swedish, preparation, sanna
):
    swedish.force_login(sanna)
    upload = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100)
    upload.name = "rapport.pdf"
    response = swedish.post(
        reverse("outcomes:assignment", kwargs={"pk": preparation.pk}),
        {"text": "", "file": upload},
    )
    assert response.status_code == 200
    assert "Filens innehåll stämmer inte med namnet" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_submitted_file_is_served_only_to_its_owner_and_the_organisers(
    client, preparation, sanna, vera, anders, olle_organiser, outsider
):
    submission = actions.do_submit(
        actor=sanna, assignment=preparation, upload=io.BytesIO(png_bytes()), upload_name="a.png"
    )
    url = reverse("outcomes:submission-file", kwargs={"pk": submission.pk})
    assert status(client, vera, url) == 403  # another participant
    assert status(client, anders, url) == 403
    assert status(client, outsider, url) == 403
    client.force_login(sanna)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()
    assert status(client, olle_organiser, url) == 200


def test_organisers_see_who_has_submitted(client, preparation, sanna, vera, olle_organiser):
    actions.do_submit(actor=sanna, assignment=preparation, text="Klart")
    client.force_login(olle_organiser)
    page = client.get(reverse("outcomes:assignment", kwargs={"pk": preparation.pk}))
    text = page.content.decode()
    assert "Sanna Skåning" in text
    assert "Vera Västra" in text
    assert "Klart" in text


def test_another_participant_never_sees_someones_submission(client, preparation, sanna, vera):
    actions.do_submit(actor=sanna, assignment=preparation, text="Hemligt svar")
    client.force_login(vera)
    page = client.get(reverse("outcomes:assignment", kwargs={"pk": preparation.pk}))
    assert page.status_code == 200  # the assignment is hers too …
    assert "Läs kapitel 3 och skriv vad det betyder för er." in page.content.decode()
    assert "Hemligt svar" not in page.content.decode()  # … but not Sanna's answer


def test_an_unshared_reflection_stays_private(client, workshop, sanna, vera, now):
    workshop.starts_at = now - datetime.timedelta(hours=3)
    workshop.save()
    actions.do_save_reflection(
        actor=sanna, workshop=workshop, learned="Privat", bring_home="", next_steps="", shared=False
    )
    actions.do_save_reflection(
        actor=vera, workshop=workshop, learned="Delat", bring_home="", next_steps="", shared=True
    )
    url = reverse("outcomes:reflection", kwargs={"slug": workshop.lab.slug, "number": 1})
    client.force_login(sanna)
    page = client.get(url).content.decode()
    assert "Delat" in page  # Vera's, shared
    assert "Privat" in page  # her own, in her form
    client.force_login(vera)
    response = client.get(url)
    assert response.status_code == 200
    assert "Delat" in response.content.decode()  # her own
    assert "Privat" not in response.content.decode()  # Sanna's, not shared


def test_the_survey_page_takes_answers_and_shows_them_back_to_their_author(
    client, lab, surveys, sanna, anders, agency
):
    client.force_login(sanna)
    url = reverse("outcomes:survey", kwargs={"slug": lab.slug, "phase": "before"})
    data = {f"s{s.pk}": "3" for s in Statement.objects.filter(lab=lab)}
    data |= {f"o{agency.pk}": "2", "comment": "Bra initiativ"}
    assert client.post(url, data).status_code == 302
    response = Response.objects.get()
    assert response.ties.get().level == 2
    page = client.get(url).content.decode()
    assert "Bra initiativ" in page


# --- The dashboard: aggregated only, and its query count -------------------------------------


def crowd(lab, surveys, size: int, organisations: list[Organisation]) -> None:
    """``size`` participants who all answered both rounds and named two partners."""
    statements = list(Statement.objects.filter(lab=lab))
    people = UserFactory.create_batch(size)
    for index, person in enumerate(people):
        organisation = organisations[index % len(organisations)]
        RegistrationFactory(
            lab=lab, person=person, organisation=organisation, status=Registration.Status.CONFIRMED
        )
    responses = []
    for survey in surveys:
        responses += Response.objects.bulk_create(
            Response(
                survey=survey,
                person=person,
                organisation=organisations[index % len(organisations)],
                open_answers=index % 2 == 0,
            )
            for index, person in enumerate(people)
        )
    Answer.objects.bulk_create(
        Answer(response=response, statement=statement, value=1 + (response.pk + s) % 5)
        for response in responses
        for s, statement in enumerate(statements)
    )
    Tie.objects.bulk_create(
        Tie(
            response=response,
            partner=organisations[(i + step) % len(organisations)],
            level=1 + i % 3,
        )
        for i, response in enumerate(responses)
        for step in (1, 2)
    )


def test_the_dashboard_takes_the_same_queries_for_10_and_1000_participants(
    client, lab, surveys, olle_organiser, django_assert_num_queries
):
    organisations = [
        OrganisationFactory(kind=Organisation.Kind.REGION if n % 2 else Organisation.Kind.AGENCY)
        for n in range(40)
    ]
    client.force_login(olle_organiser)
    url = reverse("outcomes:dashboard", kwargs={"slug": lab.slug})
    for size in (10, 990):
        crowd(lab, surveys, size, organisations)
        with django_assert_num_queries(
            20
        ):  # 17, the shared ground (notes, themes), the opinion maps (none here)
            response = client.get(url)
        assert response.status_code == 200
    assert Response.objects.filter(survey=surveys[0]).count() == 1000


def test_before_the_second_round_has_answers_the_dashboard_says_it_is_not_measured_yet(
    swedish, lab, surveys, olle_organiser
):
    organisations = [
        OrganisationFactory(kind=Organisation.Kind.REGION if n % 2 else Organisation.Kind.AGENCY)
        for n in range(6)
    ]
    crowd(lab, surveys[:1], 10, organisations)  # the first round only
    swedish.force_login(olle_organiser)

    page = swedish.get(reverse("outcomes:dashboard", kwargs={"slug": lab.slug})).content.decode()

    assert "relationer mellan regioner och myndigheter före" in page
    assert "Efter: inte mätt än, den andra omgången har inga svar." in page
    assert "Relationer mellan regioner och myndigheter:" not in page  # no "7 → 0"
    assert "täthet" not in page
    assert "till</span> 0,00" not in page
    assert f'{ARROW} <span class="muted">inte mätt än</span>' in page
    assert "0 svar, visas inte" not in page
    chart = swedish.get(
        reverse("outcomes:survey-chart", kwargs={"slug": lab.slug, "fmt": "svg"})
    ).content.decode()
    assert "Efter: inte mätt än" in chart
    network = swedish.get(
        reverse("outcomes:network-chart", kwargs={"slug": lab.slug, "fmt": "svg"})
    ).content.decode()
    assert "Inte mätt än" in network


def test_the_dashboard_writes_numbers_and_arrows_as_a_swedish_screen_reader_reads_them(
    swedish, lab, surveys, olle_organiser
):
    """Three regions and three agencies rate every statement 3 before and 4 or 5 after (+1,5
    on average), and name partners only after: "0,00 → 0,40" is read "0,00 till 0,40"."""
    before, after = surveys
    regions = OrganisationFactory.create_batch(3, kind=Organisation.Kind.REGION)
    agencies = OrganisationFactory.create_batch(3, kind=Organisation.Kind.AGENCY)
    organisations = regions + agencies
    people = UserFactory.create_batch(6)
    for person, organisation in zip(people, organisations, strict=True):
        RegistrationFactory(
            lab=lab, person=person, organisation=organisation, status=Registration.Status.CONFIRMED
        )
    statements = list(Statement.objects.filter(lab=lab))
    for survey, values in ((before, [3] * 6), (after, [4, 5, 4, 5, 4, 5])):
        for person, organisation, value in zip(people, organisations, values, strict=True):
            response = Response.objects.create(
                survey=survey, person=person, organisation=organisation, open_answers=True
            )
            Answer.objects.bulk_create(
                Answer(response=response, statement=statement, value=value)
                for statement in statements
            )
            if survey == after and organisation in regions:
                Tie.objects.create(
                    response=response, partner=agencies[regions.index(organisation)], level=2
                )
    swedish.force_login(olle_organiser)

    page = swedish.get(reverse("outcomes:dashboard", kwargs={"slug": lab.slug})).content.decode()

    assert "+1,5 i genomsnitt" in page
    assert "4,5 <span" in page  # the mean after, with one decimal
    assert f"Relationer mellan regioner och myndigheter: 0 {ARROW} 3" in page
    assert f"täthet 0,00 {ARROW} 0,20" in page
    assert page.count("→") == page.count(ARROW)  # every arrow is read "till"


def test_a_small_group_is_never_shown_so_nobodys_answer_can_be_read(
    swedish, lab, surveys, sanna, anders, olle_organiser
):
    values = {s.pk: 5 for s in Statement.objects.filter(lab=lab)}
    actions.do_answer_survey(actor=anders, survey=surveys[0], values=values, ties={})
    swedish.force_login(olle_organiser)
    page = swedish.get(reverse("outcomes:dashboard", kwargs={"slug": lab.slug})).content.decode()
    assert "1 svar, visas inte" in page
    assert "5,0" not in page


def test_the_dashboards_charts_are_drawn_for_members_only(client, lab, surveys, sanna, outsider):
    for name in ("outcomes:network-chart", "outcomes:survey-chart"):
        url = reverse(name, kwargs={"slug": lab.slug, "fmt": "svg"})
        assert status(client, outsider, url) == 403
        client.force_login(sanna)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert b"<svg" in response.content


def test_editing_a_collaboration_saves_the_workshop_it_started_at(
    client, lab, workshop, sanna, anders
):
    made = actions.do_create_collaboration(
        actor=sanna,
        lab=lab,
        details=actions.CollaborationDetails(
            title="Kompetens",
            organisations=(sanna.organisation, anders.organisation),
            contact=sanna,
            challenge_text="Bristen på kompetens",
        ),
    )
    client.force_login(sanna)

    response = client.post(
        reverse("outcomes:collaboration", kwargs={"pk": made.pk}),
        {
            "title": "Kompetens",
            "challenge_text": "Bristen på kompetens",
            "organisations": [sanna.organisation_id, anders.organisation_id],
            "contact": sanna.pk,
            "status": "started",
            "workshop": workshop.pk,
        },
    )

    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.workshop) == ("started", workshop)


def test_the_dashboard_shows_where_the_perspectives_met(
    swedish, lab, surveys, olle_organiser, dialogue_item, joined
):
    from larlabb.live import actions as live
    from larlabb.live.models import Activity
    from tests.live.cast import make_activity

    board = make_activity(olle_organiser, dialogue_item, Activity.Kind.PERSPECTIVES)
    column = board.columns.order_by("position").first()
    region = live.do_add_note(
        participant=joined["sanna"], activity=board, text="Längre projekt", column=column
    )
    agency = live.do_add_note(
        participant=joined["anders"],
        activity=board,
        text="Treåriga projekt är korta",
        column=column,
    )
    live.do_add_note(participant=joined["vera"], activity=board, text="Ensam", column=column)
    live.do_merge_note(actor=olle_organiser, note=agency, into=region)
    swedish.force_login(olle_organiser)

    page = swedish.get(reverse("outcomes:dashboard", kwargs={"slug": lab.slug})).content.decode()

    assert "Där perspektiven möttes" in page
    assert "1 tema eller sammanslagen lapp som både regioner och myndigheter tog upp" in page
    assert 'Längre projekt</span> <span class="muted">(regioner 1, myndigheter 1;' in page
    assert "Ensam" not in page


def test_the_dashboard_shows_what_every_opinion_group_agreed_on_once_shown(
    client, lab, olle_organiser, dialogue_item
):
    from larlabb.live import actions as live
    from larlabb.live.models import Activity
    from tests.live.cast import make_activity
    from tests.live.test_opinion_pages import CAMP_A, CAMP_B, STATEMENTS, answering

    opinions = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.OPINIONS, options=STATEMENTS
    )
    answering(lab, opinions, 3, [*CAMP_A[:7], 1], kind="region")
    answering(lab, opinions, 3, CAMP_B, kind="agency")
    client.force_login(olle_organiser)
    url = reverse("outcomes:dashboard", kwargs={"slug": lab.slug})
    assert "Påstående 8" not in client.get(url).content.decode()  # not shown in the room
    live.do_set(actor=olle_organiser, activity=opinions, revealed=True)
    page = client.get(url).content.decode()
    agreed = page[page.index(opinions.title) :]
    assert "6 personer svarade. 2 åsiktsgrupper." in agreed
    assert "Påstående 8" in agreed
    assert "Påstående 1<" not in agreed
