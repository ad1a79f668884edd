"""(e) Uploading large files: peak RSS and throughput, aai-tui against curl streaming.

Both are timed the same way, from outside: each is a process, timed from launch to
exit (aai-tui's includes starting Python and importing its client; curl streams the
file with ``-T``, as aai-tui streams it).

RSS must stay flat as the file grows (the client streams from disk); throughput
should be at least 80% of curl's against the same endpoint. Each side runs
``--repeats`` times, alternating, and the median run is reported; each process's
own peak RSS comes from ``wait4``. The simulator keeps what it receives in a
RAM-backed folder (``/dev/shm`` when there is one), emptied after every run, and
the test file is flushed to disk before timing starts, so write-back does not decide
who wins. On a machine with two or more CPUs the simulator gets one and the client
the others, the same for both clients.

    python -m bench.upload [--sizes-mb 256 1024]
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

from bench.common import ROOT, pinned_to, save, separate_cpus, sim_process, table


def make_file(folder: Path, size_mb: int) -> Path:
    """A file of random bytes, flushed to disk so its write-back does not run (and take
    CPU and disk) during whichever measured runs come first."""
    path = folder / f"upload-{size_mb}mb.bin"
    chunk = os.urandom(1024 * 1024)
    with path.open("wb") as handle:
        for _ in range(size_mb):
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def measured(
    command: list[str], cpus: set[int] | None = None
) -> tuple[subprocess.CompletedProcess[bytes], float, float]:
    """Run ``command``; return it with its wall-clock seconds and its own peak RSS (MB).

    ``wait4`` gives this one child's rusage, so an earlier child's peak never leaks in.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=pinned_to(cpus),
    )
    stdout, stderr = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    done = subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)
    return done, elapsed, usage.ru_maxrss / 1024


def ours(base_url: str, path: Path, cpus: set[int] | None) -> dict:
    """One upload through aai-tui's client in a process of its own, timed from outside
    like curl (the time inside the process is kept beside it)."""
    command = [sys.executable, "-m", "bench.upload_probe", base_url, str(path)]
    done, elapsed, rss = measured(command, cpus)
    if done.returncode != 0:
        raise RuntimeError(f"the upload probe failed: {done.stderr[-500:]!r}")
    inside = json.loads(done.stdout)["seconds"]
    return {"seconds": elapsed, "seconds_inside": inside, "peak_rss_mb": rss}


def curl(base_url: str, path: Path, cpus: set[int] | None) -> dict:
    """curl streaming the file with -T (upload-file), as aai-tui streams it; its
    --data-binary reads the whole file into memory first (slower, and this curl
    refuses 1 GB with "out of memory")."""
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
    done, elapsed, rss = measured([*base, "-T", str(path)], cpus)
    if done.returncode != 0:
        raise RuntimeError(f"curl failed: {done.stderr!r}")
    return {"seconds": elapsed, "peak_rss_mb": rss, "method": "-T"}


def empty(folder: Path) -> None:
    """Remove the files the simulator received, keeping its folders."""
    for received in folder.rglob("*"):
        if received.is_file():
            received.unlink()


def median_run(runs: list[dict]) -> dict:
    """The run with the median time; peak RSS is the highest of all runs."""
    middle = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    return {
        **middle,
        "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
        "runs": len(runs),
        "all_seconds": sorted(round(run["seconds"], 3) for run in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[256, 1024])
    parser.add_argument("--repeats", type=int, default=5, help="alternating runs of each")
    args = parser.parse_args()
    rows, results = [], {}
    sim_cpus, client_cpus = separate_cpus()
    shm = Path("/dev/shm")
    with (
        tempfile.TemporaryDirectory(prefix="aai-bench-") as tmp,
        tempfile.TemporaryDirectory(
            prefix="aai-bench-sim-", dir=shm if shm.is_dir() else None
        ) as received,
        sim_process(env={"TMPDIR": received}, cpus=sim_cpus) as base_url,
    ):

        def ours_run() -> dict:
            try:
                return ours(base_url, path, client_cpus)
            finally:
                empty(Path(received))

        def curl_run() -> dict:
            try:
                return curl(base_url, path, client_cpus)
            finally:
                empty(Path(received))

        for size in args.sizes_mb:
            path = make_file(Path(tmp), size)
            ours_run()  # warm the page cache for both
            mine_runs, curl_runs = [], []
            for _ in range(args.repeats):
                mine_runs.append(ours_run())
                curl_runs.append(curl_run())
            mine, theirs = median_run(mine_runs), median_run(curl_runs)
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
    pinning = {"simulator_cpus": sorted(sim_cpus or []), "client_cpus": sorted(client_cpus or [])}
    print(f"saved {save('upload', {'results': results, 'pinning': pinning})}")


if __name__ == "__main__":
    main()
