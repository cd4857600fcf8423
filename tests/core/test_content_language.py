"""What people write is marked as Swedish where the interface is in English (WCAG 3.1.2):
``{% content_lang %}`` (core/templatetags/language.py)."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from larlabb.accounts.models import User
from tests.factories import WorkshopFactory, in_days

TITLE = Template("{% load language %}<h1{% content_lang %}>{{ title }}</h1>")


def render(language: str) -> str:
    with translation.override(language):
        return TITLE.render(Context({"title": "Hållbar utveckling"}))


def test_in_the_english_interface_the_content_is_marked_as_swedish():
    assert render("en") == '<h1 lang="sv">Hållbar utveckling</h1>'


def test_in_the_swedish_interface_the_page_already_says_so():
    assert render("sv") == "<h1>Hållbar utveckling</h1>"


def test_the_content_language_is_a_setting(settings):
    settings.CONTENT_LANGUAGE = "en"

    assert render("en") == "<h1>Hållbar utveckling</h1>"
    assert render("sv") == '<h1 lang="en">Hållbar utveckling</h1>'


# --- On the pages -------------------------------------------------------------------------

SWEDISH = 'lang="sv"'


def page(client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main(html: str) -> str:
    """The page's main content: the header's language switch says lang="sv" by itself."""
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def pages(demo) -> list[str]:
    """Pages that show what organisers and participants wrote, from the invitation to the
    survey's results."""
    slug = demo.slug
    challenge = demo.challenges.filter(missions__isnull=False).first()
    return [
        demo.get_absolute_url(),
        reverse("labs:workshop-detail", kwargs={"slug": slug, "number": 1}),
        reverse("labs:lab-manage", kwargs={"slug": slug}),
        reverse("registrations:overview", kwargs={"slug": slug}),
        reverse("missions:challenges", kwargs={"slug": slug}),
        reverse("missions:challenge", kwargs={"pk": challenge.pk}),
        reverse("missions:mission", kwargs={"pk": challenge.missions.first().pk}),
        reverse("synergies:lab-sessions", kwargs={"slug": slug}),
        reverse("synergies:session", kwargs={"pk": demo.mapping_sessions.first().pk}),
        reverse("outcomes:learning", kwargs={"slug": slug}),
        reverse("outcomes:dashboard", kwargs={"slug": slug}),
    ]


@pytest.mark.django_db
def test_in_the_english_interface_the_pages_mark_what_people_wrote_as_swedish(client, demo, pages):
    client.force_login(User.objects.get(email="organisator@example.org"))

    invitation = page(client, demo.get_absolute_url(), "en")

    assert f"<h1{' ' + SWEDISH}>{demo.title}</h1>" in invitation
    for url in pages:
        assert SWEDISH in main(page(client, url, "en")), url


@pytest.mark.django_db
def test_in_the_swedish_interface_no_element_repeats_the_pages_language(client, demo, pages):
    client.force_login(User.objects.get(email="organisator@example.org"))

    for url in pages:
        html = page(client, url, "sv")
        assert '<html lang="sv">' in html
        assert SWEDISH not in main(html), url


@pytest.mark.django_db
def test_the_survey_marks_its_statements_as_swedish_in_english(client, demo):
    participant = demo.registrations.filter(status="confirmed").first().person
    client.force_login(participant)
    url = reverse("outcomes:survey", kwargs={"slug": demo.slug, "phase": "before"})

    english, swedish = main(page(client, url, "en")), main(page(client, url, "sv"))

    statement = demo.statements.first().text
    assert f"<legend><span {SWEDISH}>{statement}</span>" in english
    assert f"<legend>{statement}<span" in swedish


@pytest.mark.django_db
def test_the_registration_forms_workshops_are_marked_as_swedish_in_english(
    client, lab, sanna_participant
):
    lab.allow_single_workshops = True
    lab.save()
    WorkshopFactory(lab=lab, number=1, title="Framsyn i Skåne", starts_at=in_days(30))
    client.force_login(sanna_participant)
    url = reverse("registrations:register", kwargs={"slug": lab.slug})

    english, swedish = main(page(client, url, "en")), main(page(client, url, "sv"))

    assert f"<span {SWEDISH}>Framsyn i Skåne</span></label>" in english
    assert "<span>Framsyn i Skåne</span></label>" in swedish
