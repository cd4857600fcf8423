"""Dates and times are written one way per language, on every page that shows them: no
English month ("Nov. 19, 2026") on a Swedish page, no Swedish one on an English page."""

import datetime
import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from larlabb.accounts.models import User
from larlabb.core import dates
from larlabb.labs.templatetags.labs import when
from larlabb.missions.models import Action, Initiative, Mission
from larlabb.outcomes import report as report_module
from larlabb.outcomes.models import Assignment, Collaboration, Report

pytestmark = pytest.mark.django_db

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
}
SHORT_EN = r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}, \d{4}"
AMERICAN = r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}:\d{2} ?[ap]\.?m\b"


def test_one_format_per_language():
    moment = datetime.datetime(2027, 1, 13, 14, 0, tzinfo=timezone.get_current_timezone())
    with translation.override("sv"):
        assert dates.format_day(moment.date()) == "13 januari 2027"
        assert dates.format_weekday(moment) == "onsdag 13 januari 2027"
        assert dates.format_moment(moment) == "13 januari 2027 kl. 14.00"
    with translation.override("en"):
        assert dates.format_day(moment.date()) == "13 January 2027"
        assert dates.format_weekday(moment) == "Wednesday 13 January 2027"
        assert dates.format_moment(moment) == "13 January 2027, 14.00"


def test_a_workshop_time_has_its_weekday_in_lower_case_after_a_label():
    """ "När: onsdag 13 januari 2027 kl. 9.30–16.30": Swedish writes the weekday in lower case
    after a colon or label, with a capital only where the date starts a line of its own."""
    zone = timezone.get_current_timezone()
    starts = datetime.datetime(2027, 1, 13, 9, 30, tzinfo=zone)
    ends = datetime.datetime(2027, 1, 13, 16, 30, tzinfo=zone)
    line = Template('{% load i18n labs %}{% translate "When:" %} {% when starts ends %}')
    with translation.override("sv"):
        assert line.render(Context({"starts": starts, "ends": ends})) == (
            "När: onsdag 13 januari 2027 kl. 9.30–16.30"
        )
        assert when(starts, ends, starts_line=True) == "Onsdag 13 januari 2027 kl. 9.30–16.30"
        assert when(starts, ends + datetime.timedelta(days=1)) == (
            "onsdag 13 januari 2027 kl. 9.30 – torsdag 14 januari 2027 kl. 16.30"
        )
    with translation.override("en"):
        assert when(starts, ends) == "Wednesday 13 January 2027, 9.30–16.30"


def foreign_dates(text: str, language: str) -> list[str]:
    """Dates in ``text`` written in the other language's way."""
    other = "en" if language == "sv" else "sv"
    months = "|".join(MONTHS[other].split())
    found = re.findall(rf"\b\d{{1,2}} ({months}) \d{{4}}\b", text)
    found += re.findall(SHORT_EN, text) + re.findall(AMERICAN, text)
    if language == "sv":  # Swedish writes kl. 14.00, not 14:00
        found += re.findall(r"\b\d{4} \d{1,2}:\d{2}\b", text)
    return found


@pytest.fixture
def pages(demo, client):
    """The pages of the demo lab that show dates, seen by one of its organisers."""
    organiser = User.objects.get(email="organisator@example.org")
    mission = Mission.objects.filter(challenge__lab=demo).first()
    initiative = Initiative.objects.filter(mission__challenge__lab=demo).first()
    action = Action.objects.filter(lab=demo).first()
    assignment = Assignment.objects.filter(lab=demo).first()
    for shown in (mission, initiative, action, assignment):
        assert shown is not None  # the demo has one of each
    client.force_login(organiser)
    slug = {"slug": demo.slug}
    return [
        demo.get_absolute_url(),
        reverse("registrations:register", kwargs=slug),
        reverse("missions:portfolio", kwargs=slug),
        reverse("missions:dialogues", kwargs=slug),
        reverse("missions:actions", kwargs=slug),
        reverse("missions:memo", kwargs=slug),
        reverse("missions:mission", kwargs={"pk": mission.pk}),
        reverse("missions:initiative", kwargs={"pk": initiative.pk}),
        reverse("outcomes:learning", kwargs=slug),
        reverse("outcomes:assignment", kwargs={"pk": assignment.pk}),
        reverse("outcomes:collaborations", kwargs=slug),
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_pages_write_dates_in_their_language(client, pages, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    months = "|".join(MONTHS[language].split())
    seen_a_date = False
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        assert foreign_dates(text, language) == [], url
        seen_a_date |= bool(re.search(rf"\b\d{{1,2}} ({months}) \d{{4}}\b", text))
    assert seen_a_date


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_documentation_report_writes_dates_in_its_language(
    client, demo, settings, tmp_path, language
):
    """The report page ("Built 13 January 2027, 14.00.") and the report built in the page's
    language: when the workshop was, when it was built, a collaboration's next meeting."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    organiser = User.objects.get(email="organisator@example.org")
    workshop = demo.workshops.order_by("number").first()
    assert workshop is not None
    Collaboration.objects.filter(workshop=workshop).update(next_meeting=datetime.date(2027, 3, 10))
    report = Report.objects.create(workshop=workshop, requested_by=organiser, language=language)
    report_module.build(report)
    assert Report.objects.get(pk=report.pk).status == Report.Status.DONE
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(
        reverse("outcomes:report", kwargs={"slug": demo.slug, "number": workshop.number})
    )

    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert foreign_dates(text, language) == []
    months = "|".join(MONTHS[language].split())
    built = {
        "sv": r"Skapad \d{1,2} (%s) \d{4} kl\. \d{1,2}\.\d{2}\.",
        "en": r"Built \d{1,2} (%s) \d{4}, \d{1,2}\.\d{2}\.",
    }
    assert re.search(built[language] % months, text)
    assert {"sv": "10 mars 2027", "en": "10 March 2027"}[language] in text  # the next meeting
