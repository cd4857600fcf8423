"""The opinion map (Åsiktskarta): participants answer its statements agree, disagree or pass,
one at a time, and may change an answer while the activity is open. Statements are notes of
the activity: the facilitator's are shown at once, a participant's wait hidden until a
facilitator approves (shows) them; see ``actions.notes``."""

from django.db import transaction
from django.utils.translation import gettext as _

from larlabb.live.actions.rooms import _check, check_may_contribute
from larlabb.live.events import lock_for_votes, send_tally
from larlabb.live.models import Activity, Answer, Note, Participant

# What the screens are told after an answer: that the map changed, not the map itself (it is
# computed when a screen fetches the state, at most every few seconds, see opinions.js).
CHANGED = {"opinions": "changed"}


def _check_statement(activity: Activity, statement: Note) -> None:
    _check(activity.kind == Activity.Kind.OPINIONS, _("This activity has no statements."))
    _check(
        statement.activity_id == activity.pk
        and not statement.hidden
        and statement.merged_into_id is None
        and statement.case_id is None,
        _("That statement cannot be answered."),
    )


def do_answer(*, participant: Participant, statement: Note, value: int) -> int:
    """Answer ``statement``: 1 agree, −1 disagree, 0 pass; answering again replaces the
    answer, and the same answer twice changes nothing (a retry is safe). Returns the value."""
    _check(value in Answer.Value.values, _("Answer agree, disagree or pass."))
    with transaction.atomic():
        activity = lock_for_votes(statement.activity_id, participant.pk)
        check_may_contribute(participant, activity)
        _check_statement(activity, statement)
        answer, created = Answer.objects.get_or_create(
            participant=participant,
            statement=statement,
            defaults={"activity": activity, "value": value},
        )
        if not created and answer.value != value:
            answer.value = value
            answer.save(update_fields=["value", "updated_at"])
        elif not created:
            return value
        send_tally(activity, CHANGED, phones=False)
    return value
