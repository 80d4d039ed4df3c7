"""The nonce memory is a shortcut before PostgreSQL: while Redis is away it steps aside instead of
stopping uploads and the ingest topic (PostgreSQL's key still tells a repeat)."""

from redis.asyncio import Redis

from cme_attendance.adapters.tickets import NonceMemory


async def test_without_redis_nothing_is_seen_and_noting_does_not_fail():
    unreachable = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    memory = NonceMemory(unreachable)
    keys = [("s1", "device-1", "n1"), ("s1", "device-1", "n2")]
    assert await memory.seen(keys) == [False, False]
    await memory.remember(keys)
    await unreachable.aclose()
