"""An async client for every pre-recorded endpoint of the AssemblyAI API.

One shared :class:`httpx.AsyncClient` carries all traffic. GET and DELETE are
retried on transient failures; the two POSTs are never sent again once the server
may have received them, because a second job costs the user money.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal
from urllib.parse import quote, urlsplit

import httpx

from aai_tui import __version__
from aai_tui.api.errors import RETRYABLE_STATUSES, ApiError, ErrorKind, message_from_body
from aai_tui.api.models import (
    ParagraphsResponse,
    RedactedAudio,
    SentencesResponse,
    Transcript,
    TranscriptPage,
    TranscriptStatus,
    WordSearchResult,
)
from aai_tui.api.ratelimit import RateLimitState, parse_retry_after
from aai_tui.api.retry import RetryPolicy
from aai_tui.redact import mask, register_secret

log = logging.getLogger("aai_tui.api")

#: Called as ``progress(bytes_sent, total_bytes)`` while an upload streams.
ProgressCallback = Callable[[int, int], None]
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
SubtitleFormat = Literal["srt", "vtt"]

UPLOAD_CHUNK_SIZE = 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
#: Uploads may take long between the last byte and the answer; reads wait longer.
UPLOAD_TIMEOUT = httpx.Timeout(30.0, connect=10.0, read=300.0, write=120.0)
#: What a transcript id may be: the API's are UUIDs; anything that could name a path or
#: carry escapes is not an id.
TRANSCRIPT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
KNOWN_STATUSES = frozenset(status.value for status in TranscriptStatus)
#: Answers at least this long are decoded and parsed off the event loop.
PARSE_OFF_LOOP_BYTES = 64 * 1024
#: A whole request (not an upload) ends within this many seconds: a server that trickles
#: one byte at a time never trips a read timeout, which counts the gap between bytes.
DEFAULT_DEADLINE = 60.0


@dataclass(frozen=True, slots=True)
class _Outcome:
    """A failed attempt, classified: what it was and whether to try again."""

    error: ApiError
    retry: bool
    server_wait: float | None


def _classify_transport_error(exc: httpx.HTTPError) -> ErrorKind:
    # A connect failure or a pool timeout proves no byte of the request left.
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return ErrorKind.CONNECT
    if isinstance(exc, httpx.TimeoutException):
        return ErrorKind.TIMEOUT
    return ErrorKind.NETWORK


def _describe_transport_error(exc: httpx.HTTPError, kind: ErrorKind) -> str:
    detail = str(exc) or type(exc).__name__
    return {
        ErrorKind.CONNECT: f"could not connect: {detail}",
        ErrorKind.TIMEOUT: f"no answer in time: {detail}",
        ErrorKind.NETWORK: f"connection lost: {detail}",
    }.get(kind, detail)


class AssemblyAIClient:
    """Typed access to /v2/upload and /v2/transcript[...] over one connection pool.

    ``sleep`` and ``clock`` are injectable so that retry timing is tested without
    real waiting.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = "https://api.assemblyai.com",
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry_policy: RetryPolicy | None = None,
        rate_limits: RateLimitState | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        deadline: float | None = DEFAULT_DEADLINE,
        wall_clock: Clock = time.time,
    ) -> None:
        if not api_key:
            raise ValueError("an API key is required")
        register_secret(api_key)
        self._key_hint = mask(api_key)
        self.base_url = base_url.rstrip("/")
        self.retry_policy = retry_policy or RetryPolicy()
        self.rate_limits = rate_limits or RateLimitState(clock=clock)
        self._sleep = sleep
        self._clock = clock
        self.deadline = deadline
        self._wall_clock = wall_clock
        #: Server clock minus this machine's, from the last answer's Date header
        #: (whole seconds): how a job's ``created`` time compares with a local one.
        self.server_clock_offset: float | None = None
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers={"authorization": api_key, "user-agent": f"aai-tui/{__version__}"},
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"AssemblyAIClient(base_url={self.base_url!r}, api_key={self._key_hint!r})"

    def with_retry_policy(self, policy: RetryPolicy) -> AssemblyAIClient:
        """A view that shares this client's connections and rate-limit state but retries
        differently (the tracker reports trouble itself instead of waiting it out).
        Close only the original."""
        view = copy.copy(self)
        view.retry_policy = policy
        return view

    async def __aenter__(self) -> AssemblyAIClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # ----------------------------------------------------------------- uploads

    async def upload(
        self,
        path: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        chunk_size: int = UPLOAD_CHUNK_SIZE,
    ) -> str:
        """Stream a local file to POST /v2/upload and return its ``upload_url``.

        The file is read in chunks as it is sent, so its size never sits in memory.
        """
        file_path = Path(path)
        total = file_path.stat().st_size

        def body() -> AsyncIterator[bytes]:
            return _read_chunks(file_path, chunk_size, total, progress)

        response = await self._request(
            "POST",
            "/v2/upload",
            content_factory=body,
            headers={"content-type": "application/octet-stream", "content-length": str(total)},
            timeout=UPLOAD_TIMEOUT,
        )
        data = self._json(response)
        upload_url = data.get("upload_url")
        if not isinstance(upload_url, str):
            raise self._protocol_error(response, "the upload answer has no upload_url")
        return upload_url

    # ------------------------------------------------------------- transcripts

    async def create_transcript(self, params: Mapping[str, Any]) -> Transcript:
        """POST /v2/transcript. Never re-sent once the server may have received it."""
        response = await self._request("POST", "/v2/transcript", json=dict(params))
        return self._transcript(response, known_status=True)

    async def get_transcript(self, transcript_id: str, *, bulk: bool = True) -> Transcript:
        """One transcript; ``bulk=False`` leaves out its word and utterance lists. A
        long one is decoded and parsed in a thread: 30 minutes of audio is about
        400 KB of JSON, tens of milliseconds the event loop (and the screen) would wait."""
        response = await self._request("GET", _transcript_path(transcript_id))
        if len(response.content) >= PARSE_OFF_LOOP_BYTES:
            return await asyncio.to_thread(self._transcript, response, bulk=bulk)
        return self._transcript(response, bulk=bulk)

    async def delete_transcript(self, transcript_id: str) -> Transcript:
        response = await self._request("DELETE", _transcript_path(transcript_id))
        return self._transcript(response)

    def _transcript(
        self, response: httpx.Response, *, known_status: bool = False, bulk: bool = True
    ) -> Transcript:
        """A transcript is believed only when it has the API's shape: an id of safe
        characters and a status in words. A create's status must be one the API
        documents (the journal records the job as created on it); elsewhere a status
        added tomorrow reads as "still in flight"."""
        data = self._json(response)
        transcript_id, status = data.get("id"), data.get("status")
        if not isinstance(transcript_id, str) or not TRANSCRIPT_ID.fullmatch(transcript_id):
            raise self._protocol_error(
                response, f"not an AssemblyAI answer: the transcript id is {transcript_id!r}"
            )
        if not isinstance(status, str) or (known_status and status not in KNOWN_STATUSES):
            raise self._protocol_error(
                response, f"not an AssemblyAI answer: the transcript status is {status!r}"
            )
        return Transcript.from_json(data, bulk=bulk)

    async def list_transcripts(
        self,
        *,
        limit: int | None = None,
        status: TranscriptStatus | str | None = None,
        created_on: date | str | None = None,
        before_id: str | None = None,
        after_id: str | None = None,
        throttled_only: bool | None = None,
    ) -> TranscriptPage:
        """GET /v2/transcript, newest first."""
        params: dict[str, str] = {}
        if limit is not None:
            params["limit"] = str(limit)
        if status:
            params["status"] = str(status)
        if created_on:
            params["created_on"] = (
                created_on.isoformat() if isinstance(created_on, date) else created_on
            )
        if before_id:
            params["before_id"] = before_id
        if after_id:
            params["after_id"] = after_id
        if throttled_only is not None:
            params["throttled_only"] = "true" if throttled_only else "false"
        response = await self._request("GET", "/v2/transcript", params=params)
        return TranscriptPage.from_json(self._json(response))

    async def list_transcripts_at(self, page_url: str) -> TranscriptPage:
        """Follow a ``page_details`` URL (prev_url: older, next_url: newer).

        Only its query is used, sent to this client's own base URL, so a link can
        never carry the key to another host.
        """
        parts = urlsplit(page_url)
        if parts.path.rstrip("/") != "/v2/transcript":
            raise ApiError(
                f"not a transcript list URL: {page_url}",
                method="GET",
                path=parts.path,
                kind=ErrorKind.PROTOCOL,
            )
        query = httpx.QueryParams(parts.query)
        response = await self._request("GET", "/v2/transcript", params=query)
        return TranscriptPage.from_json(self._json(response))

    # ----------------------------------------------------------------- exports

    async def get_subtitles(
        self,
        transcript_id: str,
        subtitle_format: SubtitleFormat | str = "srt",
        *,
        chars_per_caption: int | None = None,
    ) -> str:
        """GET /v2/transcript/{id}/srt or /vtt, as text."""
        params = {"chars_per_caption": str(chars_per_caption)} if chars_per_caption else None
        path = f"{_transcript_path(transcript_id)}/{quote(subtitle_format, safe='')}"
        response = await self._request("GET", path, params=params)
        return response.text

    async def get_sentences(self, transcript_id: str) -> SentencesResponse:
        response = await self._request("GET", f"{_transcript_path(transcript_id)}/sentences")
        return SentencesResponse.from_json(self._json(response))

    async def get_paragraphs(self, transcript_id: str) -> ParagraphsResponse:
        response = await self._request("GET", f"{_transcript_path(transcript_id)}/paragraphs")
        return ParagraphsResponse.from_json(self._json(response))

    async def word_search(self, transcript_id: str, words: Sequence[str]) -> WordSearchResult:
        """GET /v2/transcript/{id}/word-search?words=a,b."""
        params = {"words": ",".join(words)}
        response = await self._request(
            "GET", f"{_transcript_path(transcript_id)}/word-search", params=params
        )
        return WordSearchResult.from_json(self._json(response))

    async def get_redacted_audio(self, transcript_id: str) -> RedactedAudio:
        response = await self._request("GET", f"{_transcript_path(transcript_id)}/redacted-audio")
        return RedactedAudio.from_json(self._json(response))

    async def get_json(self, path: str) -> dict[str, Any]:
        """The raw JSON of a GET, for exports that keep every field."""
        return self._json(await self._request("GET", path))

    # ---------------------------------------------------------------- plumbing

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | httpx.QueryParams | None = None,
        json: Any = None,
        content_factory: Callable[[], AsyncIterator[bytes]] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> httpx.Response:
        idempotent = method in ("GET", "DELETE", "HEAD")
        attempt = 0
        while True:
            attempt += 1
            started = self._clock()
            try:
                response = await self._within_deadline(
                    self._http.request(
                        method,
                        path,
                        params=params,
                        json=json,
                        content=content_factory() if content_factory else None,
                        headers=headers,
                        timeout=timeout or self._http.timeout,
                    ),
                    upload=content_factory is not None,
                )
            except httpx.HTTPError as exc:
                outcome = self._transport_failure(method, path, exc, idempotent)
                log.warning(
                    "%s %s failed after %.0f ms: %s",
                    method,
                    path,
                    (self._clock() - started) * 1000,
                    outcome.error.message,
                )
            else:
                elapsed_ms = (self._clock() - started) * 1000
                self._observe_date(response.headers.get("date"))
                snapshot = self.rate_limits.observe(response.headers, response.status_code)
                log.info("%s %s -> %d in %.0f ms", method, path, response.status_code, elapsed_ms)
                if response.status_code < 400:
                    return response
                outcome = self._http_failure(method, path, response, idempotent, snapshot)
            if not outcome.retry or attempt >= self.retry_policy.max_attempts:
                raise outcome.error
            delay = self.retry_policy.delay(attempt, outcome.server_wait)
            log.warning(
                "retrying %s %s in %.2f s (attempt %d of %d) because %s",
                method,
                path,
                delay,
                attempt + 1,
                self.retry_policy.max_attempts,
                outcome.error.message
                if outcome.error.status is None
                else f"HTTP {outcome.error.status}",
            )
            await self._sleep(delay)

    def _observe_date(self, value: str | None) -> None:
        if not value:
            return
        try:
            server_time = parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return
        self.server_clock_offset = server_time - self._wall_clock()

    async def _within_deadline(
        self, request: Awaitable[httpx.Response], *, upload: bool
    ) -> httpx.Response:
        """The answer, or a timeout once the whole request took longer than the deadline
        (uploads are bounded by their per-chunk timeouts instead: size sets their time)."""
        if upload or self.deadline is None:
            return await request
        try:
            return await asyncio.wait_for(request, self.deadline)
        except TimeoutError:
            raise httpx.ReadTimeout(
                f"no whole answer within {self.deadline:g} s (the server sent too slowly)"
            ) from None

    def _transport_failure(
        self, method: str, path: str, exc: httpx.HTTPError, idempotent: bool
    ) -> _Outcome:
        kind = _classify_transport_error(exc)
        error = ApiError(_describe_transport_error(exc, kind), method=method, path=path, kind=kind)
        # A POST is retried only when the failure proves nothing reached the server.
        retry = kind is ErrorKind.CONNECT or idempotent
        return _Outcome(error, retry, None)

    def _http_failure(
        self,
        method: str,
        path: str,
        response: httpx.Response,
        idempotent: bool,
        snapshot: Any,
    ) -> _Outcome:
        message, _ = message_from_body(response.content, response.headers.get("content-type", ""))
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        server_wait = retry_after
        if server_wait is None and status == 429 and snapshot.reset_at is not None:
            server_wait = max(0.0, snapshot.reset_at - self._clock())
        error = ApiError(
            message or response.reason_phrase or f"HTTP {status}",
            status=status,
            method=method,
            path=path,
            retry_after=server_wait,
        )
        return _Outcome(error, idempotent and status in RETRYABLE_STATUSES, server_wait)

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            content_type = response.headers.get("content-type", "no content type")
            raise self._protocol_error(
                response,
                f"expected JSON from an AssemblyAI API but got {content_type}: "
                f"{message_from_body(response.content, '')[0][:200]}",
            )
        return data

    @staticmethod
    def _protocol_error(response: httpx.Response, message: str) -> ApiError:
        return ApiError(
            message,
            status=response.status_code,
            method=response.request.method,
            path=response.request.url.path,
            kind=ErrorKind.PROTOCOL,
        )


def _transcript_path(transcript_id: str) -> str:
    if not transcript_id:
        raise ValueError("a transcript id is required")
    return f"/v2/transcript/{quote(transcript_id, safe='')}"


async def _read_chunks(
    path: Path, chunk_size: int, total: int, progress: ProgressCallback | None
) -> AsyncIterator[bytes]:
    """Yield a file in chunks, reporting bytes sent.

    Reads happen off the event loop, one chunk ahead, so the disk is read while the
    previous chunk is on the wire; at most two chunks are in memory.
    """
    sent = 0
    if progress:
        progress(0, total)
    handle = path.open("rb")
    ahead: asyncio.Future[bytes] = asyncio.ensure_future(asyncio.to_thread(handle.read, chunk_size))
    try:
        while chunk := await ahead:
            ahead = asyncio.ensure_future(asyncio.to_thread(handle.read, chunk_size))
            sent += len(chunk)
            yield chunk
            if progress:
                progress(sent, total)
    finally:
        _close_after(ahead, handle)


def _close_after(read: asyncio.Future[bytes], handle: BinaryIO) -> None:
    """Close ``handle`` once a read still running in a thread has finished with it."""

    def close(done: asyncio.Future[bytes]) -> None:
        if not done.cancelled():
            done.exception()  # retrieved, so an abandoned read is not reported as lost
        handle.close()

    if read.done():
        close(read)
    else:
        read.add_done_callback(close)
