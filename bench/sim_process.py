"""A simulator in its own process, seeded for a benchmark; prints its base URL.

python -m bench.sim_process --history 10000 --active 1000 --concurrency 200 --speed 1
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys

from aai_tui.media import AudioInfo
from aai_tui.sim.server import SimConfig, SimServer

MODELS = ["universal-3-pro", "universal-2"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=0, help="completed transcripts")
    parser.add_argument("--active", type=int, default=0, help="queued/processing jobs")
    parser.add_argument(
        "--history-seconds",
        type=float,
        nargs=2,
        default=(60, 1800),
        help="audio duration range of completed transcripts",
    )
    parser.add_argument(
        "--active-seconds",
        type=float,
        nargs=2,
        default=(36000, 36000),
        help="audio duration range of active jobs",
    )
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--rate-limit", type=int, default=10_000_000)
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every answer")
    args = parser.parse_args()
    server = SimServer(
        SimConfig(
            port=0,
            concurrency=args.concurrency,
            speed=args.speed,
            rate_limit=args.rate_limit,
            rate_window=300,
            latency=args.latency_ms / 1000,
        )
    )
    engine = server.engine
    rng = random.Random(7)
    now = engine.clock()
    for i in range(args.history):
        duration = rng.uniform(*args.history_seconds)
        engine.seed_finished(
            {"audio_url": f"https://media.example.com/h/{i}.mp3", "speech_models": MODELS},
            info=AudioInfo("audio/mpeg", "MPEG", duration),
            submitted_at=now - 86400 * 30 * (args.history - i) / max(1, args.history),
            processing_seconds=duration * 0.2,
        )
    low, high = args.active_seconds
    for i in range(args.active):
        engine.submit(
            {"audio_url": f"https://media.example.com/a/{i}.mp3", "speech_models": MODELS},
            audio=AudioInfo("audio/mpeg", "MPEG", rng.uniform(low, high)),
        )
    print(server.base_url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
