"""Every benchmark, one after another, on this machine: ``python -m bench``.

Each prints its table and saves its figures to bench/results/<name>.json; the
README's Benchmarks section quotes the latest run.
"""

from __future__ import annotations

import subprocess
import sys

from bench.common import ROOT

BENCHMARKS = (
    "requests_per_minute",
    "terminal_latency",
    "startup",
    "scale",
    "keys",
    "upload",
    "idle",
    "batch",
    "freshness",
    "soak",
)


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n== {name}", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=ROOT).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
