"""The labs' part of the demo (:mod:`larlabb.demo` puts the whole together): the lab of the
seed invitation ("Lärlabb: Hållbar utveckling", ``larlabb/data/seeds``), with its two workshops
moved into the future (same weekdays, times and distances), its program, leaders and contacts,
and demo accounts. Loading it twice changes nothing the second time."""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from larlabb.accounts.models import User
from larlabb.actors.models import Network, Organisation
from larlabb.labs.models import (
    ExpectedResult,
    Lab,
    ProgramItem,
    Workshop,
    WorkshopChange,
    stockholm,
)

DEMO_SLUG = "hallbar-utveckling"
DEMO_PASSWORD = "larlabb-demo"  # noqa: S105 - printed for the demo on purpose

# The seed: deadline Wednesday 25 May, workshop 1 Wednesday 8 June, workshop 2 Wednesday
# 24 August: 14 days from deadline to the first, 77 days between the two.
DAYS_DEADLINE_TO_FIRST = 14
DAYS_BETWEEN_WORKSHOPS = 77
WEDNESDAY = 2

WELCOME = (
    "Välkommen till RUS-nätverkets labb för att fördjupa arbetet med den nationella strategin "
    "för hållbar regional utveckling. Reglab och Tillväxtverket bjuder in regioner och "
    "nationella myndigheter till två workshopar där vi utforskar hur vi ska jobba tillsammans "
    "för att genomföra den nya strategin.\n\n"
    "Vi har en ny Nationell strategi för hållbar regional utveckling där regioner och "
    "nationella myndigheter är nyckelaktörer i genomförandet. Därför vill Reglab och "
    "Tillväxtverket bjuda in till ett gemensamt lärlabb för att stärka samarbetet för en "
    "hållbar utveckling i hela landet."
)
PURPOSE = (
    "Syftet med workshoparna är att lära känna varandra – att förstå regioners och myndigheters "
    "olika förutsättningar – men också att identifiera möjligheter och hinder, och framför "
    "allt: lägga grunden för fortsatta samarbeten."
)
EXPECTED_RESULTS = [
    "Ökad gemensam kapacitet att genomföra målen i den nationella strategin.",
    "Stärkta relationer mellan myndigheter och regioner.",
    "Gemensam identifiering av strategiska intresseområde och synergier, utmaningar och "
    "målkonflikter.",
    "Skapa en grund för fortsatt samarbete kopplat till konkreta utmaningar – inklusive behov "
    "av samordning, mötesplatser och gemensamma forum.",
]
INVITATION_TEXT = (
    "Inbjudna är Reglabs RUS-nätverk, dvs samordnare för arbetet med de regionala "
    "utvecklingsstrategierna, liksom Tillväxtverkets Myndighetsnätverk, dvs representanter för "
    "myndigheter som berörs av det regionala utvecklingsuppdraget."
)
EXPECTED_KNOWLEDGE = (
    "Deltagarna förväntas ha kunskap om det regionala utvecklingsuppdraget och/eller en "
    "överblick över det regionala utvecklingsarbetet."
)
HOW = (
    "Lärlabbet syftar till gemensamt lärande, erfarenhetsutbyte och inspiration. Deltagarna "
    "förväntas avsätta tid för de gemensamma träffarna, förberedelser och hemarbete. "
    "Deltagarna ansvarar att förankra deltagandet, och dela kunskaper och erfarenheter, inom "
    "den egna organisationen."
)
MOVE_REASON = "på grund av pandemirestriktionerna"


@dataclass(frozen=True)
class ProgramRow:
    starts: str
    ends: str
    title: str
    kind: str
    highlight: bool = False


PROGRAM = [
    ProgramRow("09:30", "10:00", "Välkommen och inledning", ProgramItem.Kind.TALK),
    ProgramRow(
        "10:00",
        "11:45",
        "Regional utveckling – hur får vi perspektiven att mötas?",
        ProgramItem.Kind.DIALOGUE,
        highlight=True,
    ),
    ProgramRow("11:45", "12:45", "Lunch", ProgramItem.Kind.LUNCH),
    ProgramRow(
        "12:45", "14:15", "Framsyn: Regional utveckling 2030", ProgramItem.Kind.FORESIGHT, True
    ),
    ProgramRow("14:15", "14:30", "Fika", ProgramItem.Kind.BREAK),
    ProgramRow(
        "14:30",
        "16:00",
        "Så genomför vi strategin – dialog om konkreta case",
        ProgramItem.Kind.CASE_DIALOGUE,
        highlight=True,
    ),
    ProgramRow("16:00", "16:30", "Summering och nästa steg", ProgramItem.Kind.TALK),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    organisation: str  # name or abbreviation
    title: str
    role: str
    password: bool = False


PEOPLE = [
    DemoPerson(
        "organisator@example.org",
        "Olle Organisatör",
        "Reglab",
        "Verksamhetsledare",
        User.Role.ORGANISER,
        password=True,
    ),
    DemoPerson(
        "facilitator@example.org",
        "Fia Facilitator",
        "Tillväxtverket",
        "Processledare",
        User.Role.FACILITATOR,
        password=True,
    ),
    DemoPerson("catarina.lahti@example.org", "Catarina Lahti", "Reglab", "", User.Role.ORGANISER),
    DemoPerson(
        "sara.tunheden@example.org", "Sara Tunheden", "", "processledare", User.Role.FACILITATOR
    ),
    DemoPerson(
        "anna.ebenmark@example.org", "Anna Ebenmark", "Tillväxtverket", "", User.Role.ORGANISER
    ),
    DemoPerson(
        "skane@example.org",
        "Sanna Skåning",
        "Region Skåne",
        "RUS-samordnare",
        User.Role.PARTICIPANT,
    ),
    DemoPerson(
        "norrbotten@example.org",
        "Nils Nordin",
        "Region Norrbotten",
        "RUS-samordnare",
        User.Role.PARTICIPANT,
    ),
    DemoPerson("boverket@example.org", "Bo Byggare", "Boverket", "Utredare", User.Role.PARTICIPANT),
    DemoPerson(
        "trafikverket@example.org", "Tove Trafik", "TRV", "Samhällsplanerare", User.Role.PARTICIPANT
    ),
]


def demo_dates(today: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date]:
    """Deadline and the two workshop days: Wednesdays, in the seed's distances, with the
    deadline at least two weeks ahead so registration can be tried."""
    first = today + datetime.timedelta(days=DAYS_DEADLINE_TO_FIRST + 14)
    first += datetime.timedelta(days=(WEDNESDAY - first.weekday()) % 7)
    deadline = first - datetime.timedelta(days=DAYS_DEADLINE_TO_FIRST)
    second = first + datetime.timedelta(days=DAYS_BETWEEN_WORKSHOPS)
    return deadline, first, second


def _at(day: datetime.date, clock: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=stockholm())


def _organisation(key: str) -> Organisation:
    return Organisation.objects.filter(abbreviation=key).first() or Organisation.objects.get(
        name=key
    )


def _people() -> dict[str, User]:
    users = {}
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                person.email,
                password=DEMO_PASSWORD if person.password else None,
                name=person.name,
                organisation=_organisation(person.organisation) if person.organisation else None,
                # the demo's people are placed by the organisers who made the demo
                organisation_verified=bool(person.organisation),
                title=person.title,
                role=person.role,
            )
            EmailAddress.objects.filter(user=user, email=user.email).update(verified=True)
        users[person.email] = user
    return users


@transaction.atomic
def load_demo_lab(today: datetime.date) -> tuple[Lab, dict[str, User], bool]:
    """Load the demo lab and its people (reference data must be loaded first). Returns the
    lab, the people by email address and whether the lab was created now."""
    people = _people()
    existing = Lab.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, people, False
    lab = Lab.objects.create(
        title="Lärlabb: Hållbar utveckling",
        slug=DEMO_SLUG,
        question="Hur genomför vi tillsammans målen om hållbar regional utveckling i hela landet?",
        welcome=WELCOME,
        purpose=PURPOSE,
        invitation_text=INVITATION_TEXT,
        expected_knowledge=EXPECTED_KNOWLEDGE,
        per_organisation_limit=2,
        how=HOW,
        travel_at_own_cost=True,
        is_published=True,
    )
    deadline, first, second = demo_dates(today)
    lab.registration_deadline = deadline
    lab.save(update_fields=["registration_deadline"])
    lab.hosts.set([_organisation("Reglab"), _organisation("Tillväxtverket")])
    lab.invited_networks.set(
        Network.objects.filter(name__in=["RUS-nätverket", "Myndighetsnätverket"])
    )
    lab.organisers.set(
        [
            people[e]
            for e in [
                "organisator@example.org",
                "catarina.lahti@example.org",
                "anna.ebenmark@example.org",
            ]
        ]
    )
    lab.leaders.set([people["catarina.lahti@example.org"], people["sara.tunheden@example.org"]])
    lab.contacts.set([people["anna.ebenmark@example.org"], people["catarina.lahti@example.org"]])
    for position, text in enumerate(EXPECTED_RESULTS):
        ExpectedResult.objects.create(lab=lab, position=position, text=text)
    leaders = [people["catarina.lahti@example.org"], people["sara.tunheden@example.org"]]
    for number, day in enumerate([first, second], start=1):
        _workshop(lab, number, day, leaders)
    return lab, people, True


def _workshop(lab: Lab, number: int, day: datetime.date, leaders: list[User]) -> Workshop:
    workshop = Workshop.objects.create(
        lab=lab,
        number=number,
        title=f"Workshop {number}",
        starts_at=_at(day, "09:30"),
        ends_at=_at(day, "16:30"),
        city="Stockholm",
        format=Workshop.Format.PHYSICAL,
        status=Workshop.Status.MOVED,
        sequence=1,
    )
    earlier = day - datetime.timedelta(weeks=8)
    WorkshopChange.objects.create(
        workshop=workshop,
        kind=WorkshopChange.Kind.MOVED,
        reason=MOVE_REASON,
        old_starts_at=_at(earlier, "09:30"),
        old_ends_at=_at(earlier, "16:30"),
        old_place="Stockholm",
        old_format=Workshop.Format.PHYSICAL,
        new_starts_at=workshop.starts_at,
        new_ends_at=workshop.ends_at,
        new_place=workshop.place,
        new_format=workshop.format,
    )
    for row in PROGRAM:
        item = ProgramItem.objects.create(
            workshop=workshop,
            starts=datetime.time.fromisoformat(row.starts),
            ends=datetime.time.fromisoformat(row.ends),
            title=row.title,
            kind=row.kind,
            is_highlight=row.highlight,
        )
        if row.kind not in {ProgramItem.Kind.LUNCH, ProgramItem.Kind.BREAK}:
            item.leaders.set(leaders)
    return workshop
