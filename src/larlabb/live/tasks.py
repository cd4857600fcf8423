"""Background work of the live room: theme suggestions for a board whose notes need more
vectors than are computed while the facilitator waits."""

import logging

from django_tasks import task

from larlabb.live.models import ThemeRun

logger = logging.getLogger(__name__)


@task()
def suggest_themes(run_id: int) -> None:
    """Do the queued theme run ``run_id`` (see ``actions.themes.run_suggestion``)."""
    run = ThemeRun.objects.filter(pk=run_id).select_related("activity", "requested_by").first()
    if run is None or not run.active:
        logger.warning("Theme run %s is gone or already done", run_id)
        return
    # Imported here: the embedding model is loaded by the worker that runs this.
    from larlabb.live.actions.themes import run_suggestion

    run_suggestion(run)
