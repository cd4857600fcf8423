"""What people write is marked as Swedish where the interface is in English (WCAG 3.1.2):
``{% content_lang %}`` (core/templatetags/language.py)."""

from django.template import Context, Template
from django.utils import translation

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
