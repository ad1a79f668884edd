"""(g) A batch to the end: ``aai-tui submit DIR --wait`` against the official Python SDK's
``Transcriber().transcribe_group`` on the same 100 short files, measured in the same run.

One simulator in its own process (a concurrency limit of 5, processing 20x faster than
real time); each side is its own process with its own key, timed from launch until it
exits, and its requests are counted from the simulator's per-key rate-limit figure.
Runs alternate between the two.

    python -m bench.batch [--files 100] [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, describe, save, sim_process, table
from bench.idle import remaining

SDK_SCRIPT = """
import sys
import assemblyai as aai
aai.settings.base_url = sys.argv[1]
aai.settings.api_key = sys.argv[2]
group = aai.Transcriber().transcribe_group(sys.argv[3:])
bad = [t for t in group.transcripts if t.status != "completed"]
print(len(group.transcripts), "done,", len(bad), "not completed")
"""


def make_files(folder: Path, count: int) -> list[Path]:
    from aai_tui.sim.content import silent_wav

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"clip-{i:03d}.wav"
        path.write_bytes(silent_wav(10 + i % 20, rate=8000))
        paths.append(path)
    return paths


def timed(command: list[str], env: dict[str, str], base_url: str, key: str) -> dict[str, float]:
    before = remaining(base_url, key)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr[-1000:])
    requests = before - remaining(base_url, key) - 1
    return {"seconds": seconds, "requests": float(requests)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="aai-batch-") as scratch:
        files = make_files(Path(scratch) / "clips", args.files)
        with sim_process("--concurrency", "5", "--speed", "20") as base_url:
            for run in range(args.runs):
                home = Path(scratch) / f"home-{run}"
                env = {
                    **os.environ,
                    "PYTHONPATH": str(ROOT),
                    **{f"XDG_{k}_HOME": str(home / k.lower()) for k in ("CONFIG", "DATA", "STATE")},
                }
                aai = timed(
                    [
                        sys.executable,
                        "-m",
                        "aai_tui",
                        "--base-url",
                        base_url,
                        "--api-key",
                        f"key-aai-{run}",
                        "submit",
                        str(files[0].parent),
                        "--wait",
                    ],
                    env,
                    base_url,
                    f"key-aai-{run}",
                )
                sdk = timed(
                    [
                        sys.executable,
                        "-c",
                        SDK_SCRIPT,
                        base_url,
                        f"key-sdk-{run}",
                        *map(str, files),
                    ],
                    env,
                    base_url,
                    f"key-sdk-{run}",
                )
                for name, figures in (
                    ("aai-tui submit --wait", aai),
                    ("SDK transcribe_group", sdk),
                ):
                    results.setdefault(name, []).append(figures)
                    print(f"run {run + 1} {name}: {json.dumps(figures)}", flush=True)
    rows = []
    summary = {}
    for name, runs in results.items():
        seconds = describe([r["seconds"] for r in runs])["p50"]
        requests = describe([r["requests"] for r in runs])["p50"]
        summary[name] = {"seconds": seconds, "requests": requests}
        rows.append([name, f"{seconds:.1f} s", f"{requests:.0f}"])
    print(table([f"{args.files} short files to the end (medians)", "wall time", "requests"], rows))
    save("batch", {"files": args.files, "runs": args.runs, "results": summary})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
