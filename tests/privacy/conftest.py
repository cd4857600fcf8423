"""A participant's footprint in Lärlabb: something of every kind of data the export, the
deletion and the retention deal with."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.core.models import OutgoingEmail
from larlabb.live import actions as live
from larlabb.live.models import Activity, Note, Participant, Vote
from larlabb.outcomes.models import (
    Answer,
    Assignment,
    ExpectedResult,
    Reflection,
    Response,
    Statement,
    Submission,
    Survey,
)
from larlabb.registrations.models import Registration
from larlabb.synergies.actions import do_create_session
from larlabb.synergies.models import Catalogue, Goal, Score
from tests.factories import RegistrationFactory
from tests.live.cast import make_activity


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """Submitted files go to a folder of the test's own."""
    settings.PRIVATE_ROOT = tmp_path / "private"


@dataclass
class Footprint:
    person: User
    registration: Registration
    participant: Participant
    board: Activity
    note: Note
    vote: Vote
    score: Score
    reflection: Reflection
    submission: Submission
    response: Response
    email: OutgoingEmail


@pytest.fixture
def footprint(lab, workshop, dialogue_item, olle_organiser, sanna_participant, region_skane):
    """Sanna of Region Skåne, registered with a dietary need, who wrote a note and voted in the
    workshop room, scored a synergy map, answered the survey, reflected, handed in a file and
    was sent an email."""
    sanna = sanna_participant
    registration = RegistrationFactory(
        lab=lab,
        person=sanna,
        organisation=region_skane,
        status=Registration.Status.CONFIRMED,
        dietary_needs="glutenfritt",
        title="RUS-samordnare",
    )
    room = live.get_or_create_room(workshop)
    participant = live.do_join(user=sanna, room=room)
    board = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.BOARD, columns=["Möjligheter", "Hinder"]
    )
    note = live.do_add_note(
        participant=participant,
        activity=board,
        text="Gemensamma mötesplatser",
        column=board.columns.first(),
    )
    vote = Vote.objects.create(activity=board, note=note, participant=participant, value=2)
    catalogue = Catalogue.objects.create(key="privacy-test", name="Mål")
    goals = [
        Goal.objects.create(catalogue=catalogue, code=f"M{n}", title=f"Mål {n}", position=n)
        for n in range(1, 6)
    ]
    session = do_create_session(actor=olle_organiser, lab=lab, title="Kartan", goals=goals)
    score = Score.objects.create(
        session=session, scorer=sanna, row=goals[0], column=goals[1], value=2, comment="Tydligt"
    )
    reflection = Reflection.objects.create(
        workshop=workshop,
        person=sanna,
        organisation=region_skane,
        learned="Jag lärde mig om målkonflikter",
    )
    now = timezone.now()
    assignment = Assignment.objects.create(
        lab=lab,
        title="Läs strategin",
        instructions="Läs kapitel 3.",
        due_at=now + datetime.timedelta(days=3),
        created_by=olle_organiser,
    )
    submission = Submission(
        assignment=assignment,
        person=sanna,
        organisation=region_skane,
        text="Min inlämning",
        file_name="Rapport.pdf",
        file_kind=Submission.FileKind.PDF,
        file_size=9,
    )
    submission.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    submission.save()
    survey = Survey.objects.create(
        lab=lab,
        phase=Survey.Phase.BEFORE,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=9),
    )
    statement = Statement.objects.create(
        lab=lab, result=ExpectedResult.CAPACITY, text="Vi har kapacitet"
    )
    response = Response.objects.create(
        survey=survey, person=sanna, organisation=region_skane, comment="En privat kommentar"
    )
    Answer.objects.create(response=response, statement=statement, value=4)
    email = OutgoingEmail.objects.create(
        key="privacy-test:welcome",
        to=sanna.email,
        subject="Välkommen till labbet",
        body="Hej Sanna!",
        sent_at=now,
    )
    return Footprint(
        person=sanna,
        registration=registration,
        participant=participant,
        board=board,
        note=note,
        vote=vote,
        score=score,
        reflection=reflection,
        submission=submission,
        response=response,
        email=email,
    )
