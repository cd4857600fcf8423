"""do_import_organisations: a checked file creates or updates organisations and adds
memberships; a file with any bad line, also against the database, imports nothing."""

import pytest
from django.utils import translation

from larlabb.actors.actions import ActorError, accepted_kinds, do_import_organisations
from larlabb.actors.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_import_accepts_a_kind_by_its_code_or_its_label_in_either_language():
    kinds = accepted_kinds()

    assert kinds["agency"] == "agency"
    assert kinds["national agency"] == "agency"
    assert kinds["nationell myndighet"] == "agency"
    assert kinds["ungdomsorganisation"] == "youth"


def test_an_import_creates_organisations_and_their_memberships(olle_organiser, rus_network):
    rows = [
        {"name": "Region Halland", "kind": "Region", "county_code": "13", "networks": ""},
        {"name": "Region Kalmar län", "kind": "region", "county_code": "8", "networks": ""},
    ]
    rows[1]["networks"] = "RUS-nätverket"

    checked = do_import_organisations(actor=olle_organiser, rows=rows)

    assert checked.ok
    kalmar = Organisation.objects.get(name="Region Kalmar län")
    assert kalmar.county_code == "08"
    assert list(kalmar.networks.all()) == [rus_network]
    assert Organisation.objects.get(name="Region Halland").networks.count() == 0


def test_an_import_by_a_participant_is_refused(sanna_participant, rus_network):
    with pytest.raises(ActorError):
        do_import_organisations(
            actor=sanna_participant, rows=[{"name": "Region Halland", "kind": "region"}]
        )

    assert not Organisation.objects.filter(name="Region Halland").exists()


def test_a_county_code_held_by_another_organisation_is_reported_per_line_and_nothing_is_imported(
    olle_organiser, region_skane, rus_network
):
    rows = [
        {"name": "Region Halland", "kind": "region", "county_code": "13"},
        {"name": "Region Skåne-Blekinge", "kind": "region", "county_code": "12"},
        {"name": "Region Blekinge", "kind": "region", "county_code": "10"},
    ]

    checked = do_import_organisations(actor=olle_organiser, rows=rows)

    assert checked.errors == ["Line 3: the county code 12 belongs to Region Skåne."]
    assert checked.records == []
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Reglab", "Region Skåne"}


def test_an_organisation_may_keep_its_own_county_code(olle_organiser, region_skane):
    rows = [{"name": "Region Skåne", "kind": "region", "county_code": "12", "abbreviation": "RS"}]

    checked = do_import_organisations(actor=olle_organiser, rows=rows)

    assert checked.ok
    region_skane.refresh_from_db()
    assert region_skane.abbreviation == "RS"
    assert region_skane.county_code == "12"


def test_two_lines_with_one_county_code_are_reported_and_nothing_is_imported(olle_organiser):
    rows = [
        {"name": "Region Halland", "kind": "region", "county_code": "13"},
        {"name": "Region Halland Nord", "kind": "region", "county_code": "13"},
    ]

    checked = do_import_organisations(actor=olle_organiser, rows=rows)

    assert checked.errors == ["Line 3: the county code 13 is also on line 2."]
    assert not Organisation.objects.filter(county_code="13").exists()


def test_reimporting_a_file_updates_the_organisations_and_duplicates_nothing(
    olle_organiser, rus_network
):
    rows = [{"name": "Region Halland", "kind": "region", "networks": "RUS-nätverket"}]
    do_import_organisations(actor=olle_organiser, rows=rows)

    rows[0]["website"] = "https://www.regionhalland.se"
    checked = do_import_organisations(actor=olle_organiser, rows=rows)

    assert checked.ok
    halland = Organisation.objects.get(name="Region Halland")
    assert halland.website == "https://www.regionhalland.se"
    assert Membership.objects.filter(organisation=halland).count() == 1
