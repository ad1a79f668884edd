"""Uploaded files, kept on disk so a 2 GB upload never sits in memory."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path


class UploadStore:
    """Files received by POST /v2/upload, by token, in a private temporary folder."""

    def __init__(self, root: Path | None = None) -> None:
        self._own_root = root is None
        self.root = root or Path(tempfile.mkdtemp(prefix="aai-sim-uploads-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._files: dict[str, Path] = {}

    def new_token(self) -> str:
        return str(uuid.uuid4())

    def partial_path(self, token: str) -> Path:
        return self.root / f"{token}.part"

    def commit(self, token: str) -> Path:
        """Make a fully received upload available under its token."""
        final = self.root / token
        os.replace(self.partial_path(token), final)
        with self._lock:
            self._files[token] = final
        return final

    def get(self, token: str) -> Path | None:
        with self._lock:
            return self._files.get(token)

    def drop(self, token: str) -> None:
        with self._lock:
            path = self._files.pop(token, None)
        if path:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
