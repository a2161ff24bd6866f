"""Sync in the app against a real hubapp-server on 127.0.0.1: the status bar tells the truth
(not joined, synced at, changes waiting, offline with the count kept, problems), "Sync now" and
joining work from the sync page, and a conflict can be reviewed there."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from hubapp.models import Member
from hubapp.models.database import Database
from hubapp.server.store import open_store
from hubapp.sync import commands
from hubapp.sync.counts import MISMATCH_SETTING
from hubapp.sync.status import SyncStatus, sync_status
from hubapp.sync.transport import KEEPALIVE_IDLE_S
from hubapp.ui import sync_panel, theme
from hubapp.ui.app import build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import MainWindow, SyncState
from hubapp.ui.sync_page import SyncPage
from hubapp.ui.sync_panel import SyncView, show_in_status_bar
from tests.sync.conftest import RunningServer, serve
from tests.sync.hubs import edit, sign_up
from tests.sync.proxy import FaultyProxy
from tests.sync.test_sync_failures import forge
from tests.ui.test_accessibility import audit, controls

WAIT = 20_000
SHOTS = os.environ.get("HUBAPP_SHOTS")  # e.g. /tmp/shots/sync: save what the tests show


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        theme.apply_theme(app, theme.ThemeChoice.LIGHT)
        QApplication.processEvents()
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture(autouse=True)
def quick_and_private(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the real keyring; one attempt per sync (the test is the scheduler)."""
    monkeypatch.setattr("hubapp.sync.credentials._keyring_usable", lambda: False)
    monkeypatch.setattr(sync_panel, "RETRY_ATTEMPTS", 1)
    monkeypatch.setattr(sync_panel, "START_DELAY_MS", 60_000)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from serve(open_store(f"sqlite:///{tmp_path / 'server.sqlite3'}"))


def open_window(qtbot: Any, ctx: AppContext) -> MainWindow:
    window = build_main_window(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def enrolled(ctx: AppContext, server: RunningServer) -> str:
    hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(ctx.db, server.url, code)
    return hub_id


def sync_page(qtbot: Any, window: MainWindow) -> SyncPage:
    qtbot.mouseClick(window.sync_status, Qt.MouseButton.LeftButton)
    page = window.pages.currentWidget()
    assert isinstance(page, SyncPage)
    return page


def click_sync_now(qtbot: Any, window: MainWindow, page: SyncPage) -> None:
    with qtbot.waitSignal(window.sync.finished, timeout=WAIT):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)


def test_a_hub_not_joined_says_it_works_alone_and_offers_to_join(
    qtbot: Any, ctx: AppContext, server: RunningServer
) -> None:
    window = open_window(qtbot, ctx)
    label = window.sync_status
    assert label.state == SyncState.OFFLINE
    assert "not connected to a network" in label.text.text()
    shot(window, "status-not-joined")
    page = sync_page(qtbot, window)
    assert window.current_section() == "settings"
    assert page.join_card.isVisible() and not page.sync_button.isEnabled()
    assert page.facts["last"].text() == "Never"
    shot(window, "page-not-joined")
    assert len(controls(window)) >= 5 and audit(window) == []

    qtbot.keyClicks(page.server_url, "hubs.example.org")
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    assert page.server_field.has_error  # no https:// in front
    page.server_url.setText(server.url)
    qtbot.keyClicks(page.join_code, "WRONG-CODE")
    with qtbot.waitSignal(window.sync.enrol_failed, timeout=WAIT):
        qtbot.keyClick(page.join_code, Qt.Key.Key_Return)
    assert page.code_field.has_error and "not known" in page.code_field.error.text()

    hub_id, code = server.add_hub("Llandovery Library")
    page.join_code.setText(code)
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: label.state == SyncState.SYNCED, timeout=WAIT)
    assert ctx.db.hub_id == hub_id and ctx.staff is not None and ctx.staff.hub_id == hub_id
    assert not page.join_card.isVisible() and page.sync_button.isEnabled()
    assert page.facts["server"].text() == server.url
    assert "private file" in page.facts["key"].text()


def test_sync_now_brings_the_hub_up_to_date(qtbot: Any, ctx: AppContext, enrolled: str) -> None:
    window = open_window(qtbot, ctx)
    label = window.sync_status
    waiting = sync_status(ctx.db).waiting
    assert waiting and label.state == SyncState.WAITING
    assert f"{waiting} changes waiting" in label.text.text()
    page = sync_page(qtbot, window)
    click_sync_now(qtbot, window, page)
    assert label.state == SyncState.SYNCED and "Synced at" in label.text.text()
    assert sync_status(ctx.db).waiting == 0
    assert page.facts["waiting"].text() == "0 changes"
    assert page.no_conflicts.isVisible() and page.no_refused.isVisible()
    shot(window, "page-synced")


def test_a_local_change_shows_waiting_then_syncs_by_itself(
    qtbot: Any, ctx: AppContext, enrolled: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, ctx)
    page = sync_page(qtbot, window)
    click_sync_now(qtbot, window, page)
    label = window.sync_status
    monkeypatch.setattr(sync_panel, "AFTER_CHANGE_MS", 300)
    sign_up(ctx.db, ctx.staff_id, "Siân", "Llewellyn")
    waiting = sync_status(ctx.db).waiting
    with qtbot.waitSignal(window.sync.finished, timeout=WAIT):
        ctx.events.members_changed.emit()  # as the desk does after saving
        assert label.state == SyncState.WAITING
        assert f"{waiting} change" in label.text.text()
    assert label.state == SyncState.SYNCED
    assert sync_status(ctx.db).waiting == 0


def test_with_the_server_gone_it_says_offline_and_keeps_the_changes(
    qtbot: Any, ctx: AppContext, enrolled: str, server: RunningServer
) -> None:
    window = open_window(qtbot, ctx)
    page = sync_page(qtbot, window)
    click_sync_now(qtbot, window, page)
    server.stop()
    sign_up(ctx.db, ctx.staff_id, "Rhodri", "Smith-Jones")
    waiting = sync_status(ctx.db).waiting
    window.sync.refresh()
    click_sync_now(qtbot, window, page)
    label = window.sync_status
    assert label.state == SyncState.UNREACHABLE
    assert f"Offline · {waiting} change" in label.text.text()
    assert "will retry at" in label.text.text()
    assert sync_status(ctx.db).waiting == waiting  # nothing lost, nothing half-sent
    assert "Nothing is lost" in page.message.text()
    assert "Next try at" in page.message.text()
    assert page.sync_button.isEnabled()  # the librarian may try again at any time
    shot(window.statusBar(), "status-offline")
    shot(window, "page-offline")


def test_a_conflict_shows_and_the_set_aside_value_can_be_restored(
    qtbot: Any, ctx: AppContext, enrolled: str, server: RunningServer, tmp_path: Path
) -> None:
    member_id = sign_up(ctx.db, ctx.staff_id, "Gwenllïan", "ap Dafydd")
    window = open_window(qtbot, ctx)
    page = sync_page(qtbot, window)
    click_sync_now(qtbot, window, page)
    other = Database(tmp_path / "desk-b")
    try:
        commands.enrol(other, server.url, server.code_for(enrolled))
        assert commands.sync_once(other).ok
        edit(ctx.db, Member, member_id, notes="Prefers Welsh")
        edit(other, Member, member_id, notes="Prefers email")  # later: it wins
        click_sync_now(qtbot, window, page)
        assert commands.sync_once(other).ok
        click_sync_now(qtbot, window, page)
    finally:
        other.close()
    label = window.sync_status
    assert label.state == SyncState.PROBLEMS and label.text.text() == "1 conflict to review"
    assert page.conflict_table.rowCount() == 1
    cells = [page.conflict_table.item(0, c).text() for c in range(5)]
    assert cells[1:] == ["Member: Gwenllïan ap Dafydd", "Notes", "Prefers email", "Prefers Welsh"]
    detail = page.conflict_detail.text()
    assert detail.startswith("Member Gwenllïan ap Dafydd · Notes\n")
    assert "Kept everywhere: “Prefers email” (typed on another computer)" in detail
    assert "Set aside: “Prefers Welsh” (typed on this computer)" in detail
    shot(window, "page-conflict")
    assert page.keep_button.isVisible() and audit(window) == []
    shot(window.statusBar(), "status-problem")

    with qtbot.waitSignal(window.sync.finished, timeout=WAIT):
        window.sync.sync_now()  # ...and a later sync leaves it waiting for review
    assert page.conflict_table.rowCount() == 1
    monkeypatch_after = sync_panel.AFTER_CHANGE_MS
    sync_panel.AFTER_CHANGE_MS = 200
    try:
        with qtbot.waitSignal(window.sync.finished, timeout=WAIT):
            qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    finally:
        sync_panel.AFTER_CHANGE_MS = monkeypatch_after
    assert page.no_conflicts.isVisible() and not page.conflict_table.isVisible()
    found = ctx.db.read().__enter__().get(Member, member_id)
    assert found is not None and found.notes == "Prefers Welsh"
    assert label.state == SyncState.SYNCED


def test_the_status_label_opens_the_page_from_the_keyboard_and_sign_out_stops_sync(
    qtbot: Any, ctx: AppContext, enrolled: str
) -> None:
    window = open_window(qtbot, ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    window.sync_status.setFocus()
    qtbot.waitUntil(window.sync_status.hasFocus, timeout=WAIT)
    shot(window.statusBar(), "status-focused")
    qtbot.keyClick(window.sync_status, Qt.Key.Key_Return)
    page = window.pages.currentWidget()
    assert isinstance(page, SyncPage)
    with qtbot.waitSignal(window.signed_out, timeout=WAIT):
        window.sync.sync_now()
        assert window.sync.busy
        window.sign_out()  # the sync under way ends after its current round trip
    assert window.sync.stopped
    assert window.sync.runner.pool.activeThreadCount() == 0
    window.sync.sync_now()  # nothing starts after sign-out
    window.sync.local_change()
    assert window.sync.runner.pool.activeThreadCount() == 0


def test_a_change_the_server_refused_is_listed_with_its_reason(
    qtbot: Any, ctx: AppContext, enrolled: str
) -> None:
    member_id = sign_up(ctx.db, ctx.staff_id, "Ciarán", "Ó Briain")
    forge(ctx.db, "members", member_id, {"shoe_size": 9})
    window = open_window(qtbot, ctx)
    page = sync_page(qtbot, window)
    click_sync_now(qtbot, window, page)
    assert window.sync_status.state == SyncState.PROBLEMS
    assert window.sync_status.text.text() == "1 problem with syncing"
    assert "1 change refused by the server" in window.sync_status.toolTip()
    assert page.refused_table.rowCount() == 1
    cells = [page.refused_table.item(0, c).text() for c in range(3)]
    assert cells[:2] == ["Member: Ciarán Ó Briain", "Shoe size"]
    assert cells[2] and not cells[2].startswith("bad_field")
    assert sync_status(ctx.db).waiting == 0  # the rest went through
    shot(window, "page-refused")


def test_the_status_bar_words_for_each_state(qtbot: Any, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    label = window.sync_status
    at = datetime.now().astimezone().replace(hour=19, minute=30)
    joined = SyncStatus(True, "https://hubs.example.org", at, 0, 0, 0)
    cases = [
        ("synced", SyncView(joined), "Synced at 19:30"),
        ("waiting", SyncView(replace(joined, waiting=3)), "3 changes waiting to sync"),
        (
            "syncing",
            SyncView(replace(joined, waiting=1200), syncing=True, sent=1000, to_send=1200),
            "Syncing… 1,000 of 1,200",
        ),
        ("syncing-pull", SyncView(joined, syncing=True), "Syncing…"),
        (
            "offline",
            SyncView(replace(joined, waiting=1), offline=True, retry_at=at),
            "Offline · 1 change waiting · will retry at 19:30",
        ),
        ("conflicts", SyncView(replace(joined, conflicts=2)), "2 conflicts to review"),
        ("problem", SyncView(joined, error="please update hubapp"), "1 problem with syncing"),
        (
            "counts",
            SyncView(replace(joined, conflicts=1, count_mismatch=(("members", 3, 4),))),
            "2 problems with syncing",
        ),
    ]
    for name, view, words in cases:
        show_in_status_bar(label, view)
        assert label.text.text() == words, name
        assert label.accessibleName() == words
        assert "Click for details" in label.toolTip()
        shot(window.statusBar(), f"status-{name}")
    assert "different numbers of records (members: 3 here, 4 on the server)" in label.toolTip()


def test_a_count_difference_is_a_problem_until_a_check_agrees(
    qtbot: Any, ctx: AppContext, enrolled: str
) -> None:
    window = open_window(qtbot, ctx)
    page = sync_page(qtbot, window)
    click_sync_now(qtbot, window, page)
    assert window.sync_status.state == SyncState.SYNCED
    # As the end-of-sync check leaves it when a page was half lost (tests/sync/test_sync_counts).
    ctx.db.set_setting(MISMATCH_SETTING, json.dumps({"group_memberships": [2, 5]}))
    window.sync.refresh()
    assert window.sync_status.state == SyncState.PROBLEMS
    assert window.sync_status.text.text() == "1 problem with syncing"
    words = "different numbers of records (group memberships: 2 here, 5 on the server)"
    assert words in page.message.text() and "network’s administrator" in page.message.text()
    assert page.message.objectName() == "fieldError"
    shot(window, "page-count-difference")
    # "Sync now" asks the server to count again even though nothing moved: here they agree.
    click_sync_now(qtbot, window, page)
    assert window.sync.view.last_summary is not None
    assert window.sync.view.last_summary.counts_checked
    assert ctx.db.get_setting(MISMATCH_SETTING) is None
    assert window.sync_status.state == SyncState.SYNCED and not page.message.isVisible()


def test_syncs_in_the_app_share_one_connection(
    qtbot: Any, ctx: AppContext, server: RunningServer
) -> None:
    """On a 300 ms link a new connection costs a round trip: the app keeps its own open."""
    proxy = FaultyProxy(int(server.url.rsplit(":", 1)[1]))
    try:
        _hub_id, code = server.add_hub("Llandovery Library")
        commands.enrol(ctx.db, proxy.url, code)
        window = open_window(qtbot, ctx)
        page = sync_page(qtbot, window)
        before = proxy.connections
        for _ in range(3):
            click_sync_now(qtbot, window, page)
            assert window.sync_status.state == SyncState.SYNCED
        assert proxy.connections - before == 1
        # ...with TCP keep-alive on, so a router that drops idle connections does not leave
        # the next sync waiting on a dead one.
        kept = window.sync._transport
        assert kept is not None
        pools = kept.session.get_adapter(proxy.url).poolmanager.pools
        sockets = [
            c.sock
            for key in pools.keys()  # noqa: SIM118 (urllib3's container cannot be iterated)
            for c in list(pools[key].pool.queue)
            if c is not None and c.sock is not None
        ]
        assert len(sockets) == 1
        assert sockets[0].getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        if hasattr(socket, "TCP_KEEPIDLE"):
            idle = sockets[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
            assert idle == KEEPALIVE_IDLE_S
        window.sync.stop()  # sign-out closes it
        assert window.sync._transport is None
    finally:
        proxy.close()


def test_settings_lead_to_the_sync_page_by_keyboard(qtbot: Any, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    window.show_section("settings")
    button = window.settings.sync_button
    assert button.accessibleName() or button.text()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    page = window.pages.currentWidget()
    assert isinstance(page, SyncPage)
    assert window.current_section() == "settings"
