"""Rate-limit headers: recorded, optional, observable."""

from __future__ import annotations

import respx

from aai_tui.api import AssemblyAIClient, RateLimitState


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_headers_are_parsed_case_insensitively():
    clock = Clock()
    state = RateLimitState(clock=clock)
    snap = state.observe(
        {"x-ratelimit-limit": "100", "X-RATELIMIT-REMAINING": "7", "X-RateLimit-Reset": "30"}
    )
    assert (snap.limit, snap.remaining) == (100, 7)
    assert snap.reset_in(clock.now) == 30
    clock.now += 10
    assert snap.reset_in(clock.now) == 20
    assert snap.fraction_remaining() == 0.07


def test_absent_headers_mean_no_limit_not_zero():
    state = RateLimitState(clock=Clock())
    state.observe(
        {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "5"}
    )
    snap = state.observe({"content-type": "application/json"})
    assert snap.reported is False
    assert snap.remaining is None
    assert snap.wait_needed(1000.0) == 0


def test_exhausted_budget_asks_to_wait_until_reset():
    clock = Clock()
    state = RateLimitState(clock=clock)
    snap = state.observe(
        {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "12"}
    )
    assert snap.wait_needed(clock.now) == 12


def test_retry_after_is_recorded():
    clock = Clock()
    state = RateLimitState(clock=clock)
    snap = state.observe({"Retry-After": "9"}, status=429)
    assert snap.wait_needed(clock.now) == 9
    assert snap.wait_needed(clock.now + 10) == 0


def test_listeners_hear_every_observation():
    state = RateLimitState(clock=Clock())
    heard = []
    unsubscribe = state.subscribe(heard.append)
    state.observe({"X-RateLimit-Remaining": "3", "X-RateLimit-Limit": "5"})
    unsubscribe()
    state.observe({"X-RateLimit-Remaining": "2", "X-RateLimit-Limit": "5"})
    assert [s.remaining for s in heard] == [3]


@respx.mock
async def test_every_response_feeds_the_clients_state():
    respx.get("https://api.assemblyai.com/v2/transcript").respond(
        json={"page_details": {}, "transcripts": []},
        headers={
            "X-RateLimit-Limit": "20000",
            "X-RateLimit-Remaining": "19999",
            "X-RateLimit-Reset": "300",
        },
    )
    async with AssemblyAIClient("key-123456") as client:
        await client.list_transcripts()
        snap = client.rate_limits.snapshot
    assert (snap.limit, snap.remaining) == (20000, 19999)
