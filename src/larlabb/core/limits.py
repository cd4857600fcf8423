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

from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches
from django.core.signals import setting_changed
from django.dispatch import receiver

_counters: BaseCache | None = None


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
    global _counters
    if setting == "CACHES":
        _counters = None


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
    key = _key(scope, who, limit, now)
    cache = _cache()
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, timeout=limit.seconds + 1)
        used = 1
    return used <= limit.count


async def aallow(scope: str, who: str, limit: Limit, *, now: float | None = None) -> bool:
    """:func:`allow` from the event loop (a WebSocket's messages), in a worker thread of its
    own: Django's async cache methods would run in the thread that does the process's database
    work, and a flood of refusals would queue behind the room's writes."""
    if limit.count <= 0:
        return True
    return await asyncio.to_thread(allow, scope, who, limit, now=now)
