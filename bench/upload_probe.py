"""One upload of a file through AssemblyAIClient; prints seconds and peak RSS (MB) as JSON."""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

from aai_tui.api import AssemblyAIClient


async def main(base_url: str, path: str) -> None:
    async with AssemblyAIClient("bench-key", base_url) as client:
        started = time.perf_counter()
        await client.upload(path)
        elapsed = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_rss_mb": rss_mb}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
