import datetime

import pytest

from larlabb.privacy.rules import lab_is_due, months_after

UTC = datetime.UTC


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (at(2026, 3, 15), 12, at(2027, 3, 15)),
        (at(2026, 11, 30), 1, at(2026, 12, 30)),
        (at(2026, 12, 5), 1, at(2027, 1, 5)),
        (at(2027, 1, 31), 1, at(2027, 2, 28)),
        (at(2027, 12, 31), 2, at(2028, 2, 29)),
        (at(2026, 6, 1), 0, at(2026, 6, 1)),
        (at(2026, 6, 1), 25, at(2028, 7, 1)),
    ],
)
def test_months_after(start, months, expected):
    assert months_after(start, months) == expected


def test_a_lab_is_due_when_the_months_have_passed_since_its_last_workshop():
    end = at(2026, 3, 15)
    assert not lab_is_due(last_end=end, now=at(2027, 3, 14), months=12)
    assert lab_is_due(last_end=end, now=at(2027, 3, 15), months=12)
    assert lab_is_due(last_end=end, now=at(2026, 9, 15), months=6)


def test_a_lab_without_workshops_is_never_due():
    assert not lab_is_due(last_end=None, now=at(2040, 1, 1), months=0)
