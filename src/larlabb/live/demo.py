"""The demo's live room for the first workshop: a poll for the welcome, a perspectives board
with a few example notes from regions and agencies, the foresight and the case dialogue ready
to open. The notes are examples written for the demo, not anyone's views."""

from larlabb.accounts.models import User
from larlabb.labs.models import Lab, ProgramItem
from larlabb.live import actions
from larlabb.live.models import Activity

EXAMPLE_NOTES = [
    ("Möjligheter", "Gemensam lägesbild av kompetensbehoven i regionen"),
    ("Möjligheter", "Myndigheternas regionala kontor kan vara en väg in"),
    ("Hinder", "Olika planeringscykler hos regioner och myndigheter"),
    ("Hinder", "Svårt att veta vem på myndigheten som äger frågan"),
    ("Möjligheter", "Dela data om pendling och tillgänglighet"),
    ("Hinder", "Stuprörsstyrning gör samverkan till extraarbete"),
]


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
