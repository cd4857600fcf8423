"""The demo's synergy map: the strategy's four areas and four SDGs, scored by the demo lab's
participants. Their scores are generated (seeded, so every demo is the same) to show what a
filled-in map looks like; they are not anyone's judgement."""

import numpy as np

from larlabb.accounts.models import User
from larlabb.labs.models import Lab
from larlabb.synergies.actions import do_create_session
from larlabb.synergies.models import Goal, MappingSession, Score

TITLE = "Strategins områden och de globala målen (exempel)"
SDGS = ["SDG 8", "SDG 9", "SDG 11", "SDG 13"]


def load_demo_map(lab: Lab, organiser: User, scorers: list[User]) -> MappingSession:
    areas = list(Goal.objects.filter(catalogue__key="strategy-areas").order_by("position"))
    sdgs = sorted(
        Goal.objects.filter(catalogue__key="sdgs", code__in=SDGS), key=lambda g: SDGS.index(g.code)
    )
    session = do_create_session(
        actor=organiser,
        lab=lab,
        title=TITLE,
        goals=areas + sdgs,
        workshop=lab.workshops.order_by("number").first(),
    )
    goals = areas + sdgs
    rng = np.random.default_rng(2030)
    # A shared view of each pair, mostly reinforcing, with a few conflicts; each scorer
    # departs from it by at most one step.
    shared = rng.choice([-2, -1, 0, 1, 1, 2, 2, 3], size=(len(goals), len(goals)))
    Score.objects.bulk_create(
        Score(
            session=session,
            scorer=person,
            row=row,
            column=column,
            value=int(np.clip(shared[i, j] + rng.integers(-1, 2), -3, 3)),
        )
        for person in scorers
        for i, row in enumerate(goals)
        for j, column in enumerate(goals)
        if i != j
    )
    return session
