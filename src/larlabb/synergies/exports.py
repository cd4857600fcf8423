"""A synergy map as table rows for CSV and XLSX (pure: takes loaded data)."""

import numpy as np
from django.utils.translation import gettext as _

from larlabb.synergies.analysis import Consensus
from larlabb.synergies.models import Goal, Score


def _number(value: float) -> str:
    return "" if np.isnan(value) else f"{value:g}"


def consensus_rows(goals: list[Goal], consensus: Consensus) -> list[list[str]]:
    """The matrix of medians (rows influence columns), then the count of scorers and the
    interquartile range of every cell as a long table."""
    codes = [goal.code for goal in goals]
    rows = [[_("Row goal → column goal"), *codes]]
    for i, code in enumerate(codes):
        rows.append([code, *(_number(v) for v in consensus.median[i])])
    rows.append([])
    rows.append(
        [_("Row goal"), _("Column goal"), _("Median"), _("Scorers"), _("Interquartile range")]
    )
    for i, row in enumerate(codes):
        for j, column in enumerate(codes):
            if i != j:
                rows.append(
                    [
                        row,
                        column,
                        _number(consensus.median[i, j]),
                        str(int(consensus.count[i, j])),
                        _number(consensus.iqr[i, j]),
                    ]
                )
    return rows


def raw_rows(scores: list[Score], sides: dict[int, str]) -> list[list[str]]:
    """Every score with its scorer, the scorer's organisation and side."""
    rows = [
        [
            _("Scorer"),
            _("Organisation"),
            _("Side"),
            _("Row goal"),
            _("Column goal"),
            _("Score"),
            _("Certainty"),
            _("Comment"),
        ]
    ]
    side_labels = {"region": _("Region"), "agency": _("National agency"), "other": _("Other")}
    for score in scores:
        organisation = score.scorer.organisation
        rows.append(
            [
                score.scorer.name,
                organisation.name if organisation else "",
                side_labels[sides.get(score.scorer_id, "other")],
                score.row.code,
                score.column.code,
                str(score.value),
                score.get_certainty_display() if score.certainty else "",
                score.comment,
            ]
        )
    return rows
