"""A program in its own pseudo-terminal, as a user's terminal would run it: keys go in,
the screen's text comes out, and every wait is timed from the outside."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable

from bench.common import ROOT

#: Terminal control sequences, removed before looking for text on the screen.
CONTROL = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>78]")


XDG_KINDS = ("CONFIG", "DATA", "STATE", "CACHE")


def terminal_env(home: str) -> dict[str, str]:
    """This environment, with private XDG folders under ``home`` (config, journal, log)."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
        **{f"XDG_{kind}_HOME": f"{home}/{kind.lower()}" for kind in XDG_KINDS},
    }


class Terminal:
    """``python <args>`` in a pseudo-terminal of ``rows`` x ``columns``."""

    def __init__(self, args: list[str], env: dict[str, str], rows: int, columns: int) -> None:
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size its terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, *args], env)
        self.seen = ""
        self.bytes_read = 0  # everything the program wrote to its terminal

    def cpu_seconds(self) -> float:
        """User and system CPU the program has used so far (Linux /proc)."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def read(self, timeout: float) -> str:
        """The screen text that arrives within ``timeout`` seconds ("" if none)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return ""
        try:
            chunk = os.read(self.fd, 65536)
            self.bytes_read += len(chunk)
        except OSError:  # the program is gone
            raise RuntimeError(f"the program ended; last output: {self.seen[-300:]!r}") from None
        text = CONTROL.sub("", chunk.decode("utf-8", "replace"))
        self.seen = (self.seen + text)[-200_000:]
        return text

    def wait_for(self, found: Callable[[str], bool], timeout: float = 20.0) -> float:
        """Read until ``found(text read so far)``; return the perf_counter time it came."""
        deadline = time.perf_counter() + timeout
        text = ""
        while time.perf_counter() < deadline:
            text += self.read(0.2)
            if found(text):
                return time.perf_counter()
        raise RuntimeError(f"not seen in {timeout:g} s; last output: {self.seen[-300:]!r}")

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            self.read(left)

    def kill(self) -> float:
        """Stop the program; return its peak RSS in MB."""
        os.kill(self.pid, signal.SIGKILL)
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss / 1024
