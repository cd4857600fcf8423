import pytest

from larlabb.service import health


@pytest.fixture(autouse=True)
def fresh_readiness(monkeypatch):
    """Each readiness check is found anew (a process keeps its answer for a second)."""
    monkeypatch.setattr(health, "_last", None)
    monkeypatch.setattr(health, "READINESS_CACHE_SECONDS", 0.0)
