"""The demo's live room for the first workshop: a poll for the welcome, a perspectives board
with a few example notes from regions and agencies, an opinion map answered by the demo's
participants (its map shown), the foresight and the case dialogue ready to open. The notes,
statements and answers are examples written for the demo, not anyone's views."""

from larlabb.accounts.models import User
from larlabb.labs.models import Lab, ProgramItem
from larlabb.live import actions
from larlabb.live.models import Activity, Participant

EXAMPLE_NOTES = [
    ("Möjligheter", "Gemensam lägesbild av kompetensbehoven i regionen"),
    ("Möjligheter", "Myndigheternas regionala kontor kan vara en väg in"),
    ("Hinder", "Olika planeringscykler hos regioner och myndigheter"),
    ("Hinder", "Svårt att veta vem på myndigheten som äger frågan"),
    ("Möjligheter", "Dela data om pendling och tillgänglighet"),
    ("Hinder", "Stuprörsstyrning gör samverkan till extraarbete"),
]


# The opinion map's statements, and how the demo's regions and agencies answer them (1 agree,
# −1 disagree, 0 pass): agreed on the first, apart on most of the others.
STATEMENTS = [
    "Regioner och myndigheter behöver en gemensam lägesbild av regionens utmaningar",
    "Myndigheternas uppdrag ger för lite utrymme att anpassa insatser efter regionala behov",
    "De regionala utvecklingsstrategierna styr redan myndigheternas prioriteringar",
    "Samverkan mellan regioner och myndigheter behöver egen finansiering",
    "Varje myndighet bör ha en utsedd kontaktperson för varje region",
    "Målkonflikter mellan tillväxt och klimat hanteras bäst på regional nivå",
    "Nationella mål bör väga tyngst när de krockar med regionala prioriteringar",
    "Regioner och myndigheter delar redan data i tillräcklig omfattning",
]
ANSWERS = {
    "region": [[1, 1, -1, 1, 1, 1, -1, -1], [1, 1, -1, 1, 0, 1, -1, -1]],
    "agency": [[1, -1, 1, 0, 1, -1, 1, -1], [1, -1, 1, -1, 1, -1, 1, 0]],
}
PENDING_STATEMENT = "Mer av statens utvecklingsresurser bör fördelas av regionerna"


def load_demo_opinions(organiser: User, item: ProgramItem, people: list[Participant]) -> Activity:
    """An open opinion map, answered by the demo's participants, its map shown; one
    participant's statement waits for the facilitator's approval."""
    opinions = actions.do_create_activity(
        actor=organiser,
        program_item=item,
        kind=Activity.Kind.OPINIONS,
        title="Åsiktskarta: var står vi? (exempel)",
        prompt="Håller du med eller inte? Svara på ett påstående i taget.",
        options=STATEMENTS,
    )
    actions.do_set(actor=organiser, activity=opinions, status="open", revealed=True)
    statements = list(opinions.notes.order_by("position", "pk"))
    taken = dict.fromkeys(ANSWERS, 0)
    for person in people:
        side = person.side if person.side in ANSWERS else "region"
        values = ANSWERS[side][taken[side] % len(ANSWERS[side])]
        taken[side] += 1
        for statement, value in zip(statements, values, strict=True):
            actions.do_answer(participant=person, statement=statement, value=value)
    actions.do_add_note(participant=people[-1], activity=opinions, text=PENDING_STATEMENT)
    return opinions


def load_demo_room(lab: Lab, organiser: User, participants: list[User]) -> None:
    workshop = lab.workshops.order_by("number").first()
    if workshop is None:
        return
    room = actions.get_or_create_room(workshop)
    items = {item.kind: item for item in workshop.program.all()}
    welcome = workshop.program.order_by("starts")[0]
    poll = actions.do_create_activity(
        actor=organiser,
        program_item=welcome,
        kind=Activity.Kind.POLL,
        title="Hur väl känner du till den nationella strategin? (exempel)",
        options=["Mycket väl", "Ganska väl", "Lite", "Inte alls"],
        allow_guests=True,
    )
    actions.do_set(actor=organiser, activity=poll, status="open")
    board = actions.do_create_activity(
        actor=organiser,
        program_item=items[ProgramItem.Kind.DIALOGUE],
        kind=Activity.Kind.PERSPECTIVES,
        title="Hur får vi perspektiven att mötas? (exempel)",
        prompt="Vilka möjligheter och hinder ser du i samverkan mellan regioner och myndigheter?",
        columns=["Möjligheter", "Hinder"],
    )
    actions.do_set(actor=organiser, activity=board, status="open")
    columns = {c.title: c for c in board.columns.all()}
    people = [actions.do_join(user=person, room=room) for person in participants]
    for index, (column, text) in enumerate(EXAMPLE_NOTES):
        actions.do_add_note(
            participant=people[index % len(people)],
            activity=board,
            text=text,
            column=columns[column],
        )
    load_demo_opinions(organiser, items[ProgramItem.Kind.DIALOGUE], people)
    actions.do_create_activity(
        actor=organiser,
        program_item=items[ProgramItem.Kind.FORESIGHT],
        kind=Activity.Kind.FORESIGHT,
        title="Framsyn: Regional utveckling 2030 (exempel)",
        prompt="Vilka trender påverkar regional utveckling fram till 2030?",
    )
    actions.do_create_activity(
        actor=organiser,
        program_item=items[ProgramItem.Kind.CASE_DIALOGUE],
        kind=Activity.Kind.CASE_DIALOGUE,
        title="Dialog om konkreta case (exempel)",
        prompt="Föreslå ett konkret case där regioner och myndigheter behöver varandra.",
        dots_per_person=2,
    )
