"""Test helpers shared across suites: media files, a loopback file server, a live simulator."""

from __future__ import annotations

import math
import struct
import subprocess
import sys
import threading
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from aai_tui.sim.clock import ManualClock
from aai_tui.sim.server import SimConfig, SimServer

MEDIA = Path(__file__).parent / "fixtures" / "media"
#: Today's lineup (the 2026-08 spec's default).
SPEECH_MODELS = ["universal-3-5-pro", "universal-2"]
#: The lineup of spring 2026, when the seeds were written.
SPRING_2026_MODELS = ["universal-3-pro", "universal-2"]


def write_wav(path: Path, seconds: float, *, silent: bool = False, rate: int = 8000) -> Path:
    """A mono 16-bit WAV: a 440 Hz tone, or digital silence."""
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        amplitude = 0 if silent else 12000
        out.writeframes(
            b"".join(
                struct.pack("<h", int(amplitude * math.sin(2 * math.pi * 440 * i / rate)))
                for i in range(frames)
            )
        )
    return path


@dataclass
class LiveSim:
    server: SimServer
    clock: ManualClock

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.server.engine


@contextmanager
def running_sim(clock: ManualClock | None = None, **config: object) -> Iterator[LiveSim]:
    """A real simulator on a free loopback port, on a manual clock."""
    clock = clock or ManualClock()
    server = SimServer(SimConfig(port=0, **config), clock=clock)  # type: ignore[arg-type]
    server.start_in_thread()
    try:
        yield LiveSim(server, clock)
    finally:
        server.stop()


class _FileHandler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


@contextmanager
def file_server() -> Iterator[tuple[str, dict[str, tuple[int, dict[str, str], bytes]]]]:
    """A loopback HTTP server; fill the returned dict with path -> (status, headers, body)."""
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}
    handler = type("Handler", (_FileHandler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


def modules_loaded_after(code: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` a fresh interpreter has loaded after running ``code``."""
    loaded = f"n for n in {names!r} if sys.modules.get(n) is not None"
    probe = f"import sys; {code}; print(','.join({loaded}))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return [name for name in result.stdout.strip().split(",") if name]
