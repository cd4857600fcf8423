"""The demo's learning and outcomes, from the seed invitation's "förberedelser och
hemuppgifter" and its four expected results: a preparation assignment before the first
workshop, the before/after survey (the first round open now, with the demo participants'
answers), and a follow-up collaboration on the demo's challenge."""

import datetime

from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.labs.models import Lab
from larlabb.missions.models import Challenge
from larlabb.outcomes import actions
from larlabb.outcomes.models import Assignment, Statement
from larlabb.registrations.queries import eligible_organisations


def load_demo_outcomes(lab: Lab, organiser: User, participants: list[User]) -> None:
    now = timezone.now()
    first = lab.workshops.order_by("number").first()
    last = lab.workshops.order_by("number").last()
    if first is None or last is None:
        return
    actions.do_create_assignment(
        actor=organiser,
        lab=lab,
        details=actions.AssignmentDetails(
            kind=Assignment.Kind.PREPARATION,
            workshop=first,
            title="Förberedelse: er organisations uppdrag i strategin",
            instructions=(
                "Läs den nationella strategin för hållbar regional utveckling och beskriv kort "
                "(en halv sida) vilka av strategins prioriteringar er organisation arbetar med, "
                "och var ni ser behov av samverkan med andra. Bifoga gärna en bild eller ett "
                "dokument som visar ert arbete."
            ),
            due_at=max(
                first.starts_at - datetime.timedelta(days=2), now + datetime.timedelta(days=1)
            ),
        ),
    )
    before_closes = max(first.starts_at, now + datetime.timedelta(days=7))
    after_opens = max(last.ends_at, before_closes)
    before, _after = actions.do_set_up_survey(
        actor=organiser,
        lab=lab,
        before=(now - datetime.timedelta(days=1), before_closes),
        after=(after_opens, after_opens + datetime.timedelta(days=30)),
    )
    statements = list(Statement.objects.filter(lab=lab))
    partners = list(eligible_organisations(lab)[:6])
    for index, person in enumerate(participants):
        others = [o for o in partners if o.pk != person.organisation_id]
        actions.do_answer_survey(
            actor=person,
            survey=before,
            values={s.pk: 2 + (index + n) % 3 for n, s in enumerate(statements)},
            ties={o.pk: 1 + (index + n) % 3 for n, o in enumerate(others[: 2 + index % 2])},
            open_answers=index % 2 == 0,
        )
    organisations = [p.organisation for p in participants if p.organisation][:3]
    if len({o.pk for o in organisations}) >= 2 and participants:
        actions.do_create_collaboration(
            actor=participants[0],
            lab=lab,
            details=actions.CollaborationDetails(
                title="Nätverk för kompetensförsörjning (exempel)",
                challenge=Challenge.objects.filter(lab=lab).first(),
                challenge_text="Kompetensförsörjning i hela landet",
                description="Regioner och myndigheter delar analyser och planerar insatser ihop.",
                organisations=organisations,
                needs=("coordination", "forum"),
                contact=participants[0],
                status="started",
                workshop=first,
            ),
        )
