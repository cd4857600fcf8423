"""The pictures of a live activity's results."""

from larlabb.live.charts import bars_figure, render


def test_a_vote_without_votes_is_drawn_as_no_votes_not_on_an_axis_around_zero():
    svg = render(
        bars_figure("Vad tar vi med oss?", [("Forum", 0), ("Workshops", 0)], "Röster"), "svg"
    )

    text = svg.decode()
    assert "Inga röster" in text
    assert "Forum" in text
    assert "0.04" not in text
    assert "Röster" not in text  # no axis to label


def test_a_vote_with_votes_is_drawn_as_bars_with_their_values():
    text = render(
        bars_figure("Vad tar vi med oss?", [("Forum", 3), ("Workshops", 0)], "Röster"), "svg"
    ).decode()

    assert "Inga röster" not in text
    assert "Röster" in text
    assert " 3" in text
