"""All of sync's HTTP, through `requests`: time-outs, retries with exponential backoff and jitter
for transient failures, gzip both ways, and a count of requests and bytes on the wire."""

from __future__ import annotations

import gzip
import json
import logging
import random
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection

from hubapp.models.collector import collector_paused
from hubapp.sync.protocol import GZIP_LEVEL, GZIP_THRESHOLD, PROTOCOL_HEADER, PROTOCOL_VERSION

log = logging.getLogger("hubapp.sync")
TRANSIENT_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class SyncError(Exception):
    """Sync failed; `str()` says why in words for a person."""


class TransientError(SyncError):
    """The server could not be reached or was busy; trying later will do."""


class UpdateNeeded(SyncError):
    """426: this hubapp speaks an unsupported protocol version."""


class NotAuthorised(SyncError):
    """401: the device is unknown or revoked."""


class Forbidden(SyncError):
    """403: outside this hub's scope, or an enrolment refused."""


@dataclass
class WireStats:
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


@dataclass
class Retry:
    attempts: int = 5
    base: float = 0.5
    cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int) -> float:
        """Full jitter (AWS): spreads retries of many hubs after an outage."""
        return random.uniform(0, min(self.cap, self.base * 2**attempt))


@dataclass
class Transport:
    base_url: str
    token: str | None = None
    timeout: tuple[float, float] = (10.0, 120.0)
    retry: Retry = field(default_factory=Retry)
    stats: WireStats = field(default_factory=WireStats)
    protocol: int = PROTOCOL_VERSION

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.session = requests.Session()
        # Only the headers the server reads (and a short name): every byte counts on a slow
        # link, and a request's headers are sent again with every one.
        self.session.headers.clear()
        self.session.headers["User-Agent"] = "hubapp"
        adapter = _KeepAliveAdapter()
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST a JSON body; the JSON answer, or a SyncError after the retries."""
        raw = json.dumps(body, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "Accept-Encoding": "gzip",
            PROTOCOL_HEADER: str(self.protocol),
        }
        if len(raw) > GZIP_THRESHOLD:
            raw = gzip.compress(raw, compresslevel=GZIP_LEVEL)
            headers["Content-Encoding"] = "gzip"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        last: Exception | None = None
        for attempt in range(self.retry.attempts):
            if attempt:
                self.retry.sleep(self.retry.delay(attempt))
            try:
                return self._once(path, raw, headers)
            except TransientError as exc:
                last = exc
                log.info("sync request failed (%s), attempt %d", exc, attempt + 1)
        raise TransientError(f"The server could not be reached: {last}")

    def _once(self, path: str, raw: bytes, headers: dict[str, str]) -> dict[str, Any]:
        self.stats.requests += 1
        # The request line and headers as sent (requests adds Host, User-Agent and the like).
        request_line = len(path) + len("POST  HTTP/1.1\r\n")
        try:
            resp = self.session.post(
                self.base_url + path, data=raw, headers=headers, timeout=self.timeout, stream=True
            )
            sent = dict(resp.request.headers)
            body = resp.raw.read(decode_content=False)
        except Exception as exc:  # refused, timed out, or cut mid-answer (urllib3 errors)
            self.stats.bytes_sent += len(raw) + _header_bytes(headers) + request_line
            raise TransientError(type(exc).__name__) from exc
        self.stats.bytes_sent += len(raw) + _header_bytes(sent) + request_line
        self.stats.bytes_received += len(body) + _header_bytes(dict(resp.headers)) + 17
        expected = resp.headers.get("content-length")
        # A cut inside the headers can leave the length empty or partial: cut all the same.
        complete = expected is None or (expected.isdigit() and int(expected) == len(body))
        if not complete or (not body and resp.status_code < 300):
            raise TransientError("truncated answer")  # the link was cut mid-answer
        if resp.headers.get("content-encoding", "").lower() == "gzip":
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError) as exc:
                raise TransientError("truncated answer") from exc
        if resp.status_code in TRANSIENT_STATUS:
            raise TransientError(f"HTTP {resp.status_code}")
        try:
            with collector_paused():  # a pull page: many small objects at once
                data: dict[str, Any] = json.loads(body) if body else {}
        except ValueError as exc:
            if resp.status_code < 300:
                raise TransientError("truncated answer") from exc
            data = {}
        if resp.status_code >= 300:
            detail = str(data.get("detail") or f"HTTP {resp.status_code}")
            kind = {426: UpdateNeeded, 401: NotAuthorised, 403: Forbidden}.get(
                resp.status_code, SyncError
            )
            raise kind(detail)
        return data


# TCP keep-alive on sync's connections: the app keeps one open between syncs (5 minutes
# apart), and routers and mobile networks drop idle ones, often silently, well before that; a
# probe a minute (a few dozen bytes) keeps the link's mapping alive, and a connection that did
# die is noticed by its probes rather than by a request waiting out its read time-out.
KEEPALIVE_IDLE_S = 60
KEEPALIVE_INTERVAL_S = 20
KEEPALIVE_PROBES = 3


def keepalive_options() -> list[tuple[int, int, int]]:
    """Socket options for TCP keep-alive, as far as this platform names them (macOS calls the
    idle time TCP_KEEPALIVE; older Windows has none of the three)."""
    options = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)]
    idle = getattr(socket, "TCP_KEEPIDLE", None) or getattr(socket, "TCP_KEEPALIVE", None)
    for name, value in (
        (idle, KEEPALIVE_IDLE_S),
        (getattr(socket, "TCP_KEEPINTVL", None), KEEPALIVE_INTERVAL_S),
        (getattr(socket, "TCP_KEEPCNT", None), KEEPALIVE_PROBES),
    ):
        if name is not None:
            options.append((socket.IPPROTO_TCP, name, value))
    return options


class _KeepAliveAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["socket_options"] = HTTPConnection.default_socket_options + keepalive_options()
        super().init_poolmanager(*args, **kwargs)


def _header_bytes(headers: Mapping[str, str | bytes]) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.items())
