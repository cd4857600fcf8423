"""The take-home brief: a one-page summary of a workshop for a participant or for their whole
organisation, to share at home ("förankra"): the program, what the room produced (the
top-voted notes, the themes, the synergies and conflicts found), the organisation's own
contributions and commitments, and what the person (or their colleagues) will bring home.

The brief goes to participants, so it shows only what the room was shown: votes of the
activities whose results were revealed, accepted themes, synergy-map cells that at least three
people scored, and no authors of an activity that hid them. ``gather`` takes the same number
of queries however many notes, votes and people there are."""

import re
from dataclasses import dataclass

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.core.numbers import format_signed
from larlabb.labs.models import ProgramItem, Workshop
from larlabb.live import rules as live_rules
from larlabb.live.models import Activity, Note, Theme, Vote
from larlabb.outcomes.models import Collaboration, Reflection
from larlabb.synergies import queries as synergy_queries
from larlabb.synergies.models import Goal, MappingSession

# What fits on one page.
PROGRAM_ITEMS = 10
TOP_NOTES = 5
THEMES = 8
LINKS = 3
CONTRIBUTIONS = 5
CASES = 3
COMMITMENTS = 4
REFLECTIONS = 2
MIN_SCORERS = 3  # as the synergy map shows cells to participants

# The activities where participants write the notes (and the dots are on what they wrote).
WRITTEN = (Activity.Kind.BOARD, Activity.Kind.PERSPECTIVES, Activity.Kind.CASE_DIALOGUE)
PAUSES = (ProgramItem.Kind.BREAK, ProgramItem.Kind.LUNCH)


# How long a note or a goal's title may be on the page before it is shortened.
NOTE_LENGTH = 160
GOAL_LENGTH = 60


def shorten(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters at a word boundary, with "…" where it was
    cut ("… digital kommunikation …", never "kommunikation oc…")."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut and not text[length - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"


def goal_name(goal: Goal) -> str:
    """A goal as a Swede reads it: "Globalt mål 9: Hållbar industri …", "A4: Tillgänglighet …"
    (the SDGs' code "SDG 9" written out, the title shortened at a word boundary)."""
    code = goal.code
    if number := re.fullmatch(r"SDG\s*(\d+)", code.strip(), flags=re.IGNORECASE):
        code = _("Global goal %(number)s") % {"number": number[1]}
    return f"{code}: {shorten(goal.display_title, GOAL_LENGTH)}"


@dataclass
class TopNote:
    text: str
    activity: str
    total: int

    @property
    def short(self) -> str:
        return shorten(self.text, NOTE_LENGTH)


@dataclass
class Contribution:
    text: str
    activity: str

    @property
    def short(self) -> str:
        return shorten(self.text, NOTE_LENGTH)


@dataclass
class Found:
    """A synergy or goal conflict of one of the workshop's synergy maps."""

    map: str
    link: synergy_queries.Link

    @property
    def source(self) -> str:
        return goal_name(self.link.row)

    @property
    def target(self) -> str:
        return goal_name(self.link.column)

    @property
    def score(self) -> str:
        """The median on the scale: "+3", "−2,5" / "−2.5"."""
        return format_signed(self.link.median)


def _text(note: Note) -> str:
    return f"{note.title}: {note.text}" if note.title and note.text else note.title or note.text


def top_notes(workshop: Workshop, count: int = TOP_NOTES) -> list[TopNote]:
    """The notes with the most dots over the workshop's boards whose results were shown (the
    dots of a merged note counted on the note it was merged into). Three queries."""
    activities = Q(
        activity__room__workshop=workshop, activity__kind__in=WRITTEN, activity__revealed=True
    )
    sums = Vote.objects.filter(activities).values("note").annotate(total=Sum("value"))
    merged = dict(
        Note.objects.filter(activities, merged_into__isnull=False).values_list("pk", "merged_into")
    )
    totals = live_rules.totals(((row["note"], row["total"]) for row in sums), merged)
    ranked = sorted(totals, key=lambda pk: (-totals[pk], pk))[: count * 4]
    notes = {
        note.pk: note
        for note in Note.objects.filter(
            pk__in=ranked, hidden=False, merged_into=None
        ).select_related("activity")
    }
    return [
        TopNote(_text(notes[pk]), notes[pk].activity.title, totals[pk])
        for pk in ranked
        if pk in notes
    ][:count]


def found_links(workshop: Workshop) -> tuple[list[Found], list[Found]]:
    """The strongest synergies and goal conflicts over the workshop's synergy maps. Four
    queries a map."""
    synergies: list[Found] = []
    conflicts: list[Found] = []
    for session in MappingSession.objects.filter(workshop=workshop).order_by("created_at", "pk"):
        results = synergy_queries.results(session, min_count=MIN_SCORERS)
        synergies += [Found(session.title, link) for link in results.synergies[:LINKS]]
        conflicts += [Found(session.title, link) for link in results.conflicts[:LINKS]]
    synergies.sort(key=lambda found: (-found.link.median, -found.link.count))
    conflicts.sort(key=lambda found: (found.link.median, -found.link.count))
    return synergies[:LINKS], conflicts[:LINKS]


def contributions_of(
    workshop: Workshop, organisation: Organisation, person: User | None
) -> tuple[list[Contribution], list[Contribution], int]:
    """The organisation's notes and the cases it brought, and how many notes are left out.
    Notes of an activity that hid its authors count only in the brief of the person who wrote
    them: colleagues do not learn from the brief who wrote what the room saw anonymously."""
    shown = Q(activity__hide_authors=False)
    if person is not None:
        shown |= Q(author__user=person)
    notes = list(
        Note.objects.filter(activity__room__workshop=workshop, organisation=organisation)
        .filter(shown, hidden=False)
        .exclude(activity__status=Activity.Status.DRAFT)
        .select_related("activity")
        .order_by("activity__program_item__starts", "activity__position", "position", "pk")
    )
    cases: list[Contribution] = []
    others: list[Contribution] = []
    for note in notes:
        is_case = note.activity.kind == Activity.Kind.CASE_DIALOGUE and note.case_id is None
        (cases if is_case else others).append(Contribution(_text(note), note.activity.title))
    return others[:CONTRIBUTIONS], cases[:CASES], max(len(others) - CONTRIBUTIONS, 0)


def gather(workshop: Workshop, *, organisation: Organisation, person: User | None = None) -> dict:
    """The brief of ``person`` (with their own reflection, shared or not) or, without a
    person, of the whole ``organisation`` (with the reflections its people shared)."""
    lab = workshop.lab
    program = [
        item for item in workshop.program.order_by("starts", "pk") if item.kind not in PAUSES
    ]
    synergies, conflicts = found_links(workshop)
    contributions, cases, more = contributions_of(workshop, organisation, person)
    if person is not None:
        own = Reflection.objects.filter(workshop=workshop, person=person).first()
        reflections = []
    else:
        own = None
        reflections = list(
            Reflection.objects.filter(workshop=workshop, organisation=organisation, shared=True)
            .exclude(bring_home="", next_steps="")
            .select_related("person")
            .order_by("created_at", "pk")[:REFLECTIONS]
        )
    commitments = list(
        Collaboration.objects.filter(lab=lab, organisations=organisation)
        .exclude(status=Collaboration.Status.ENDED)
        .order_by(F("next_meeting").asc(nulls_last=True), "-created_at", "-pk")[:COMMITMENTS]
    )
    return {
        "lab": lab,
        "hosts": list(lab.hosts.all()),
        "workshop": workshop,
        "organisation": organisation,
        "person": person,
        "program": program[:PROGRAM_ITEMS],
        "top_notes": top_notes(workshop),
        "themes": list(
            Theme.objects.filter(activity__room__workshop=workshop, status=Theme.Status.ACCEPTED)
            .order_by("activity__program_item__starts", "activity__position", "position", "pk")
            .values_list("label", flat=True)[:THEMES]
        ),
        "synergies": synergies,
        "conflicts": conflicts,
        "contributions": contributions,
        "more_contributions": more,
        "cases": cases,
        "commitments": commitments,
        "own_reflection": own,
        "reflections": reflections,
    }
