"""Foresight 2030: trends on a STEEP board, each rated for impact and uncertainty (1–5), the
chart of the means, two critical uncertainties as scenario axes, and four scenarios that
collect notes and a narrative."""

import pytest

from larlabb.live import actions, foresight, queries
from larlabb.live.events import LiveError
from larlabb.live.models import Activity, Column, Rating
from tests.live.cast import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def trend_board(olle_organiser, dialogue_item):
    return make_activity(olle_organiser, dialogue_item, Activity.Kind.FORESIGHT)


def trend(participant, trend_board, key, text):
    return actions.do_add_note(
        participant=participant,
        activity=trend_board,
        text=text,
        column=trend_board.columns.get(key=key),
    )


def test_the_means_and_the_critical_uncertainties():
    summary = foresight.summarise([(1, 5, 4), (1, 3, 4), (2, 2, 5), (3, 5, 5), (3, 4, 5)])
    assert summary == [
        foresight.TrendSummary(1, 4.0, 4.0, 2),
        foresight.TrendSummary(2, 2.0, 5.0, 1),
        foresight.TrendSummary(3, 4.5, 5.0, 2),
    ]
    assert foresight.critical(summary) == [3, 1]


def test_ratings_are_whole_numbers_from_one_to_five_while_the_rating_is_open(
    trend_board, joined, olle_organiser
):
    ai = trend(joined["sanna"], trend_board, "technological", "AI i offentlig förvaltning")
    with pytest.raises(LiveError, match="not open"):
        actions.do_rate(participant=joined["anders"], trend=ai, impact=4, uncertainty=3)
    actions.do_set(actor=olle_organiser, activity=trend_board, locked=True, voting_open=True)
    for impact, uncertainty in [(0, 3), (6, 3), (3, 9)]:
        with pytest.raises(LiveError, match="1 to 5"):
            actions.do_rate(
                participant=joined["anders"], trend=ai, impact=impact, uncertainty=uncertainty
            )
    actions.do_rate(participant=joined["anders"], trend=ai, impact=4, uncertainty=3)
    actions.do_rate(participant=joined["anders"], trend=ai, impact=5, uncertainty=2)
    assert list(Rating.objects.values_list("impact", "uncertainty")) == [(5, 2)]


def test_the_room_sees_the_chart_only_once_revealed(trend_board, joined, olle_organiser):
    ai = trend(joined["sanna"], trend_board, "technological", "AI")
    actions.do_set(actor=olle_organiser, activity=trend_board, voting_open=True)
    actions.do_rate(participant=joined["anders"], trend=ai, impact=4, uncertainty=3)
    participant = queries.Viewer(joined["vera"].user, joined["vera"], False, True)
    assert queries.activity_state(participant, trend_board)["foresight"]["results"] is None
    actions.do_set(actor=olle_organiser, activity=trend_board, revealed=True)
    results = queries.activity_state(participant, trend_board)["foresight"]["results"]
    assert results == [{"trend": ai.pk, "impact": 4.0, "uncertainty": 3.0, "raters": 1}]


def test_two_trends_span_four_scenarios_that_collect_notes_and_a_narrative(
    trend_board, joined, olle_organiser
):
    climate = trend(joined["sanna"], trend_board, "ecological", "Klimatanpassning")
    people = trend(joined["anders"], trend_board, "social", "Befolkningsutveckling")
    actions.do_set(actor=olle_organiser, activity=trend_board, locked=True)
    with pytest.raises(LiveError, match="two different"):
        actions.do_choose_axes(actor=olle_organiser, activity=trend_board, x=climate, y=climate)
    with pytest.raises(LiveError, match="facilitators"):
        actions.do_choose_axes(
            actor=joined["sanna"].user, activity=trend_board, x=climate, y=people
        )
    actions.do_choose_axes(actor=olle_organiser, activity=trend_board, x=climate, y=people)
    quadrants = list(trend_board.columns.filter(kind=Column.Kind.SCENARIO).order_by("position"))
    assert len(quadrants) == 4
    assert "Klimatanpassning" in quadrants[0].title
    # a scenario takes notes although the trend board is locked
    note = actions.do_add_note(
        participant=joined["vera"], activity=trend_board, text="Glesbygd växer", column=quadrants[0]
    )
    assert note.column == quadrants[0]
    # the screens get each column's kind; a note on a scenario is not a trend to rate
    vera = queries.Viewer(joined["vera"].user, joined["vera"], False, True)
    state = queries.activity_state(vera, trend_board)
    assert [c["kind"] for c in state["columns"]] == ["board"] * 5 + ["scenario"] * 4
    actions.do_set(actor=olle_organiser, activity=trend_board, voting_open=True)
    with pytest.raises(LiveError, match="not a trend"):
        actions.do_rate(participant=joined["anders"], trend=note, impact=3, uncertainty=3)
    actions.do_write_narrative(actor=olle_organiser, column=quadrants[0], narrative="År 2030 …")
    quadrants[0].refresh_from_db()
    assert quadrants[0].narrative == "År 2030 …"
    with pytest.raises(LiveError, match="Only scenarios"):
        actions.do_write_narrative(
            actor=olle_organiser, column=trend_board.columns.get(key="social"), narrative="x"
        )
