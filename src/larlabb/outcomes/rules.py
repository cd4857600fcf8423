"""Pure rules of learning and outcomes: when an assignment takes submissions, when a survey
round is open, when a reminder is due. Plain values in, plain values out."""

import datetime

MAX_TEXT = 10_000  # characters of a submission's or a reflection's text
MAX_COMMENT = 2_000  # characters of a survey's free text
MIN_ORGANISATIONS = 2  # a collaboration is between organisations


def takes_submissions(
    *, now: datetime.datetime, due_at: datetime.datetime, allow_late: bool
) -> bool:
    """Submissions are taken and changed until the due time, or after it when late ones are
    allowed."""
    return allow_late or now < due_at


def is_late(*, submitted_at: datetime.datetime, due_at: datetime.datetime) -> bool:
    return submitted_at > due_at


def is_open(
    *, now: datetime.datetime, opens_at: datetime.datetime, closes_at: datetime.datetime
) -> bool:
    """A survey round takes and changes answers from its opening until it closes."""
    return opens_at <= now < closes_at


def reminder_due(*, now: datetime.datetime, due_at: datetime.datetime, days_before: int) -> bool:
    """An assignment's reminder goes out ``days_before`` days before it is due, and no later
    than the due time itself (0 days: no reminder)."""
    if days_before <= 0:
        return False
    return due_at - datetime.timedelta(days=days_before) <= now < due_at
