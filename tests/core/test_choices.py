"""Lists to choose from in groups and in Swedish alphabetical order."""

import pytest
from django import forms

from larlabb.actors.models import Organisation
from larlabb.core.choices import grouped, swedish_key

pytestmark = pytest.mark.django_db


def test_the_swedish_alphabet_ends_with_a_ring_a_umlaut_o_umlaut():
    words = ["Örebro", "Ängelholm", "Åre", "Zinkgruvan", "Eskilstuna", "Écija", "Arboga"]
    assert sorted(words, key=swedish_key) == [
        "Arboga",
        "Écija",
        "Eskilstuna",
        "Zinkgruvan",
        "Åre",
        "Ängelholm",
        "Örebro",
    ]


def test_organisations_are_offered_under_their_kind_in_swedish_order():
    for name, kind in [
        ("Vinnova", "agency"),
        ("Region Örebro län", "region"),
        ("Reglab", "other"),
        ("Boverket", "agency"),
        ("Region Östergötland", "region"),
        ("Region Skåne", "region"),
    ]:
        Organisation.objects.create(name=name, kind=kind)
    plain = forms.ModelChoiceField(Organisation.objects.all(), required=False)

    field = grouped(plain, lambda organisation: organisation.group, empty_label="Välj …")

    choices = list(field.choices)
    assert [heading for heading, _ in choices] == [
        "",
        "Regioner",
        "Myndigheter",
        "Andra organisationer",
    ]
    labels = [[label for _, label in members] for _, members in choices[1:]]
    assert labels == [
        ["Region Skåne", "Region Örebro län", "Region Östergötland"],
        ["Boverket", "Vinnova"],
        ["Reglab"],
    ]
    reglab = Organisation.objects.get(name="Reglab")
    assert field.clean(str(reglab.pk)) == reglab
