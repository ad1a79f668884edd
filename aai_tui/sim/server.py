"""The simulator's HTTP face: a Starlette app served by uvicorn on loopback.

Requests pass auth, then the rate limiter, then fault injection, then the
endpoint. The endpoints talk to :class:`~aai_tui.sim.engine.Engine`; nothing here
keeps job state of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import socket
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from aai_tui.api import error_messages as messages
from aai_tui.media import AudioInfo, probe
from aai_tui.sim import content
from aai_tui.sim.clock import Clock, SystemClock
from aai_tui.sim.demo import seed_demo_account
from aai_tui.sim.engine import MAX_CONTENT_LENGTH, Engine, Job, is_loopback_host
from aai_tui.sim.faults import Fault, FaultInjector, get_profile
from aai_tui.sim.ratelimit import DEFAULT_LIMIT, DEFAULT_WINDOW, FixedWindowLimiter
from aai_tui.sim.store import UploadStore
from aai_tui.sim.validation import RequestRejected, ServerRules, validate_create

log = logging.getLogger("aai_tui.sim")
STATUSES = ("queued", "processing", "completed", "error")
#: Where redacted audio files are served from, without a key.
REDACTED_PREFIX = "/v2/redacted/"
TICK_SECONDS = 0.2


@dataclass(frozen=True)
class SimConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = None
    speed: float = 1.0
    concurrency: int = 5
    rate_limit: int = DEFAULT_LIMIT
    rate_window: float = DEFAULT_WINDOW
    faults: str = "none"
    seed: int | None = None
    demo_data: bool = False
    #: The account's model lineup, in default order; None is today's.
    speech_models: tuple[str, ...] | None = None
    #: Models refused with a message naming the lineup; None: universal-3-pro unless
    #: the lineup has it (then the server answers as in spring 2026).
    retired_models: tuple[str, ...] | None = None
    #: Refuse ``authorization: Bearer ...``, the commonest real mistake (on in --demo).
    strict_auth: bool = False
    #: Hours of audio the account can still pay for; None is unlimited.
    balance_hours: float | None = None
    #: Seconds added before every answer: a real network's round trip, on loopback.
    latency: float = 0.0

    @property
    def rules(self) -> ServerRules:
        return ServerRules.for_lineup(self.speech_models, self.retired_models)


def error(message: str, status: int = 400, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class Connections:
    """The open TCP transports by peer address, so a fault can really drop one."""

    def __init__(self) -> None:
        self._by_peer: dict[tuple[str, int], asyncio.Transport] = {}

    def protocol_class(self) -> type[H11Protocol]:
        registry = self._by_peer

        class TrackedH11Protocol(H11Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                peer = transport.get_extra_info("peername")
                if peer:
                    registry[(peer[0], peer[1])] = transport  # type: ignore[assignment]  # uvicorn gives a Transport
                sock = transport.get_extra_info("socket")
                if sock is not None:
                    # An answer goes out at once: with Nagle's algorithm on, a body written
                    # after its headers waited for the client's delayed ACK (about 40 ms a
                    # request on a kept-alive connection; the API has no such stall).
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                super().connection_made(transport)  # type: ignore[arg-type]  # uvicorn's own signature

            def connection_lost(self, exc: Exception | None) -> None:
                peer = self.transport.get_extra_info("peername") if self.transport else None
                if peer:
                    registry.pop((peer[0], peer[1]), None)
                super().connection_lost(exc)

        return TrackedH11Protocol

    def abort(self, scope: Scope) -> None:
        client = scope.get("client")
        transport = self._by_peer.get((client[0], client[1])) if client else None
        if transport is not None:
            transport.abort()


class Gatekeeper:
    """ASGI middleware: authentication, rate limit headers, and injected faults."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        api_key: str | None,
        limiter: FixedWindowLimiter,
        faults: FaultInjector,
        connections: Connections,
        strict_auth: bool = False,
        latency: float = 0.0,
    ) -> None:
        self.app = app
        self.latency = latency
        self.api_key = api_key
        self.strict_auth = strict_auth
        self.limiter = limiter
        self.faults = faults
        self.connections = connections

    def _dated(self, send: Send) -> Send:
        """Every answer carries a Date header from the simulator's own clock, as a real
        server's comes from its clock: clients measure their skew from it."""

        async def with_date(message: Message) -> None:
            if message["type"] == "http.response.start":
                stamp = formatdate(self.limiter.clock(), usegmt=True)
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", stamp.encode())]}
            await send(message)

        return with_date

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._dated(send)
        if self.latency:
            await asyncio.sleep(self.latency)
        if scope["path"].startswith(REDACTED_PREFIX):
            # Redacted audio is fetched like any presigned URL: no key.
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        key = headers.get("authorization", "").strip()
        if self.strict_auth and key.lower().startswith("bearer "):
            key = ""  # AssemblyAI takes the bare key: "Bearer x" is no key at all
        verdict = self.limiter.check(key or "anonymous")

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in verdict.headers.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if not key or (self.api_key is not None and key != self.api_key):
            await _drain(receive)
            await error(messages.AUTH_INVALID, 401)(scope, receive, send_with_limits)
            return
        if not verdict.allowed:
            await _drain(receive)
            await error(messages.TOO_MANY_REQUESTS, 429)(scope, receive, send_with_limits)
            return
        delay = self.faults.delay()
        if delay:
            await asyncio.sleep(delay)
        acts = scope["method"] in ("POST", "DELETE")
        fault = self.faults.request_fault(acts=acts)
        if fault is Fault.NONE:
            try:
                await self.app(scope, receive, send_with_limits)
            except ClientDisconnect:
                # the client went away mid-request (killed, timed out): nobody to answer,
                # and nothing for the person running the simulator to read
                log.info("client left during %s %s", scope["method"], scope["path"])
            return
        log.info("fault %s on %s %s", fault.value, scope["method"], scope["path"])
        if fault is Fault.DROP_AFTER_ACT:

            async def swallow(message: Message) -> None:
                return None

            await self.app(scope, receive, swallow)
            self.connections.abort(scope)
            return
        await _drain(receive)
        if fault is Fault.DROP:
            self.connections.abort(scope)
            return
        responses: dict[Fault, Callable[[], Response]] = {
            Fault.ERROR_500: lambda: error(messages.INTERNAL_SERVER_ERROR, 500),
            Fault.ERROR_503: lambda: PlainTextResponse("Service Unavailable", 503),
            Fault.ERROR_504: lambda: PlainTextResponse("Gateway Timeout", 504),
            Fault.ERROR_429: lambda: error(messages.TOO_MANY_REQUESTS, 429, {"Retry-After": "1"}),
        }
        await responses[fault]()(scope, receive, send_with_limits)


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _list_query_problem(items: list[tuple[str, str]]) -> str | None:
    """The first query parameter of GET /v2/transcript the API would refuse, in its words."""
    seen: set[str] = set()
    for name, value in items:
        if name in seen:
            return f"'{name}' must be given once"
        seen.add(name)
        if name == "limit":
            try:
                limit = int(value)
            except ValueError:
                return "'limit' must be an integer"
            if limit < 1:
                return messages.LIMIT_TOO_LOW
            if limit > 200:
                return messages.LIMIT_TOO_HIGH
        elif name == "status" and value not in STATUSES:
            return f"'status' must be one of {', '.join(STATUSES)}"
        elif name == "created_on":
            try:
                if not _DATE.fullmatch(value):
                    raise ValueError(value)
                date.fromisoformat(value)
            except ValueError:
                return "'created_on' must be a date, such as 2026-11-22"
        elif name in ("before_id", "after_id") and not _UUID.fullmatch(value):
            return f"'{name}' must be a transcript id"
        elif name == "throttled_only" and value not in ("true", "false"):
            return "'throttled_only' must be true or false"
    return None


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


class SimApi:
    """The endpoints, bound to one engine and one upload store."""

    def __init__(
        self,
        engine: Engine,
        store: UploadStore,
        base_url: str,
        *,
        rules: ServerRules | None = None,
        balance_hours: float | None = None,
    ) -> None:
        self.engine = engine
        self.store = store
        self.base_url = base_url
        self.rules = rules or ServerRules()
        if balance_hours is not None:
            engine.balance_seconds = balance_hours * 3600
        self.engine.upload_prefix = f"{base_url}/v2/uploads/"
        self._background: set[asyncio.Task[None]] = set()
        self._fetcher: httpx.AsyncClient | None = None

    def routes(self) -> list[Route]:
        tid = "/v2/transcript/{transcript_id}"
        return [
            Route("/v2/upload", self.upload, methods=["POST"]),
            Route("/v2/transcript", self.create, methods=["POST"]),
            Route("/v2/transcript", self.list_transcripts, methods=["GET"]),
            Route(tid, self.get, methods=["GET"]),
            Route(tid, self.delete, methods=["DELETE"]),
            Route(f"{tid}/sentences", self.sentences, methods=["GET"]),
            Route(f"{tid}/paragraphs", self.paragraphs, methods=["GET"]),
            Route(f"{tid}/word-search", self.word_search, methods=["GET"]),
            Route(f"{tid}/redacted-audio", self.redacted_audio, methods=["GET"]),
            Route(REDACTED_PREFIX + "{name}", self.redacted_file, methods=["GET"]),
            Route(tid + "/{subtitle_format}", self.subtitles, methods=["GET"]),
        ]

    # ------------------------------------------------------------ uploads

    async def upload(self, request: Request) -> Response:
        token = self.store.new_token()
        partial = self.store.partial_path(token)
        size = 0
        try:
            with partial.open("wb") as handle:
                async for chunk in request.stream():
                    if chunk:
                        handle.write(chunk)
                        size += len(chunk)
        except ClientDisconnect:
            partial.unlink(missing_ok=True)
            log.info("upload abandoned by the client after %d bytes", size)
            return Response(status_code=499)
        if size == 0:
            partial.unlink(missing_ok=True)
            return PlainTextResponse(messages.UPLOAD_EMPTY, 422)
        self.store.commit(token)
        return JSONResponse({"upload_url": f"{self.engine.upload_prefix}{token}"})

    def _probe_upload(self, token: str) -> AudioInfo | None:
        path = self.store.get(token)
        return probe(path) if path else None

    # -------------------------------------------------------- transcripts

    async def create(self, request: Request) -> Response:
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            return error(messages.JSON_INVALID)
        try:
            params = validate_create(body, self.rules)
        except RequestRejected as rejected:
            return error(rejected.message, rejected.status)
        if self.engine.balance_exhausted():
            return error(messages.INSUFFICIENT_FUNDS)
        job, needs_fetch = await asyncio.to_thread(
            self.engine.submit, params, resolve_upload=self._probe_upload
        )
        if needs_fetch:
            self._spawn(self._fetch_audio(job))
        return JSONResponse(self.engine.transcript_json(job))

    def _spawn(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _fetch_audio(self, job: Job) -> None:
        """Download a loopback audio_url, checking its size before reading a byte."""
        url = job.audio_url
        if self._fetcher is None:
            self._fetcher = httpx.AsyncClient(
                trust_env=False, follow_redirects=False, timeout=httpx.Timeout(30.0)
            )
        with tempfile.NamedTemporaryFile(prefix="aai-sim-fetch-", delete=False) as handle:
            target = Path(handle.name)
        try:
            async with self._fetcher.stream("GET", url) as response:
                if response.status_code >= 400:
                    self.engine.resolve_fetch(job.id, failure=messages.download_error(url))
                    return
                length = response.headers.get("content-length")
                if length and length.isdigit() and int(length) > MAX_CONTENT_LENGTH:
                    failure = messages.too_large(url, int(length), MAX_CONTENT_LENGTH)
                    self.engine.resolve_fetch(job.id, failure=failure)
                    return
                received = 0
                with target.open("wb") as out:
                    async for chunk in response.aiter_bytes():
                        received += len(chunk)
                        if received > MAX_CONTENT_LENGTH:
                            failure = messages.too_large(url, received, MAX_CONTENT_LENGTH)
                            self.engine.resolve_fetch(job.id, failure=failure)
                            return
                        out.write(chunk)
            info = await asyncio.to_thread(probe, target)
            self.engine.resolve_fetch(job.id, info=info)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError):
            # a URL httpx cannot even send (control characters...) fails like any other
            self.engine.resolve_fetch(job.id, failure=messages.download_error(url))
        finally:
            target.unlink(missing_ok=True)

    async def list_transcripts(self, request: Request) -> Response:
        query = request.query_params
        problem = _list_query_problem(query.multi_items())
        if problem:
            return error(problem)
        limit = int(query.get("limit", "10"))
        status = query.get("status")
        before, after = query.get("before_id"), query.get("after_id")
        if before and after and not self.engine.is_newer(after, before):
            return error("'after_id' must be a newer transcript than 'before_id'")
        throttled_only = query.get("throttled_only", "false") == "true"
        jobs, has_older, has_newer = self.engine.list_jobs(
            limit=limit,
            status=status,
            created_on=query.get("created_on"),
            before_id=query.get("before_id"),
            after_id=query.get("after_id"),
            throttled_only=throttled_only,
        )
        keep = {k: v for k, v in query.items() if k in ("status", "created_on", "throttled_only")}

        def page_url(**cursor: str) -> str:
            return f"{self.base_url}/v2/transcript?{urlencode({'limit': limit, **keep, **cursor})}"

        current = f"{self.base_url}/v2/transcript"
        if request.url.query:
            current += f"?{request.url.query}"
        return JSONResponse(
            {
                "page_details": {
                    "limit": limit,
                    "result_count": len(jobs),
                    "current_url": current,
                    "prev_url": page_url(before_id=jobs[-1].id) if has_older else None,
                    "next_url": page_url(after_id=jobs[0].id) if has_newer else None,
                },
                "transcripts": [self.engine.list_item_json(j, self.base_url) for j in jobs],
            }
        )

    def _job(self, request: Request) -> Job | Response:
        job = self.engine.get(request.path_params["transcript_id"])
        if job is None:
            return error(messages.TRANSCRIPT_NOT_FOUND)
        return job

    async def get(self, request: Request) -> Response:
        job = self._job(request)
        if isinstance(job, Response):
            return job
        return JSONResponse(self.engine.transcript_json(job))

    async def delete(self, request: Request) -> Response:
        job = self._job(request)
        if isinstance(job, Response):
            return job
        job, token = self.engine.delete(job.id)
        if token:
            self.store.drop(token)
        return JSONResponse(self.engine.transcript_json(job))

    # ------------------------------------------------------------ exports

    def _completed(self, request: Request, what: str) -> Job | Response:
        job = self._job(request)
        if isinstance(job, Response):
            return job
        if job.status != "completed":
            return error(messages.export_not_ready(job.status, what))
        return job

    def _words(self, job: Job) -> list[dict[str, Any]]:
        return [] if job.deleted else self.engine.words_of(job)

    async def subtitles(self, request: Request) -> Response:
        subtitle_format = request.path_params["subtitle_format"]
        if subtitle_format not in ("srt", "vtt"):
            return Response(
                messages.SUBTITLE_FORMAT_NOT_FOUND, 404, media_type="text/html; charset=utf-8"
            )
        job = self._completed(request, "captions")
        if isinstance(job, Response):
            return job
        raw = request.query_params.get("chars_per_caption")
        if raw is not None and not raw.lstrip("-").isdigit():
            return error("'chars_per_caption' must be an integer")
        chars = int(raw) if raw and raw.isdigit() and int(raw) > 0 else None
        render = content.srt if subtitle_format == "srt" else content.vtt
        return PlainTextResponse(render(self._words(job), chars))

    async def sentences(self, request: Request) -> Response:
        return await self._grouped(request, "sentences", content.sentences)

    async def paragraphs(self, request: Request) -> Response:
        return await self._grouped(request, "paragraphs", content.paragraphs)

    async def _grouped(
        self,
        request: Request,
        what: str,
        group: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
    ) -> Response:
        job = self._completed(request, what)
        if isinstance(job, Response):
            return job
        words = self._words(job)
        transcript = self.engine.transcript_json(job)
        return JSONResponse(
            {
                "id": job.id,
                "confidence": transcript["confidence"] or 0.0,
                "audio_duration": transcript["audio_duration"] or 0,
                what: group(words),
            }
        )

    async def word_search(self, request: Request) -> Response:
        job = self._job(request)
        if isinstance(job, Response):
            return job
        raw = request.query_params.get("words", "")
        terms = [t.strip() for t in raw.split(",") if t.strip()]
        if not terms:
            return error(messages.WORDS_REQUIRED)
        if job.status != "completed":
            return error(messages.export_not_ready(job.status, "word search"))
        return JSONResponse({"id": job.id, **content.word_search(self._words(job), terms)})

    async def redacted_audio(self, request: Request) -> Response:
        job = self._job(request)
        if isinstance(job, Response):
            return job
        if job.status != "completed" or job.params.get("redact_pii_audio") is not True:
            return error(messages.REDACTED_AUDIO_MISSING)
        quality = job.params.get("redact_pii_audio_quality") or "mp3"
        return JSONResponse(
            {
                "status": "redacted_audio_ready",
                "redacted_audio_url": f"{self.base_url}{REDACTED_PREFIX}{job.id}.{quality}",
            }
        )

    async def redacted_file(self, request: Request) -> Response:
        """The redacted audio itself: a short valid file, no key needed (as presigned)."""
        name = request.path_params["name"]
        job_id, _, quality = name.rpartition(".")
        job = self.engine.get(job_id)
        if (
            job is None
            or job.status != "completed"
            or job.params.get("redact_pii_audio") is not True
            or quality not in ("mp3", "wav")
        ):
            return PlainTextResponse("Not Found", 404)
        seconds = min(job.info.duration if job.info else 1.0, 30.0)
        if quality == "wav":
            return Response(content.silent_wav(seconds), media_type="audio/wav")
        return Response(content.silent_mp3(seconds), media_type="audio/mpeg")

    # ------------------------------------------------------------- ticks

    async def deliver_webhooks(self) -> None:
        """Advance the schedule and POST each ended job to its loopback webhook_url."""
        for event in self.engine.tick():
            url = event.webhook_url
            if not url or not is_loopback_host(urlsplit(url).hostname):
                continue
            if self._fetcher is None:
                self._fetcher = httpx.AsyncClient(trust_env=False, timeout=10.0)
            headers = {}
            if event.auth_header_name and event.auth_header_value is not None:
                headers[event.auth_header_name] = event.auth_header_value
            try:
                answer = await self._fetcher.post(
                    url,
                    json={"transcript_id": event.transcript_id, "status": event.status},
                    headers=headers,
                )
                self.engine.record_webhook(event.transcript_id, answer.status_code)
            except httpx.HTTPError:
                self.engine.record_webhook(event.transcript_id, None)

    async def aclose(self) -> None:
        for task in list(self._background):
            task.cancel()
        if self._fetcher is not None:
            await self._fetcher.aclose()


def not_found(request: Request, exc: Exception) -> Response:
    return error(messages.NOT_FOUND, 404)


class SimServer:
    """One simulated AssemblyAI account served over HTTP on a loopback socket."""

    def __init__(
        self,
        config: SimConfig,
        *,
        clock: Clock | None = None,
        on_tick: Callable[[Engine], None] | None = None,
    ) -> None:
        if not is_loopback_host(config.host):
            raise ValueError(f"the simulator binds loopback only, not {config.host}")
        self.config = config
        self.clock = clock or SystemClock()
        self.faults = FaultInjector(get_profile(config.faults), config.seed)
        self.engine = Engine(
            clock=self.clock,
            concurrency=config.concurrency,
            speed=config.speed,
            job_fails=self.faults.job_fails,
        )
        self.store = UploadStore()
        self.limiter = FixedWindowLimiter(self.clock, config.rate_limit, config.rate_window)
        self.connections = Connections()
        self._socket = self._bind(config.host, config.port)
        host, port = self._socket.getsockname()[:2]
        shown_host = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{shown_host}:{port}"
        self.api = SimApi(
            self.engine,
            self.store,
            self.base_url,
            rules=config.rules,
            balance_hours=config.balance_hours,
        )
        if on_tick is None and config.demo_data:
            on_tick = seed_demo_account(self.engine, config.seed)
        self._on_tick = on_tick
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @staticmethod
    def _bind(host: str, port: int) -> socket.socket:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(512)
        sock.setblocking(False)
        return sock

    def build_app(self) -> ASGIApp:
        @contextlib.asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            ticker = asyncio.ensure_future(self._tick_forever())
            try:
                yield
            finally:
                ticker.cancel()
                await self.api.aclose()

        app = Starlette(
            routes=self.api.routes(),
            exception_handlers={404: not_found, 405: not_found},
            lifespan=lifespan,
        )
        return Gatekeeper(
            app,
            api_key=self.config.api_key,
            limiter=self.limiter,
            faults=self.faults,
            connections=self.connections,
            strict_auth=self.config.strict_auth,
            latency=self.config.latency,
        )

    async def _tick_forever(self) -> None:
        while True:
            try:
                if self._on_tick:
                    self._on_tick(self.engine)
                await self.api.deliver_webhooks()
            except Exception:  # keep serving whatever one tick did
                log.exception("simulator tick failed")
            await asyncio.sleep(TICK_SECONDS)

    def _uvicorn(self) -> uvicorn.Server:
        config = uvicorn.Config(
            self.build_app(),
            http=self.connections.protocol_class(),
            lifespan="on",
            log_config=None,
            access_log=False,
            date_header=False,
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        return self._server

    def serve_forever(self) -> None:
        """Serve in this thread until Ctrl-C or SIGTERM; either way the uploads' folder
        goes. (uvicorn hands a caught signal back to the handler it found once it has
        stopped: SIGTERM's default ended the process before ``finally``, leaving the
        uploaded audio behind.)"""
        import signal

        def terminated(signum: int, frame: object) -> None:
            raise SystemExit(128 + signum)

        before = signal.signal(signal.SIGTERM, terminated)
        server = self._uvicorn()
        try:
            server.run(sockets=[self._socket])
        finally:
            signal.signal(signal.SIGTERM, before)
            self.store.close()

    def start_in_thread(self, timeout: float = 10.0) -> str:
        """Serve from a background thread; returns the base URL once it accepts requests."""
        server = self._uvicorn()
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [self._socket]}, name="aai-sim", daemon=True
        )
        self._thread.start()
        waited = 0.0
        while not server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the simulator failed to start")
            if waited > timeout:
                raise RuntimeError("the simulator did not start in time")
            threading.Event().wait(0.01)
            waited += 0.01
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._socket.close()
        self.store.close()
