"""The retention rules, as pure functions over plain values: when an email, a lab's personal
data, are due to go."""

import calendar
import datetime


def months_after(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` moved ``months`` calendar months on; a day the month lacks becomes its last
    day (31 January + 1 month = 28 or 29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def email_is_due(
    *,
    created_at: datetime.datetime,
    sent_at: datetime.datetime | None,
    now: datetime.datetime,
    days: int,
) -> bool:
    """An email goes ``days`` days after it was sent; one that never went out, ``days`` days
    after it was queued (its delivery has failed for that long)."""
    return (sent_at or created_at) + datetime.timedelta(days=days) <= now


def lab_is_due(*, last_end: datetime.datetime | None, now: datetime.datetime, months: int) -> bool:
    """A lab's personal data go ``months`` months after its last workshop ended. A lab with no
    workshop keeps them (nothing has happened yet to count from)."""
    return last_end is not None and months_after(last_end, months) <= now
