"""Every form Lärlabb renders marks its required fields and, shown again with errors, starts with
a summary that links to each field (core/templatetags/forms.py and the project's form
templates, core/templates/django/forms/)."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.factories import WorkshopFactory, in_days

MARK = '<span class="required-mark" aria-hidden="true">*</span>'
NOTE = "Fält markerade med * måste fyllas i."


class ExampleForm(forms.Form):
    name = forms.CharField(label="Namn", help_text="Som på din namnskylt.")
    role = forms.CharField(label="Roll", required=False)
    knowledge = forms.ChoiceField(
        label="Kunskap", choices=[("a", "Uppdraget"), ("b", "Överblick")], widget=forms.RadioSelect
    )
    goals = forms.MultipleChoiceField(
        label="Mål", choices=[("1", "Ett"), ("2", "Två")], widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label="Status", choices=[("open", "Öppen"), ("closed", "Stängd")])
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def label_of(html: str, field_id: str) -> str:
    return re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S).group(1)


def test_a_required_field_has_an_asterisk_hidden_from_screen_readers_and_the_input_is_required():
    html = str(ExampleForm())

    assert label_of(html, "id_name") == f"Namn{MARK}"
    assert '<input type="text" name="name" required' in html


def test_an_optional_field_has_no_mark_and_no_colon():
    html = str(ExampleForm())

    assert label_of(html, "id_role") == "Roll"
    assert 'name="role" required' not in html


def test_one_line_at_the_top_of_the_form_says_what_the_asterisk_means():
    html = str(ExampleForm())

    assert html.count(NOTE) == 1
    assert html.index(NOTE) < html.index("id_name")


def test_a_form_without_required_fields_has_no_note():
    class Optional(forms.Form):
        comment = forms.CharField(required=False)

    assert NOTE not in str(Optional())


def test_a_group_of_radios_is_marked_on_its_legend():
    html = str(ExampleForm())

    assert f"<legend>Kunskap{MARK}</legend>" in html
    assert 'type="radio" name="knowledge" value="a" required' in html


def test_a_group_of_checkboxes_without_a_required_attribute_says_required_to_screen_readers():
    html = str(ExampleForm())

    assert (
        f'<legend>Mål{MARK}<span class="visually-hidden"> (obligatoriskt)</span></legend>' in html
    )


def test_a_select_that_always_has_a_value_is_not_marked():
    assert label_of(str(ExampleForm()), "id_status") == "Status"


def test_the_extra_rows_of_a_formset_are_not_marked():
    rows = forms.formset_factory(ExampleForm, extra=1)()
    html = Template(
        "{% load forms %}{% for form in rows %}{% field_label form.name %}{% endfor %}"
        "{% required_note rows %}"
    ).render(Context({"rows": rows}))

    assert html == '<label for="id_form-0-name">Namn</label>'


def test_a_form_with_errors_starts_with_a_summary_that_links_to_each_field():
    form = ExampleForm(data={"role": "RUS-samordnare", "status": "open"})
    html = str(form)

    summary = html[: html.index("</div>\n</div>")]
    assert html.index('class="error-summary"') < html.index(NOTE)
    assert 'tabindex="-1" data-error-summary' in summary
    assert '<h2 class="error-summary-title">Formuläret har 3 fel</h2>' in summary
    links = re.findall(r'<a href="#([\w-]+)"', summary)
    assert links == ["id_name", "id_knowledge_0", "id_goals_0"]
    assert "Namn: Detta fält måste fyllas i." in summary


def test_one_error_is_counted_in_the_singular():
    data = {"knowledge": "a", "goals": ["1"], "status": "open"}

    assert "Formuläret har 1 fel</h2>" in str(ExampleForm(data=data))


def test_an_invalid_input_is_marked_invalid_and_described_by_its_message():
    html = str(ExampleForm(data={}))

    assert (
        '<input type="text" name="name" required aria-invalid="true" '
        'aria-describedby="id_name_helptext id_name_error" id="id_name">'
    ) in html
    assert '<ul class="errorlist" id="id_name_error">' in html
    assert '<fieldset aria-describedby="id_knowledge_error">' in html
    assert 'value="a" required aria-invalid="true" id="id_knowledge_0"' in html


def test_errors_of_the_whole_form_are_in_the_summary_without_a_link():
    class Whole(forms.Form):
        name = forms.CharField()

        def clean(self):
            raise forms.ValidationError("Det gick inte.")

    html = str(Whole(data={"name": "x"}))

    assert "<li>Det gick inte.</li>" in html
    assert html.count("Det gick inte.") == 1


def test_a_valid_or_unbound_form_has_no_summary():
    data = {"name": "Sanna", "knowledge": "a", "goals": ["1"], "status": "open"}

    assert "error-summary" not in str(ExampleForm())
    assert "error-summary" not in str(ExampleForm(data=data))


@pytest.mark.django_db
def test_the_registration_form_sent_empty_shows_the_summary_and_marks_the_fields(
    client, lab, sanna_participant
):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))
    client.force_login(sanna_participant)
    url = reverse("registrations:register", kwargs={"slug": lab.slug})

    empty = client.get(url).content.decode()
    response = client.post(url, {"title": ""})
    page = response.content.decode()

    assert NOTE in empty
    assert "error-summary" not in empty
    assert response.status_code == 200
    assert "data-error-summary" in page
    assert '<a href="#id_organisation" data-name="organisation">Organisation:' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_title_helptext id_title_error"' in page
