"""Cold start of an installed (frozen) hubapp to its first window, measured from outside, as a
person sees it: a private X server (Xvfb) is started, the program is launched, and the clock
stops when the X server maps the program's first top-level window (a MapNotify event, read
through Xlib with ctypes: no polling). The same is measured for `python -m hubapp` from this
source tree, for comparison. Used by `bench_start.py --frozen PATH`.

Needs Xvfb and libX11 (Debian: `apt-get install xvfb`). Linux only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
DISPLAY = ":87"


class XServer:
    """A connection to the X server, listening for windows being mapped on the root window."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            raise SystemExit("libX11 is needed (Debian: apt-get install libx11-6)")
        self.x = x = ctypes.cdll.LoadLibrary(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.dpy = x.XOpenDisplay(display.encode())
        if not self.dpy:
            raise OSError(f"cannot open display {display}")
        x.XSelectInput(self.dpy, x.XDefaultRootWindow(self.dpy), SUBSTRUCTURE_NOTIFY_MASK)
        x.XFlush(self.dpy)
        self.fd = x.XConnectionNumber(self.dpy)
        self.event = (ctypes.c_long * 24)()  # XEvent is a union of 24 longs

    def drain(self) -> None:
        while self.x.XPending(self.dpy):
            self.x.XNextEvent(self.dpy, self.event)

    def wait_for_map(self, deadline: float) -> float | None:
        """perf_counter() when the next window is mapped, or None by `deadline`."""
        while time.perf_counter() < deadline:
            while self.x.XPending(self.dpy):
                self.x.XNextEvent(self.dpy, self.event)
                if ctypes.cast(self.event, ctypes.POINTER(ctypes.c_int))[0] == MAP_NOTIFY:
                    return time.perf_counter()
            select.select([self.fd], [], [], max(0.0, deadline - time.perf_counter()))
        return None

    def close(self) -> None:
        self.x.XCloseDisplay(self.dpy)


@contextmanager
def private_x_server(display: str = DISPLAY) -> Iterator[XServer]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is needed to measure a frozen start (apt-get install xvfb)")
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        server = None
        for _ in range(100):
            try:
                server = XServer(display)
                break
            except OSError:
                time.sleep(0.05)
        if server is None:
            raise SystemExit("Xvfb did not start")
        try:
            yield server
        finally:
            server.close()
    finally:
        xvfb.terminate()
        xvfb.wait(10)


def time_to_window(server: XServer, command: Sequence[str], data_dir: Path) -> float:
    """Seconds from launching `command` until its first window is mapped."""
    env = {**os.environ, "DISPLAY": DISPLAY, "QT_QPA_PLATFORM": "xcb"}
    env["HUBAPP_DATA_DIR"] = str(data_dir)
    server.drain()
    started = time.perf_counter()
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        mapped = server.wait_for_map(started + 60)
    finally:
        app.terminate()
        _, err = app.communicate(timeout=30)
    if mapped is None:
        raise SystemExit(f"no window from {command[0]} within 60 s:\n{err.decode()[-2000:]}")
    return mapped - started


def measure(frozen: Path, data_dir: Path, runs: int) -> None:
    commands = {
        "frozen": [str(frozen)],
        "source": [sys.executable, "-m", "hubapp"],
    }
    print(
        f"Launch to the first window mapped by a private X server (Xvfb, xcb): {runs} runs each "
        "after one warm-up (warm file cache, as on a second start).\n"
    )
    with private_x_server() as server:
        for name, command in commands.items():
            time_to_window(server, command, data_dir)  # warm-up
            times = [time_to_window(server, command, data_dir) for _ in range(runs)]
            print(
                f"  {name:<7}{statistics.median(times):6.2f} s median "
                f"(min {min(times):.2f}, max {max(times):.2f})   {command[0]}"
            )
