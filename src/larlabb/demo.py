"""The demo, put together from each app's part: the lab of the seed invitation ("Lärlabb:
Hållbar utveckling") with its workshops, people and registrations, a synergy map, challenge-driven
work, a live room and learning. ``manage.py load_demo`` loads it; loading it twice changes
nothing the second time."""

import datetime

from django.db import transaction

from larlabb.accounts.models import User
from larlabb.labs.demo import DEMO_PASSWORD, PEOPLE, load_demo_lab
from larlabb.labs.models import Lab
from larlabb.live.demo import load_demo_room
from larlabb.missions.demo import load_demo_work
from larlabb.outcomes.demo import load_demo_outcomes
from larlabb.registrations.demo import register_demo_participants
from larlabb.synergies.demo import load_demo_map

__all__ = ["DEMO_PASSWORD", "PEOPLE", "load_demo"]

ORGANISER = "organisator@example.org"


@transaction.atomic
def load_demo(today: datetime.date) -> tuple[Lab, bool]:
    """Load the demo lab (the reference data must be loaded first). Returns the lab and whether
    it was created now."""
    lab, people, created = load_demo_lab(today)
    if not created:
        return lab, False
    participants = [people[p.email] for p in PEOPLE if p.role == User.Role.PARTICIPANT]
    organiser = people[ORGANISER]
    register_demo_participants(lab, participants)
    load_demo_map(lab, organiser, participants)
    load_demo_work(lab, organiser, participants, today)
    load_demo_room(lab, organiser, participants)
    load_demo_outcomes(lab, organiser, participants)
    return lab, True
