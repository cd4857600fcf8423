"""The synergy map's fixtures, for the test that its export of scores with names is on record."""

from tests.synergies.conftest import agency, scorers, sdgs, session  # noqa: F401
