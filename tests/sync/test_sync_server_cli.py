"""The `hubapp-server` command: admin commands with --json, and `run` serving /openapi.json on
an embedded SQLite file in HUBAPP_SERVER_DATA_DIR with no set-up."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from hubapp.server.cli import main
from tests.sync.conftest import free_port


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_admin_commands_speak_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    added = run_json(capsys, "add-hub", "Llandovery Library", "--database-url", url)
    assert isinstance(added, dict) and set(added) == {"hub_id", "code"}
    again = run_json(capsys, "enrol-code", added["hub_id"], "--database-url", url)
    assert isinstance(again, dict) and again["code"] != added["code"]
    hubs = run_json(capsys, "list-hubs", "--database-url", url)
    assert isinstance(hubs, list) and hubs[0]["name"] == "Llandovery Library"
    assert hubs[0]["devices"] == 0
    revoked = run_json(capsys, "revoke-hub", added["hub_id"], "--database-url", url)
    assert revoked == {"hub_id": added["hub_id"], "revoked": True}
    assert main(["enrol-code", added["hub_id"], "--database-url", url]) == 1
    assert "revoked" in capsys.readouterr().err
    assert main(["revoke-device", "no-such-device", "--database-url", url]) == 1


def closed_when_idle(port: int, wait: float) -> bool:
    """Whether the server closes an idle kept-alive connection within `wait` seconds."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer:  # the head may come in more than one packet
            part = sock.recv(65536)
            assert part, "closed before answering"  # (recv times out rather than loop)
            answer += part
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        while len(body) < length:  # and the body after it
            part = sock.recv(65536)
            assert part, "closed mid-answer"
            body += part
        try:
            return sock.recv(65536) == b""  # the server's close, once the answer is read
        except TimeoutError:
            return False


def test_run_keeps_idle_connections_longer_than_the_apps_sync_interval() -> None:
    from hubapp.server.cli import KEEP_ALIVE_SECONDS, build_parser
    from hubapp.ui.sync_panel import AUTO_SYNC_MINUTES

    assert build_parser().parse_args(["run"]).keep_alive == KEEP_ALIVE_SECONDS
    assert KEEP_ALIVE_SECONDS > AUTO_SYNC_MINUTES * 60


def test_run_serves_the_api_on_an_embedded_database(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "HUBAPP_SERVER_DATA_DIR": str(tmp_path / "server-data")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hubapp.server.cli",
            "run",
            "--port",
            str(port),
            "--keep-alive",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        schema = None
        for _ in range(200):  # bounded polling for the start, at most ~20 s
            try:
                schema = requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).json()
                break
            except requests.ConnectionError:
                if process.poll() is not None:
                    break
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(0.1)
        assert schema is not None, process.stderr.read() if process.stderr else ""
        assert {"/sync", "/enrol"} <= set(schema["paths"])
        assert (tmp_path / "server-data" / "hubapp-server.sqlite3").exists()
        assert closed_when_idle(port, wait=3.0)  # after --keep-alive's 1 s, not uvicorn's 5 s
    finally:
        process.terminate()
        process.wait(10)
