"""Reads of foresight: the ratings of the trends as the room sees them."""

from larlabb.foresight import analysis
from larlabb.foresight.models import Rating, ScenarioAxes
from larlabb.live.models import Activity, Participant


def rating_rows(activity: Activity) -> list[tuple[int, int, int]]:
    """(trend, impact, uncertainty) of every rating of the activity's trends."""
    return list(
        Rating.objects.filter(trend__activity=activity).values_list(
            "trend", "impact", "uncertainty"
        )
    )


def own_ratings(activity: Activity, participant: Participant | None) -> dict[int, list[int]]:
    if participant is None:
        return {}
    rows = Rating.objects.filter(trend__activity=activity, participant=participant)
    return {trend: [i, u] for trend, i, u in rows.values_list("trend", "impact", "uncertainty")}


def axes_of(activity: Activity) -> dict | None:
    axes = ScenarioAxes.objects.filter(activity=activity).first()
    return {"x": axes.x_id, "y": axes.y_id} if axes else None


def foresight_state(
    activity: Activity, participant: Participant | None, results_visible: bool
) -> dict:
    summary = analysis.summarise(rating_rows(activity)) if results_visible else None
    return {
        "mine": own_ratings(activity, participant),
        "results": [s._asdict() for s in summary] if summary is not None else None,
        "critical": analysis.critical(summary) if summary else [],
        "axes": axes_of(activity),
    }
