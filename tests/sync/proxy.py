"""A fault-injecting TCP proxy on 127.0.0.1 for sync tests: each new connection may be cut after
a given number of bytes in one direction ("up": hub to server, "down": server to hub)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque


class FaultyProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = int(self.listener.getsockname()[1])
        self.plans: deque[tuple[str, int]] = deque()
        self.cuts = 0
        self.connections = 0
        self._closing = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut_next(self, direction: str, after_bytes: int) -> None:
        """The next new connection is cut after `after_bytes` bytes going `direction`."""
        self.plans.append((direction, after_bytes))

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        with contextlib.suppress(OSError):
            self.listener.close()
        self._thread.join(5)

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            plan = self.plans.popleft() if self.plans else None
            threading.Thread(target=self._serve, args=(client, plan), daemon=True).start()

    def _serve(self, client: socket.socket, plan: tuple[str, int] | None) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
        except OSError:
            client.close()
            return
        limits = {"up": -1, "down": -1}
        if plan is not None:
            limits[plan[0]] = plan[1]
        done = threading.Event()
        pumps = [
            threading.Thread(target=self._pump, args=(client, upstream, limits["up"], done)),
            threading.Thread(target=self._pump, args=(upstream, client, limits["down"], done)),
        ]
        for pump in pumps:
            pump.daemon = True
            pump.start()
        done.wait(120)
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _pump(
        self, src: socket.socket, dst: socket.socket, limit: int, done: threading.Event
    ) -> None:
        passed = 0
        try:
            while not done.is_set():
                data = src.recv(65536)
                if not data:
                    break
                if limit >= 0 and passed + len(data) >= limit:
                    dst.sendall(data[: limit - passed])
                    self.cuts += 1
                    break
                dst.sendall(data)
                passed += len(data)
        except OSError:
            pass
        finally:
            done.set()
