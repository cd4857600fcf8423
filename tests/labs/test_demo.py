import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from larlabb.accounts.models import User
from larlabb.actors.models import Membership, Network, Organisation
from larlabb.labs import demo as demo_module
from larlabb.labs.demo import demo_dates
from larlabb.labs.models import Lab, ProgramItem, Workshop
from larlabb.synergies.models import Goal

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "networks": Network.objects.count(),
        "memberships": Membership.objects.count(),
        "users": User.objects.count(),
        "labs": Lab.objects.count(),
        "workshops": Workshop.objects.count(),
        "program": ProgramItem.objects.count(),
        "goals": Goal.objects.count(),
    }


def test_load_demo_loads_the_reference_data_and_the_seed_lab(demo):
    assert Organisation.objects.filter(kind=Organisation.Kind.REGION).count() == 21
    assert Organisation.objects.filter(abbreviation="Tillväxtverket").exists()
    rus = Network.objects.get(name="RUS-nätverket")
    assert rus.owner.name == "Reglab"
    assert rus.members.count() == 21
    assert Network.objects.get(name="Myndighetsnätverket").owner.short_name == "Tillväxtverket"
    assert Goal.objects.filter(catalogue__key="sdgs").count() == 17
    assert Goal.objects.filter(catalogue__key="strategy-areas").count() == 4
    assert {host.short_name for host in demo.hosts.all()} == {"Reglab", "Tillväxtverket"}
    assert demo.per_organisation_limit == 2
    assert demo.expected_results.count() == 4
    assert demo.workshops.count() == 2


def test_load_demo_twice_changes_nothing(demo):
    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


def test_load_reference_data_again_updates_without_duplicating(demo):
    region = Organisation.objects.get(county_code="12")
    region.name = "Region Skåne (gammalt namn)"
    region.save()
    before = counts()

    call_command("load_reference_data", stdout=io.StringIO())

    assert counts() == before
    region.refresh_from_db()
    assert region.name == "Region Skåne"


def test_the_demo_workshops_keep_the_seeds_weekdays_times_and_distances(demo):
    first, second = demo.workshops.order_by("number")
    assert first.starts_at.astimezone(datetime.UTC) > datetime.datetime.now(datetime.UTC)
    local = [w.starts_at.astimezone(first.starts_at.tzinfo) for w in (first, second)]
    assert [d.weekday() for d in local] == [2, 2]  # Wednesdays
    assert (second.starts_at - first.starts_at).days == 77  # 8 June → 24 August
    assert (first.starts_at.date() - demo.registration_deadline).days == 14  # 25 May → 8 June


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 11, 23), datetime.date(2027, 2, 28), datetime.date(2028, 12, 31)],
)
def test_demo_dates_are_wednesdays_with_the_deadline_at_least_two_weeks_ahead(today):
    deadline, first, second = demo_dates(today)
    assert deadline.weekday() == first.weekday() == second.weekday() == 2
    assert deadline - today >= datetime.timedelta(days=14)
    assert (first - deadline).days == 14
    assert (second - first).days == 77


def test_the_demo_lab_page_shows_the_seeds_facts(client, demo):
    page = client.get(demo.get_absolute_url()).content.decode()
    for fact in [
        "Lärlabb: Hållbar utveckling",
        "Hur genomför vi tillsammans målen om hållbar regional utveckling i hela landet?",
        "Reglab och Tillväxtverket bjuder in regioner och nationella myndigheter",
        "Regional utveckling – hur får vi perspektiven att mötas?",
        "Framsyn: Regional utveckling 2030",
        "Så genomför vi strategin – dialog om konkreta case",
        "Inbjudan som PDF",
        "Program för dagen",
        "kl. 9.30–16.30",
        "Workshop 2:",
        "Vi planerar för fysiska möten i Stockholm.",
        "på grund av pandemirestriktionerna",
        "Har du redan anmält dig behöver du inte göra det igen.",
        "Ökad gemensam kapacitet att genomföra målen i den nationella strategin.",
        "Stärkta relationer mellan myndigheter och regioner.",
        "Varje organisation är välkommen att delta med 1–2 personer.",
        "Deltagarna står själva för resor och logi.",
        "Workshoparna leds av Catarina Lahti, Reglab, och Sara Tunheden, processledare.",
        "Sista anmälningsdag är den",
        "ta kontakt med Anna Ebenmark, Tillväxtverket, eller Catarina Lahti, Reglab.",
        "Välkommen!",
    ]:
        assert fact in page, fact


SEED = Path(demo_module.__file__).resolve().parents[1] / "data" / "seeds"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        *demo_module.WELCOME.split("\n\n"),
        demo_module.PURPOSE,
        demo_module.INVITATION_TEXT,
        demo_module.EXPECTED_KNOWLEDGE,
        demo_module.HOW,
        *demo_module.EXPECTED_RESULTS,
        *(row.title for row in demo_module.PROGRAM if row.highlight),
    ],
)
def test_the_demo_quotes_the_seed_invitation_that_ships_with_it(text):
    invitation = (SEED / "inbjudan-larlabb-hallbar-utveckling.txt").read_text(encoding="utf-8")

    assert words(text) in words(invitation)
