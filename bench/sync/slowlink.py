"""A slow, lossy link on 127.0.0.1, for sync benchmarks: a TCP proxy that throttles each
direction to a bandwidth, adds one-way latency (so a round trip costs e.g. 300 ms, including
the TCP handshake), can cut the link every N bytes, and counts what crosses it.

    .venv/bin/python bench/sync/slowlink.py --upstream 8765 --port 9000 \\
        --kbps 256 --rtt-ms 300 [--cut-every 65536] [--max-seconds 600]

or from Python: `with SlowLink(upstream_port, kbps=256, rtt_ms=300) as link: ... link.url`.

How the link is modelled, per direction: bytes queue for a wire of `kbps` kbit/s (one chunk
after another, each taking len*8/kbps ms to serialise), then arrive `rtt_ms / 2` later. A new
connection is held for one round trip before its first byte moves (SYN, SYN-ACK), since the
kernel on 127.0.0.1 would otherwise make the handshake free. Buffers are unbounded (a modem
with a deep queue), so a sender's writes return at once while the wire drains them.

Cuts: with `cut_every`, a link-wide byte counter (both directions) cuts the connection in use
when it passes the next threshold (`cut_every` +/- `cut_jitter`, from a seeded generator, so
runs repeat): bytes up to the threshold are delivered, then both sides get a reset. The
counter carries on across connections, like a flaky radio link, so a request longer than the
gap between cuts can never get through whole: the client must send smaller ones.

Counts (`link.stats`): bytes each way, connections, HTTP requests (request heads seen going
up, bodies skipped by Content-Length), responses, cuts. Everything is bounded: every socket
has a time-out, and the proxy shuts itself down after `max_seconds`.
"""

from __future__ import annotations

import argparse
import contextlib
import heapq
import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

CHUNK = 1460  # one Ethernet-sized segment at a time, so throttling is smooth
IDLE_TIMEOUT = 120.0


@dataclass
class LinkStats:
    bytes_up: int = 0  # client to server
    bytes_down: int = 0  # server to client
    connections: int = 0
    requests: int = 0
    responses: int = 0
    cuts: int = 0

    @property
    def bytes_total(self) -> int:
        return self.bytes_up + self.bytes_down

    @property
    def round_trips(self) -> int:
        """TCP handshakes plus HTTP request/response exchanges."""
        return self.connections + self.requests

    def minus(self, before: LinkStats) -> LinkStats:
        return LinkStats(
            *(getattr(self, f) - getattr(before, f) for f in self.__dataclass_fields__)
        )

    def copy(self) -> LinkStats:
        return self.minus(LinkStats())


class HttpCounter:
    """Counts HTTP/1.1 messages in one direction of a connection: finds each head's end,
    reads Content-Length (or, for answers, chunked framing), skips the body."""

    def __init__(self, on_message: Callable[[], None]) -> None:
        self.on_message = on_message
        self.head = b""
        self.skip = 0
        self.chunked = False

    def feed(self, data: bytes) -> None:
        while data:
            if self.skip:
                taken = min(self.skip, len(data))
                self.skip -= taken
                data = data[taken:]
                continue
            if self.chunked:
                data = self._chunk(data)
                continue
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                if len(self.head) > 65536:
                    self.head = b""  # not HTTP after all: stop counting
                return
            head, data = self.head[:end], self.head[end + 4 :]
            self.head = b""
            self.on_message()
            lower = head.lower()
            if b"transfer-encoding: chunked" in lower:
                self.chunked = True
                continue
            for line in lower.split(b"\r\n"):
                if line.startswith(b"content-length:"):
                    self.skip = int(line.split(b":", 1)[1].strip() or 0)

    def _chunk(self, data: bytes) -> bytes:
        self.head += data
        end = self.head.find(b"\r\n")
        if end < 0:
            return b""
        size = int(self.head[:end].split(b";")[0] or b"0", 16)
        rest = self.head[end + 2 :]
        self.head = b""
        if size == 0:
            self.chunked = False
            self.skip = 2  # the final CRLF (no trailers from our servers)
        else:
            self.skip = size + 2
        return rest


class Wire:
    """One direction of the link: a queue of (arrival time, bytes) drained by a thread."""

    def __init__(self, link: SlowLink, dst: socket.socket, conn: Connection) -> None:
        self.link = link
        self.dst = dst
        self.conn = conn
        self.free_at = 0.0
        self.queue: list[tuple[float, int, bytes]] = []
        self.order = 0
        self.ready = threading.Condition()
        self.closed = False
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def put(self, data: bytes) -> None:
        now = time.monotonic()
        bps = self.link.kbps * 1000 if self.link.kbps else 0
        start = max(now, self.free_at)
        self.free_at = start + (len(data) * 8 / bps if bps else 0.0)
        with self.ready:
            self.order += 1
            heapq.heappush(self.queue, (self.free_at + self.link.one_way, self.order, data))
            self.ready.notify()

    def close(self) -> None:
        with self.ready:
            self.closed = True
            self.ready.notify()

    def _drain(self) -> None:
        while True:
            with self.ready:
                while not self.queue and not self.closed:
                    self.ready.wait(1.0)
                if not self.queue:
                    break
                due, _, data = self.queue[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self.ready.wait(wait)
                    continue
                heapq.heappop(self.queue)
            try:
                self.dst.sendall(data)
            except OSError:
                self.conn.abort()
                return
        with contextlib.suppress(OSError):
            self.dst.shutdown(socket.SHUT_WR)


class Connection:
    def __init__(self, link: SlowLink, client: socket.socket) -> None:
        self.link = link
        self.client = client
        self.upstream: socket.socket | None = None
        self.aborted = threading.Event()
        self.lock = threading.Lock()

    def run(self) -> None:
        link = self.link
        try:
            if link.rtt_ms:
                time.sleep(link.rtt_ms / 1000)  # the handshake's round trip
            self.upstream = socket.create_connection(("127.0.0.1", link.upstream_port), 30)
        except OSError:
            self.abort()
            return
        up = Wire(link, self.upstream, self)
        down = Wire(link, self.client, self)
        counters = {
            "up": HttpCounter(lambda: link.count("requests")),
            "down": HttpCounter(lambda: link.count("responses")),
        }
        pumps = [
            threading.Thread(
                target=self._pump, args=(self.client, up, "up", counters["up"]), daemon=True
            ),
            threading.Thread(
                target=self._pump, args=(self.upstream, down, "down", counters["down"]), daemon=True
            ),
        ]
        for pump in pumps:
            pump.start()
        for pump in pumps:
            pump.join(IDLE_TIMEOUT * 10)
        for wire in (up, down):
            wire.thread.join(IDLE_TIMEOUT)
        self.close()

    def _pump(self, src: socket.socket, wire: Wire, direction: str, counter: HttpCounter) -> None:
        src.settimeout(IDLE_TIMEOUT)
        try:
            while not self.aborted.is_set():
                data = src.recv(CHUNK)
                if not data:
                    break
                data, cut = self.link.take(direction, data)
                counter.feed(data)
                if data:
                    wire.put(data)
                if cut:
                    # Deliver what got through, then reset both sides when it has arrived.
                    wire.close()
                    wire.thread.join(IDLE_TIMEOUT)
                    self.abort()
                    return
        except OSError:
            pass
        wire.close()

    def abort(self) -> None:
        """A reset on both sides, as a dropped link looks to each end."""
        self.aborted.set()
        for sock in (self.client, self.upstream):
            if sock is None:
                continue
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            with contextlib.suppress(OSError):
                sock.close()

    def close(self) -> None:
        for sock in (self.client, self.upstream):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()


@dataclass
class SlowLink:
    upstream_port: int
    kbps: float = 0.0  # 0: unthrottled
    rtt_ms: float = 0.0
    cut_every: int = 0  # 0: never cut
    cut_jitter: float = 0.25
    seed: int = 64
    port: int = 0
    max_seconds: float = 3600.0
    stats: LinkStats = field(default_factory=LinkStats)

    def __post_init__(self) -> None:
        self.one_way = self.rtt_ms / 2000
        self.lock = threading.Lock()
        self.rng = random.Random(self.seed)
        self.since_cut = 0
        self.next_cut = self._gap()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.closing = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        self.timer = threading.Timer(self.max_seconds, self.close)
        self.timer.daemon = True
        self.timer.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SlowLink:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def snapshot(self) -> LinkStats:
        with self.lock:
            return self.stats.copy()

    def count(self, what: str) -> None:
        with self.lock:
            setattr(self.stats, what, getattr(self.stats, what) + 1)

    def take(self, direction: str, data: bytes) -> tuple[bytes, bool]:
        """How much of `data` crosses before the next cut, and whether the cut comes now."""
        with self.lock:
            cut = False
            if self.cut_every and self.since_cut + len(data) >= self.next_cut:
                data = data[: self.next_cut - self.since_cut]
                self.since_cut = 0
                self.next_cut = self._gap()
                self.stats.cuts += 1
                cut = True
            else:
                self.since_cut += len(data)
            if direction == "up":
                self.stats.bytes_up += len(data)
            else:
                self.stats.bytes_down += len(data)
            return data, cut

    def _gap(self) -> int:
        if not self.cut_every:
            return 0
        spread = self.cut_every * self.cut_jitter
        return max(1, int(self.cut_every + self.rng.uniform(-spread, spread)))

    def close(self) -> None:
        self.closing.set()
        self.timer.cancel()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.listener.close()

    def _accept(self) -> None:
        while not self.closing.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.count("connections")
            threading.Thread(target=Connection(self, client).run, daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", type=int, required=True, help="the server's port")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any)")
    parser.add_argument("--kbps", type=float, default=256, help="kbit/s each way (0: no limit)")
    parser.add_argument("--rtt-ms", type=float, default=300, help="added round-trip time")
    parser.add_argument("--cut-every", type=int, default=0, help="cut every ~N bytes (0: never)")
    parser.add_argument("--max-seconds", type=float, default=600, help="stop after this long")
    args = parser.parse_args()
    link = SlowLink(
        args.upstream,
        kbps=args.kbps,
        rtt_ms=args.rtt_ms,
        cut_every=args.cut_every,
        port=args.port,
        max_seconds=args.max_seconds,
    )
    print(f"slow link on {link.url} -> 127.0.0.1:{args.upstream}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        link.closing.wait(args.max_seconds)
    link.close()
    print(link.stats, flush=True)


if __name__ == "__main__":
    main()
