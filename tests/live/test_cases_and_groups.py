"""Case dialogue and breakout groups in the room: cases proposed and voted on, chosen cases get
groups that never seat two people of one organisation together, each person's phone knows their
table and case, a group writes on its own case only, and the facilitator moves people by hand."""

import pytest

from larlabb.live import actions, queries
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Note, Seat
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory
from tests.live.cast import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def dialogue(olle_organiser, dialogue_item):
    return make_activity(olle_organiser, dialogue_item, Activity.Kind.CASE_DIALOGUE)


def propose(participant, dialogue, title, text="Kort beskrivning", **extra):
    return actions.do_add_note(
        participant=participant, activity=dialogue, title=title, text=text, **extra
    )


def viewer_of(participant):
    return queries.Viewer(participant.user, participant, False, True)


def test_a_case_needs_a_title_and_names_the_organisation_that_brings_it(dialogue, joined):
    with pytest.raises(LiveError, match="title"):
        propose(joined["sanna"], dialogue, "")
    case = propose(joined["anders"], dialogue, "Snabbare tillstånd för vindkraft")
    assert (case.title, case.organisation.name, case.side) == (
        "Snabbare tillstånd för vindkraft",
        "Trafikverket",
        "agency",
    )


def test_the_room_votes_and_chosen_cases_get_one_group_each(dialogue, joined, olle_organiser):
    cases = [propose(joined[p], dialogue, f"Case {p}") for p in ("sanna", "anders", "vera")]
    actions.do_set(actor=olle_organiser, activity=dialogue, locked=True, voting_open=True)
    actions.do_vote(participant=joined["sanna"], note=cases[1], value=1)
    for case in cases[:2]:
        actions.do_choose_case(actor=olle_organiser, note=case, chosen=True)
    breakout = actions.do_allocate(actor=olle_organiser, activity=dialogue, group_count=0, rounds=2)
    assert breakout.groups == 2
    assert Seat.objects.filter(breakout=breakout).count() == 3 * 2
    state = queries.activity_state(viewer_of(joined["sanna"]), dialogue)
    assert [t["title"] for t in state["breakout"]["topics"]] == ["Case sanna", "Case anders"]
    assert state["breakout"]["my_group"] in (0, 1)
    with pytest.raises(LiveError, match="groups have started"):
        actions.do_choose_case(actor=olle_organiser, note=cases[2], chosen=True)


def test_groups_need_chosen_cases_first(dialogue, joined, olle_organiser):
    propose(joined["sanna"], dialogue, "Ett case")
    with pytest.raises(LiveError, match="Choose the cases"):
        actions.do_allocate(actor=olle_organiser, activity=dialogue, group_count=0, rounds=1)


def test_a_group_writes_on_its_own_case_only(dialogue, joined, olle_organiser):
    cases = [propose(joined[p], dialogue, f"Case {p}") for p in ("sanna", "anders")]
    for case in cases:
        actions.do_choose_case(actor=olle_organiser, note=case, chosen=True)
    actions.do_set(actor=olle_organiser, activity=dialogue, locked=True)
    actions.do_allocate(actor=olle_organiser, activity=dialogue, group_count=0, rounds=1)
    sanna = joined["sanna"]
    mine = queries.activity_state(viewer_of(sanna), dialogue)["breakout"]["my_group"]
    own, other = cases[mine], cases[1 - mine]
    note = actions.do_add_note(participant=sanna, activity=dialogue, text="Vi behöver…", case=own)
    assert note.case == own  # a group writes after the board is locked
    with pytest.raises(LiveError, match="another case"):
        actions.do_add_note(participant=sanna, activity=dialogue, text="Fel bord", case=other)


def test_two_people_of_one_organisation_never_share_a_group(
    lab, room, olle_organiser, dialogue_item, region_skane
):
    people = []
    for n in range(2):
        person = UserFactory(email=f"skane{n}@example.org", organisation=region_skane)
        RegistrationFactory(lab=lab, person=person, organisation=region_skane)
        people.append(actions.do_join(user=person, room=room))
    for n in range(4):
        organisation = OrganisationFactory(name=f"Myndighet {n}", kind="agency")
        person = UserFactory(email=f"myndighet{n}@example.org", organisation=organisation)
        RegistrationFactory(lab=lab, person=person, organisation=organisation)
        actions.do_join(user=person, room=room)
    groups = make_activity(olle_organiser, dialogue_item, Activity.Kind.BREAKOUT)
    breakout = actions.do_allocate(actor=olle_organiser, activity=groups, group_count=2, rounds=3)
    for round_ in range(3):
        seats = Seat.objects.filter(breakout=breakout, round=round_, participant__in=people)
        assert len({seat.group for seat in seats}) == 2


def test_more_people_of_one_organisation_than_groups_is_refused_with_its_name(
    lab, room, olle_organiser, dialogue_item, region_skane
):
    for n in range(3):
        person = UserFactory(email=f"skane{n}@example.org", organisation=region_skane)
        RegistrationFactory(lab=lab, person=person, organisation=region_skane)
        actions.do_join(user=person, room=room)
    groups = make_activity(olle_organiser, dialogue_item, Activity.Kind.BREAKOUT)
    with pytest.raises(LiveError, match="Region Skåne has 3 people"):
        actions.do_allocate(actor=olle_organiser, activity=groups, group_count=2, rounds=1)


def test_the_allocation_is_reproducible_from_its_seed(joined, olle_organiser, dialogue_item):
    groups = make_activity(olle_organiser, dialogue_item, Activity.Kind.BREAKOUT)

    def seats(seed):
        breakout = actions.do_allocate(
            actor=olle_organiser, activity=groups, group_count=2, rounds=2, seed=seed
        )
        return sorted(
            Seat.objects.filter(breakout=breakout).values_list("participant", "round", "group")
        )

    assert seats(7) == seats(7)


def test_a_facilitator_moves_a_person_by_hand_and_hears_what_it_breaks(
    lab, room, olle_organiser, dialogue_item, region_skane, sanna
):
    colleague = UserFactory(email="kollega@example.org", organisation=region_skane)
    RegistrationFactory(lab=lab, person=colleague, organisation=region_skane)
    first = actions.do_join(user=sanna, room=room)
    second = actions.do_join(user=colleague, room=room)
    groups = make_activity(olle_organiser, dialogue_item, Activity.Kind.BREAKOUT)
    actions.do_allocate(actor=olle_organiser, activity=groups, group_count=2, rounds=1)
    target = Seat.objects.get(participant=first).group
    problems = actions.do_move_seat(
        actor=olle_organiser, activity=groups, participant=second, round=0, group=target
    )
    seat = Seat.objects.get(participant=second)
    assert seat.group == target
    assert seat.moved_by_hand
    assert any(p.reason == "same-organisation" for p in problems)
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_move_seat(actor=sanna, activity=groups, participant=second, round=0, group=0)


def test_a_participant_sees_their_table_but_not_the_whole_seating(
    joined, olle_organiser, dialogue_item
):
    groups = make_activity(olle_organiser, dialogue_item, Activity.Kind.BREAKOUT)
    actions.do_allocate(actor=olle_organiser, activity=groups, group_count=1, rounds=1)
    state = queries.activity_state(viewer_of(joined["vera"]), groups)["breakout"]
    assert state["my_group"] == 0
    assert "table" not in state
    control = queries.Viewer(olle_organiser, None, True, True)
    assert len(queries.activity_state(control, groups)["breakout"]["table"][0][0]) == 3
    assert Note.objects.count() == 0
