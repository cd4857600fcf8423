"""The demo's challenge-driven work, drawn from the seed "Utmaningsdrivna arbetssätt": one
challenge assessed and voted on, a mission with an indicator, an experiment with two turns of
its learning loop, an assessment of the prerequisites, the dialogues and the next steps the
seed lists. The figures are invented to show what a filled-in lab looks like; the page titles
say "exempel"."""

import datetime
from decimal import Decimal

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.labs.models import Lab
from larlabb.missions import actions
from larlabb.missions.models import Dialogue, Initiative, LearningEntry
from larlabb.synergies.models import Goal


def load_demo_work(lab: Lab, organiser: User, participants: list[User], today: datetime.date):
    organisations = {p.organisation for p in participants if p.organisation}
    challenge = actions.do_propose_challenge(
        actor=organiser,
        lab=lab,
        details=actions.ChallengeDetails(
            title="Kompetensförsörjning i hela landet (exempel)",
            description=(
                "Arbetsgivare i många regioner har svårt att rekrytera, samtidigt som unga "
                "flyttar och omställningen kräver nya kompetenser. Ingen enskild aktör äger frågan."
            ),
            scope="national",
            why_complex=(
                "Utbildning, arbetsmarknad, bostäder och kommunikationer hänger ihop och styrs på "
                "olika nivåer."
            ),
            actors_needed="Regioner, kommuner, myndigheter, lärosäten, arbetsgivare och unga.",
            goals=tuple(
                Goal.objects.filter(
                    catalogue__key__in=["strategy-areas", "sdgs"],
                    code__in=["A2", "SDG 4", "SDG 8"],
                )
            ),
            organisations=tuple(organisations),
        ),
    )
    actions.do_publish_challenge(actor=organiser, challenge=challenge, published=True)
    for person in participants:
        actions.do_assess_challenge(
            actor=person, challenge=challenge, is_complex=True, needs_several_actors=True
        )
        actions.do_vote(actor=person, challenge=challenge, vote=True)
    owner = Organisation.objects.filter(name="Tillväxtverket").first() or organiser.organisation
    if owner is None:
        raise ValueError("The demo's organiser belongs to an organisation.")
    mission = actions.do_create_mission(
        actor=organiser,
        challenge=challenge,
        today=today,
        details=actions.MissionDetails(
            title="Alla regioner har en gemensam kompetensplattform (exempel)",
            goal="År 2035 har alla 21 regioner en kompetensplattform där kommuner, arbetsgivare "
            "och utbildare tillsammans planerar utbudet av utbildning.",
            target_year=max(2035, today.year + 1),
            owner=owner,
            organisations=tuple(organisations),
        ),
    )
    indicator = actions.do_add_indicator(
        actor=organiser,
        mission=mission,
        name="Regioner med kompetensplattform",
        unit="antal regioner",
        baseline=Decimal(8),
        baseline_year=today.year - 2,
        target=Decimal(21),
    )
    for years_ago, value in ((1, 10), (0, 12)):
        actions.do_record_measurement(
            actor=organiser,
            indicator=indicator,
            measured_on=today - datetime.timedelta(days=365 * years_ago + 30),
            value=Decimal(value),
            today=today,
        )
    experiment = actions.do_create_initiative(
        actor=organiser,
        mission=mission,
        details=actions.InitiativeDetails(
            kind=Initiative.Kind.EXPERIMENT,
            title="Gemensam prognos för vårdyrken i två regioner (exempel)",
            hypothesis="Om två regioner delar en prognosmodell med kommunerna blir "
            "utbildningsutbudet bättre matchat inom ett år.",
            plan="Två regioner använder samma prognosmodell och jämför med kommunernas behov.",
            starts_on=today - datetime.timedelta(days=200),
            ends_on=today + datetime.timedelta(days=160),
            organisations=tuple(organisations),
        ),
        participants=participants[:2],
    )
    actions.do_change_status(actor=organiser, initiative=experiment, status="running")
    for days_ago, tried, learned, step in (
        (
            120,
            "En första gemensam workshop om prognosdata.",
            "Kommunerna saknar egna siffror om pensionsavgångar.",
            LearningEntry.NextStep.ADAPT,
        ),
        (
            40,
            "Pensionsavgångar hämtade från SCB för alla kommuner.",
            "Med samma underlag blev samtalet konkret; nästa steg är att pröva i fler regioner.",
            LearningEntry.NextStep.KEEP,
        ),
    ):
        actions.do_add_learning(
            actor=participants[0],
            initiative=experiment,
            happened_on=today - datetime.timedelta(days=days_ago),
            tried=tried,
            learned=learned,
            next_step=step,
            today=today,
        )
    for days_ago, values in ((180, [2, 3, 3, 2, 2, 2, 3]), (30, [3, 3, 4, 3, 3, 2, 4])):
        actions.do_assess_prerequisites(
            actor=organiser,
            lab=lab,
            mission=mission,
            assessed_on=today - datetime.timedelta(days=days_ago),
            ratings={
                key: (value, "")
                for key, value in zip(
                    [k for k, _label in actions.rules.PREREQUISITES], values, strict=True
                )
            },
        )
    for kind, title, others in (
        (Dialogue.With.REGIONS, "Dialog med regionerna om förutsättningar (exempel)", []),
        (Dialogue.With.COLLEAGUES, "Dialog med kollegor internt (exempel)", []),
        (
            Dialogue.With.AGENCIES,
            "Dialog med Vinnova och Naturvårdsverket (exempel)",
            ["Vinnova", "Naturvårdsverket"],
        ),
    ):
        actions.do_record_dialogue(
            actor=organiser,
            lab=lab,
            details=actions.DialogueDetails(
                held_on=today - datetime.timedelta(days=60),
                title=title,
                kind=kind,
                notes="Anteckningar från dialogen (exempel).",
                organisations=tuple(Organisation.objects.filter(abbreviation__in=others)),
                mission=mission,
            ),
        )
    for days, title in (
        (-10, "PM om förutsättningar för ett systemorienterat arbetssätt"),
        (45, "PM om styrning avseende flernivåsamverkan"),
        (90, "Handlingsplan för en hållbar regional utveckling"),
        (120, "RegLabs prioriterade område ”Nya arbetssätt” inför nästa år"),
    ):
        actions.do_create_action(
            actor=organiser,
            lab=lab,
            details=actions.ActionDetails(
                title=title,
                owner=owner,
                responsible=organiser,
                due_on=today + datetime.timedelta(days=days),
                mission=mission,
            ),
        )
    return challenge
