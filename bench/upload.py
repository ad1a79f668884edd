"""(e) Uploading large files: peak RSS and throughput, aai-tui against curl --data-binary.

RSS must stay flat as the file grows (the client streams from disk); throughput
should be at least 80% of curl's against the same endpoint.

    python -m bench.upload [--sizes-mb 256 1024]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, save, sim_process, table


def make_file(folder: Path, size_mb: int) -> Path:
    path = folder / f"upload-{size_mb}mb.bin"
    chunk = os.urandom(1024 * 1024)
    with path.open("wb") as handle:
        for _ in range(size_mb):
            handle.write(chunk)
    return path


def ours(base_url: str, path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.upload_probe", base_url, str(path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def curl(base_url: str, path: Path) -> dict:
    """curl --data-binary, as asked; this curl refuses files it cannot hold in memory
    (1 GB: "out of memory"), and then streams with -T (upload-file) instead."""
    base = [
        "curl",
        "-sS",
        "-o",
        "/dev/null",
        "-X",
        "POST",
        f"{base_url}/v2/upload",
        "-H",
        "authorization: bench-key",
        "-H",
        "content-type: application/octet-stream",
    ]
    for method, extra in (
        ("--data-binary", ["--data-binary", f"@{path}"]),
        ("-T", ["-T", str(path)]),
    ):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        done = subprocess.run([*base, *extra], capture_output=True)
        elapsed = time.perf_counter() - started
        if done.returncode == 0:
            after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            return {"seconds": elapsed, "peak_rss_mb": max(before, after) / 1024, "method": method}
    raise RuntimeError(f"curl failed: {done.stderr!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[256, 1024])
    args = parser.parse_args()
    rows, results = [], {}
    with tempfile.TemporaryDirectory(prefix="aai-bench-") as tmp, sim_process() as base_url:
        for size in args.sizes_mb:
            path = make_file(Path(tmp), size)
            mine, theirs = ours(base_url, path), curl(base_url, path)
            path.unlink()
            mb_s = size / mine["seconds"]
            curl_mb_s = size / theirs["seconds"]
            results[str(size)] = {
                "aai_tui": mine,
                "curl": theirs,
                "throughput_share": mb_s / curl_mb_s,
            }
            rows.append(
                [
                    f"{size} MB",
                    f"{mb_s:.0f} MB/s",
                    f"{mine['peak_rss_mb']:.0f} MB",
                    f"{curl_mb_s:.0f} MB/s ({theirs['method']})",
                    f"{theirs['peak_rss_mb']:.0f} MB",
                    f"{100 * mb_s / curl_mb_s:.0f}%",
                ]
            )
    print(
        table(
            [
                "file",
                "aai-tui",
                "aai-tui peak RSS",
                "curl",
                "curl peak RSS",
                "of curl's throughput",
            ],
            rows,
        )
    )
    print(f"saved {save('upload', {'results': results})}")


if __name__ == "__main__":
    main()
