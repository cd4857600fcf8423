"""Fair-use counters (core/limits.py) on the cache the settings give: in memory on the embedded
default, Redis with REDIS_URL (CI's second pass), where a count is one round trip."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from larlabb.core import limits
from larlabb.core.limits import Limit, allow


def test_uses_past_the_limit_are_refused_until_the_next_window():
    three = Limit(3, 60)
    assert [allow("test.notes", "7", three, now=600.0) for _use in range(5)] == [
        *(True, True, True),
        *(False, False),
    ]
    assert allow("test.notes", "8", three, now=600.0)  # someone else counts apart
    assert allow("test.votes", "7", three, now=600.0)  # and so does another thing
    assert allow("test.notes", "7", three, now=660.0)  # the next minute opens a new window


def test_no_limit_counts_nothing():
    assert all(allow("test.notes", "7", Limit(0, 60), now=600.0) for _use in range(100))
    assert cache.get(limits._key("test.notes", "7", Limit(0, 60), 600.0)) is None


def test_on_redis_a_count_is_the_caches_value_and_its_window_is_not_extended():
    if not isinstance(cache, RedisCache) and not isinstance(limits._cache(), RedisCache):
        pytest.skip("runs with Redis as the cache (CI's second pass sets REDIS_URL)")
    client = limits._redis_client()
    assert client is not None
    key = limits._key("test.notes", "7", Limit(2, 60), 600.0)
    name = limits._cache().make_and_validate_key(key)
    assert allow("test.notes", "7", Limit(2, 60), now=600.0)
    assert cache.get(key) == 1  # Django's cache reads the counter back
    client.expire(name, 30)  # later uses do not open the window again
    assert allow("test.notes", "7", Limit(2, 60), now=600.0)
    assert not allow("test.notes", "7", Limit(2, 60), now=600.0)
    assert cache.get(key) == 3
    assert 0 < client.ttl(name) <= 30
