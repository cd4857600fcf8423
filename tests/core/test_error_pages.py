"""Our own error pages, in the site's layout and the visitor's language, with a way back. The
404 and 403 pages come from real requests; the 500 page renders with the database gone."""

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEADINGS = {
    404: {"sv": "Sidan finns inte", "en": "The page was not found"},
    403: {"sv": "Du har inte tillgång till sidan", "en": "You do not have access to this page"},
    500: {"sv": "Något gick fel", "en": "Something went wrong"},
    "csrf": {"sv": "Formuläret hade gått ut", "en": "The form had expired"},
}
START = {"sv": "Till startsidan", "en": "To the start page"}


def visitor(language: str, **options) -> Client:
    """A visitor who chose ``language`` (the language switch keeps the choice in a cookie)."""
    client = Client(raise_request_exception=False, **options)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_error_page(response, status: int, key, language: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in page
    assert f"<h1>{HEADINGS[key][language]}</h1>" in page
    assert f'href="/">{START[language]}</a>' in page
    assert 'class="site-header"' in page  # the site's layout, not Django's bare page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_missing_page(language):
    response = visitor(language).get("/labb/finns-inte/")
    assert_error_page(response, 404, 404, language)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_page_for_organisers_only(language, lab, sanna_participant):
    client = visitor(language)
    client.force_login(sanna_participant)

    response = client.get(reverse("labs:lab-manage", kwargs={"slug": lab.slug}))

    assert_error_page(response, 403, 403, language)
    assert sanna_participant.email in response.content.decode()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_form_posted_without_its_csrf_token(language, sanna_participant):
    client = visitor(language, enforce_csrf_checks=True)
    client.force_login(sanna_participant)

    response = client.post(reverse("accounts:profile"), {"name": "X"})

    assert_error_page(response, 403, "csrf", language)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_500_page_needs_no_database(language, monkeypatch):
    def unavailable(self):
        raise OperationalError("the database is down")

    client = visitor(language)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unavailable)

    response = client.get(reverse("labs:home"))

    assert_error_page(response, 500, 500, language)
    assert "Logga ut" not in response.content.decode()
