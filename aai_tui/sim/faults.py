"""Named, reproducible fault profiles: the trouble ``--faults`` injects."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import StrEnum


class Fault(StrEnum):
    NONE = "none"
    ERROR_500 = "500"
    ERROR_503 = "503"
    ERROR_504 = "504"
    ERROR_429 = "429"
    DROP = "drop"  # close the connection before acting: nothing happened
    DROP_AFTER_ACT = "drop_after_act"  # act (create the job), then close without answering


@dataclass(frozen=True)
class FaultProfile:
    name: str
    description: str
    error_500: float = 0.0
    error_503: float = 0.0
    error_504: float = 0.0
    error_429: float = 0.0
    drop: float = 0.0
    drop_after_act: float = 0.0
    slow: float = 0.0
    slow_seconds: float = 0.0
    job_failure: float = 0.0


PROFILES: dict[str, FaultProfile] = {
    p.name: p
    for p in (
        FaultProfile("none", "a healthy API"),
        FaultProfile(
            "flaky",
            "5% 500, 2% 503, 2% 504 and 2% 429 answers; 2% of jobs fail server-side",
            error_500=0.05,
            error_503=0.02,
            error_504=0.02,
            error_429=0.02,
            job_failure=0.02,
        ),
        FaultProfile(
            "slow",
            "a quarter of responses held back for 1.5 s",
            slow=0.25,
            slow_seconds=1.5,
        ),
        FaultProfile(
            "chaos",
            "10% 5xx, 5% 429, 2% dropped connections (some after the job was created), "
            "10% slow answers, 5% of jobs failing server-side",
            error_500=0.05,
            error_503=0.03,
            error_504=0.02,
            error_429=0.05,
            drop=0.01,
            drop_after_act=0.01,
            slow=0.10,
            slow_seconds=0.3,
            job_failure=0.05,
        ),
        FaultProfile(
            "outage",
            "every request answered 503",
            error_503=1.0,
        ),
    )
}


def get_profile(name: str) -> FaultProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(
            f"unknown fault profile {name!r}; choose one of: {', '.join(PROFILES)}"
        ) from None


class FaultInjector:
    """Rolls the dice for each request and job, from one seeded generator."""

    def __init__(self, profile: FaultProfile, seed: int | None = None) -> None:
        self.profile = profile
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def _roll(self) -> float:
        with self._lock:
            return self._rng.random()

    def request_fault(self, *, acts: bool) -> Fault:
        """The fault for one request; ``acts`` says whether it changes server state."""
        p = self.profile
        roll = self._roll()
        for fault, share in (
            (Fault.ERROR_500, p.error_500),
            (Fault.ERROR_503, p.error_503),
            (Fault.ERROR_504, p.error_504),
            (Fault.ERROR_429, p.error_429),
            (Fault.DROP, p.drop),
            (Fault.DROP_AFTER_ACT, p.drop_after_act if acts else 0.0),
        ):
            if roll < share:
                return fault
            roll -= share
        return Fault.NONE

    def delay(self) -> float:
        return self.profile.slow_seconds if self._roll() < self.profile.slow else 0.0

    def job_fails(self) -> bool:
        return self._roll() < self.profile.job_failure
