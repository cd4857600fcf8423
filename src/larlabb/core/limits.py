"""Fair use: how often one person (or one address) may do a thing, counted in the cache.

A fixed window per limit: the first use in a window opens a counter that lives as long as the
window; each use adds one; a use past ``count`` is refused. The cache is Redis in production,
so every server process counts together (the embedded default, one process, counts in memory).
A refused use costs one cache round trip and nothing else: no database work, no event, so a
flood from one person does not slow the room for the others.
"""

import asyncio
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver

_counters: BaseCache | None = None
_redis: redis.Redis | None = None


def _cache() -> BaseCache:
    """One cache client for the process's counters. Django's ``cache`` is one per thread and
    context, so each count from a WebSocket (in a worker thread, in a fresh context) opened a
    new connection to Redis: measured, a sixth of a busy process's time."""
    global _counters
    if _counters is None:
        _counters = caches.create_connection(DEFAULT_CACHE_ALIAS)
    return _counters


@receiver(setting_changed)
def _forget_cache(*, setting: str, **kwargs: object) -> None:
    global _counters, _redis
    if setting == "CACHES":
        _counters = _redis = None


def _redis_client() -> redis.Redis | None:
    """A client of the cache's Redis server (the one it writes to), when the cache is Redis:
    a count is then one round trip instead of three (Django's ``add`` and ``incr``, which
    first asks whether the key exists). Measured with bench/live_load.py (300 screens), the
    counts took a tenth of a busy process's time."""
    global _redis
    if _redis is None and isinstance(_cache(), RedisCache):
        location = settings.CACHES[DEFAULT_CACHE_ALIAS]["LOCATION"]
        servers = location.split(",") if isinstance(location, str) else location
        _redis = redis.Redis.from_url(servers[0])  # Django writes to the first server
    return _redis


@dataclass(frozen=True)
class Limit:
    count: int  # uses allowed in each window; 0 or less means no limit
    seconds: int  # the window's length


def _key(scope: str, who: str, limit: Limit, now: float | None) -> str:
    window = int((time.time() if now is None else now) // limit.seconds)
    return f"limit:{scope}:{who}:{window}"


def allow(scope: str, who: str, limit: Limit, *, now: float | None = None) -> bool:
    """Count one use of ``scope`` by ``who``; False when it is past the limit."""
    if limit.count <= 0:
        return True
    return _count(_key(scope, who, limit, now), limit.seconds + 1) <= limit.count


def _count(key: str, seconds: int) -> int:
    """Add one to the counter ``key``, opened for ``seconds`` by its first use; its count."""
    cache = _cache()
    client = _redis_client()
    if client is not None:  # the same key and value as Django's: the cache reads it back
        name = cache.make_and_validate_key(key)
        counting = client.pipeline(transaction=False)
        counting.set(name, 0, ex=seconds, nx=True)
        counting.incr(name)
        return int(counting.execute()[1])
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1


async def aallow(scope: str, who: str, limit: Limit, *, now: float | None = None) -> bool:
    """:func:`allow` from the event loop (a WebSocket's messages), in a worker thread of its
    own: Django's async cache methods would run in the thread that does the process's database
    work, and a flood of refusals would queue behind the room's writes."""
    if limit.count <= 0:
        return True
    return await asyncio.to_thread(allow, scope, who, limit, now=now)
