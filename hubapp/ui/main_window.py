"""The main window: navigation rail, global search, the section pages, the status bar (who is
signed in, which hub, the sync state), toasts, and locking when nobody is using it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from enum import StrEnum
from itertools import pairwise

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.services import staff as staff_service
from hubapp.services.staff import Permission
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.global_search import GlobalSearch
from hubapp.ui.idle import HiddenWindows, IdleWatcher
from hubapp.ui.settings_page import SettingsPage
from hubapp.ui.signin import LockScreen
from hubapp.ui.staff_accounts import role_label
from hubapp.ui.widgets.nav_rail import NavRail
from hubapp.ui.widgets.toast import Toast


class IconText(QWidget):
    """A small themed icon beside a line of text (for the status bar)."""

    def __init__(self, icon_name: str, text: str = "", role: str = "muted") -> None:
        super().__init__()
        self.icon_name, self.role = icon_name, role
        self.icon = QLabel()
        self.text = QLabel(text)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 16, 2)
        row.setSpacing(6)
        row.addWidget(self.icon)
        row.addWidget(self.text)
        theme.theme_events().changed.connect(self._recolour)
        self._recolour()

    def set(self, icon_name: str, text: str, role: str) -> None:
        self.icon_name, self.role = icon_name, role
        self.text.setText(text)
        self.setAccessibleName(text)
        self._recolour()

    def _recolour(self) -> None:
        self.icon.setPixmap(theme.icon(self.icon_name, self.role).pixmap(QSize(18, 18)))


def count_words(n: int, one: str, many: str) -> str:
    """'1 change', '1,204 changes' (Qt's plural forms need a translation file loaded)."""
    return (one if n == 1 else many).replace("%n", f"{n:,}")


class SyncState(StrEnum):
    OFFLINE = "offline"  # not joined to a network: working alone
    UNREACHABLE = "unreachable"  # joined, but the last try could not reach the server
    SYNCING = "syncing"
    SYNCED = "synced"
    WAITING = "waiting"
    PROBLEMS = "problems"


class SyncStatusLabel(IconText):
    """Says the truth about syncing, in words and an icon; the sync controller drives
    `set_state`. Click it, or Tab to it and press Enter, for the details (`clicked`)."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__("mdi6.cloud-off-outline")
        self.state = SyncState.OFFLINE
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleDescription(self.tr("Press Enter for the sync details"))
        self.set_state(SyncState.OFFLINE)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # keyboard users must see where they are
            painter = QPainter(self)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def set_state(
        self,
        state: SyncState,
        *,
        synced_at: datetime | None = None,
        waiting: int = 0,
        problems: int = 0,
        done: int = 0,
        total: int = 0,
        retry_at: datetime | None = None,
    ) -> None:
        self.state = state
        if state == SyncState.SYNCING:
            words = self.tr("Syncing… %1 of %2").replace("%1", f"{done:,}")
            words = words.replace("%2", f"{total:,}") if total else self.tr("Syncing…")
            self.set("mdi6.cloud-sync-outline", words, "accent")
        elif state == SyncState.SYNCED:
            local = synced_at.astimezone() if synced_at else None
            if local is None:
                words = self.tr("Synced")
            elif local.date() == datetime.now().astimezone().date():
                words = self.tr("Synced at %1").replace("%1", f"{local:%H:%M}")
            else:
                words = self.tr("Synced %1").replace("%1", f"{local:%a} {local.day} {local:%b}")
            self.set("mdi6.cloud-check-outline", words, "success")
        elif state == SyncState.UNREACHABLE:
            words = count_words(
                waiting,
                self.tr("Offline · 1 change waiting"),
                self.tr("Offline · %n changes waiting"),
            )
            if retry_at is not None:
                at = f"{retry_at.astimezone():%H:%M}"
                words += " · " + self.tr("will retry at %1").replace("%1", at)
            self.set("mdi6.cloud-off-outline", words, "warning")
        elif state == SyncState.WAITING:
            words = count_words(
                waiting, self.tr("1 change waiting to sync"), self.tr("%n changes waiting to sync")
            )
            self.set("mdi6.cloud-upload-outline", words, "warning")
        elif state == SyncState.PROBLEMS:
            words = count_words(
                problems, self.tr("1 problem with syncing"), self.tr("%n problems with syncing")
            )
            self.set("mdi6.cloud-alert-outline", words, "error")
        else:
            words = self.tr("Working offline · not connected to a network server")
            self.set("mdi6.cloud-off-outline", words, "muted")


def _sections() -> list[tuple[str, str, Permission, Callable[[AppContext], QWidget]]]:
    """The work sections, in rail order: key, icon, who may use it, page. (A group
    organiser's account has only Get involved, narrowed to its groups by the services.)"""
    from hubapp.ui.members import DeskPage, MembersPage

    return [
        ("desk", "mdi6.account-plus-outline", Permission.DESK, DeskPage),
        ("members", "mdi6.account-multiple-outline", Permission.DESK, MembersPage),
        ("groups", "mdi6.account-group-outline", Permission.GROUPS, _groups_page),
        ("meetings", "mdi6.calendar-account-outline", Permission.MEETINGS, _meetings_page),
        ("opportunities", "mdi6.hand-heart-outline", Permission.OPPORTUNITIES, _opportunities_page),
        ("feedback", "mdi6.message-star-outline", Permission.FEEDBACK, _feedback_page),
    ]


def _groups_page(ctx: AppContext) -> QWidget:
    from hubapp.ui.groups import GroupsPage  # loaded on the first visit, like the page

    return GroupsPage(ctx)


def _meetings_page(ctx: AppContext) -> QWidget:
    from hubapp.ui.meetings import MeetingsPage  # loaded on the first visit

    return MeetingsPage(ctx)


def _opportunities_page(ctx: AppContext) -> QWidget:
    from hubapp.ui.opportunities import OpportunitiesPage  # loaded on the first visit

    return OpportunitiesPage(ctx)


def _feedback_page(ctx: AppContext) -> QWidget:
    from hubapp.ui.feedback import FeedbackPage  # loaded on the first visit

    return FeedbackPage(ctx)


class LazyPages(Mapping[str, QWidget]):
    """The section pages by key. A page is built the first time it is asked for: only the
    first section is needed for the window to be usable, and building them all at start
    took about a second."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        self._build = build
        self._keys: list[str] = []
        self._built: dict[str, QWidget] = {}

    def add(self, key: str) -> None:
        self._keys.append(key)

    def built(self, key: str) -> QWidget | None:
        """The page if it has been built, without building it."""
        return self._built.get(key)

    def __getitem__(self, key: str) -> QWidget:
        page = self._built.get(key)
        if page is None:
            if key not in self._keys:
                raise KeyError(key)
            page = self._built[key] = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _focus_first_field(page: QWidget) -> None:
    """Focus the page's first control in tab order (or its focus proxy)."""
    if page.focusProxy() is not None:
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    widget = page.nextInFocusChain()
    for _ in range(1000):  # the chain is a ring; stop once it leaves the page
        if widget is None or not page.isAncestorOf(widget):
            break
        # A scroll area takes the focus only to scroll; the first field in it is wanted.
        tabbable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        tabbable = tabbable and not isinstance(widget, QScrollArea)
        if tabbable and widget.isVisible() and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        widget = widget.nextInFocusChain()
    page.setFocus(Qt.FocusReason.OtherFocusReason)


class MainWindow(QMainWindow):
    """`signed_out` asks the app to return to the sign-in screen (this window is done)."""

    signed_out = Signal()
    lock_changed = Signal(bool)

    def __init__(self, ctx: AppContext, *, idle_timeout_ms: int | None = None) -> None:
        super().__init__()
        assert ctx.staff is not None, "the main window needs a signed-in staff member"
        self.ctx = ctx
        self.staff = ctx.staff
        self.setWindowTitle(f"{self.staff.hub_name} · hubapp")
        self.setWindowIcon(theme.app_icon())
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)
        self.workspace = QWidget()
        self.workspace.setObjectName("workspace")
        self.rail = NavRail()
        self.pages = QStackedWidget()
        self._page_types: dict[str, Callable[[AppContext], QWidget]] = {}
        self.page_by_key = LazyPages(self._build_page)
        self.search = GlobalSearch(ctx)
        self._add_sections()
        self.rail.section_chosen.connect(self.show_section)
        self.toast = Toast(self.workspace, self.pages)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._top_bar())
        column.addWidget(self.pages, 1)
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addLayout(column, 1)
        self.lock_screen = LockScreen(ctx.db, ctx.tasks)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.switch_user.connect(self.sign_out)
        self.screens = QStackedWidget()
        self.screens.addWidget(self.workspace)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)
        self._status_bar()
        self._start_sync()
        self._shortcuts()
        self._tab_order()
        ctx.events.open_member.connect(self._open_member)
        ctx.events.open_group.connect(self._open_group)
        ctx.events.notify.connect(self.toast.show_message)
        self._hidden = HiddenWindows()
        self._focus_before_lock: QWidget | None = None
        minutes = staff_service.idle_lock_minutes(ctx.db)
        self.idle = IdleWatcher(idle_timeout_ms or minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        self.idle.start()
        self.show_section(self.rail.sections()[0])

    def _add_sections(self) -> None:
        labels = {
            "desk": self.tr("Desk"),
            "members": self.tr("Members"),
            "groups": self.tr("Groups"),
            "meetings": self.tr("Meetings"),
            # Two lines: the rail is too narrow for "Opportunities" on one.
            "opportunities": self.tr("Get\ninvolved"),
            "feedback": self.tr("Feedback"),
        }
        sections = [s for s in _sections() if self.ctx.can(s[2])]
        for number, (key, icon_name, _permission, page_type) in enumerate(sections, start=1):
            self._add_page(key, icon_name, labels[key], page_type, number)
        number = len(sections) + 1
        self._add_page("settings", "mdi6.cog-outline", self.tr("Settings"), SettingsPage, number)

    def _add_page(
        self,
        key: str,
        icon_name: str,
        label: str,
        page_type: Callable[[AppContext], QWidget],
        number: int,
    ) -> None:
        shortcut = QKeySequence(f"Ctrl+{number}").toString(QKeySequence.SequenceFormat.NativeText)
        self.rail.add_section(key, icon_name, label, shortcut, bottom=key == "settings")
        self._page_types[key] = page_type
        self.page_by_key.add(key)

    def _build_page(self, key: str) -> QWidget:
        page = self._page_types[key](self.ctx)
        self.pages.addWidget(page)
        if isinstance(page, SettingsPage):
            page.idle_minutes_changed.connect(lambda m: self.idle.set_timeout_ms(m * 60_000))
            page.sync_page_requested.connect(self.show_sync_page)
        request = getattr(page, "sign_up_requested", None)
        if request is not None:  # the members list's empty state offers "Sign up the first member"
            request.connect(lambda: self.show_section("desk"))
        return page

    @property
    def settings(self) -> SettingsPage:
        page = self.page_by_key["settings"]
        assert isinstance(page, SettingsPage)
        return page

    def _open_member(self, member_id: str) -> None:
        self._open_in("members", "show_member", member_id, self._open_member)

    def _open_group(self, group_id: str) -> None:
        self._open_in("groups", "show_group", group_id, self._open_group)

    def _open_in(self, key: str, show: str, target_id: str, handler: Callable[[str], None]) -> None:
        """Open a member or group in its section, building the page if need be. A page
        listens for `open_member`/`open_group` itself, but one built during the signal
        missed it, so it is told directly; and this handler moves behind the page's own,
        so the page shows the item before it is shown (as when all pages were built at
        start)."""
        if key not in self.page_by_key:
            return
        if self.page_by_key.built(key) is None:
            show_item = getattr(self.page_by_key[key], show, None)
            if show_item is not None:
                show_item(target_id)
            signal = self.ctx.events.open_member if key == "members" else self.ctx.events.open_group
            signal.disconnect(handler)
            signal.connect(handler)
        self.show_section(key)

    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("topBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.lock_button = QPushButton(self.tr("&Lock"))
        self.lock_button.setToolTip(self.tr("Lock the screen now (Ctrl+L)"))
        self.lock_button.setAccessibleName(self.tr("Lock the screen"))
        self.lock_button.clicked.connect(self.lock)
        self.sign_out_button = QPushButton(self.tr("Sign &out"))
        self.sign_out_button.setAccessibleName(self.tr("Sign out"))
        self.sign_out_button.clicked.connect(self.sign_out)
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 12, 16, 12)
        row.setSpacing(8)
        row.addWidget(self.search, 1)
        row.addStretch(0 if self.search.can_search else 1)
        self.search.setVisible(self.search.can_search)  # a group organiser finds nothing here
        row.addSpacing(16)
        row.addWidget(self.lock_button)
        row.addWidget(self.sign_out_button)
        theme.theme_events().changed.connect(self._recolour)
        self._recolour()
        return bar

    def _recolour(self) -> None:
        self.lock_button.setIcon(theme.icon("mdi6.lock-outline"))
        self.sign_out_button.setIcon(theme.icon("mdi6.logout"))

    def _status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        who = f"{self.staff.display_name} · {role_label(self.staff.role)}"
        self.staff_label = IconText("mdi6.account-circle-outline", who)
        self.staff_label.setToolTip(self.tr("Signed in as %1").replace("%1", self.staff.username))
        self.staff_label.setAccessibleName(self.tr("Signed in: %1").replace("%1", who))
        self.hub_label = IconText("mdi6.home-city-outline", self.staff.hub_name)
        self.hub_label.setAccessibleName(self.tr("Hub: %1").replace("%1", self.staff.hub_name))
        self.sync_status = SyncStatusLabel()
        bar.addWidget(self.staff_label)
        bar.addWidget(self.hub_label)
        bar.addPermanentWidget(self.sync_status)

    def _start_sync(self) -> None:
        # Loaded with the window, not before: sync_panel builds on this module's status label.
        from hubapp.ui.sync_panel import SyncController, show_in_status_bar

        self.sync = SyncController(self.ctx, self)
        self.sync.changed.connect(lambda view: show_in_status_bar(self.sync_status, view))
        self.sync_status.clicked.connect(self.show_sync_page)
        if not self.ctx.can(Permission.SYNC):  # the state is shown; its details are not
            self.sync_status.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.sync_status.setCursor(Qt.CursorShape.ArrowCursor)
            self.sync_status.setAccessibleDescription("")
        self._sync_page: QWidget | None = None
        self.sync.start()

    def show_sync_page(self) -> None:
        """The sync details, a page of Settings (built on first use; not in the rail). Its
        conflicts name members, so a group organiser's account is not shown it."""
        if self.locked or not self.ctx.can(Permission.SYNC):
            return
        if self._sync_page is None:
            from hubapp.ui.sync_page import SyncPage

            self._sync_page = SyncPage(self.ctx, self.sync)
            self.pages.addWidget(self._sync_page)
        self.rail.select("settings")
        self.pages.setCurrentWidget(self._sync_page)
        _focus_first_field(self._sync_page)

    def _shortcuts(self) -> None:
        # Parented to the workspace: they do nothing while it is hidden behind the lock screen.
        for number, key in enumerate(self.rail.sections(), start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self.workspace)
            shortcut.activated.connect(lambda k=key: self.show_section(k))
        find = QShortcut(QKeySequence("Ctrl+K"), self.workspace)
        find.activated.connect(self.focus_search)
        lock = QShortcut(QKeySequence("Ctrl+L"), self.workspace)
        lock.activated.connect(self.lock)

    def _tab_order(self) -> None:
        """Reading order: the search and actions along the top, then the sections."""
        chain: list[QWidget] = [self.search, self.lock_button, self.sign_out_button]
        chain += [b for k in self.rail.sections() if (b := self.rail.button(k)) is not None]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_section(self, key: str) -> None:
        page = self.page_by_key.get(key)
        if page is None:
            return
        self.rail.select(key)
        self.pages.setCurrentWidget(page)
        # Keyboard users land in the page, unless the page has already placed the focus
        # (e.g. on the member just opened from the search).
        focused = QApplication.focusWidget()
        if self.isVisible() and (focused is None or not page.isAncestorOf(focused)):
            _focus_first_field(page)

    def current_section(self) -> str | None:
        return self.rail.current()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @property
    def locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.locked:
            return
        self.idle.stop()
        self._focus_before_lock = self.focusWidget()
        self.search.clear()
        self.search.close_results()
        self.toast.dismiss()
        self._hidden.hide_all_except(self)
        self.lock_screen.lock(self.staff)
        self.workspace.setEnabled(False)
        self.screens.setCurrentWidget(self.lock_screen)
        self.statusBar().hide()
        self.lock_screen.setFocus()
        self.lock_changed.emit(True)

    def unlock(self) -> None:
        if not self.locked:
            return
        self.workspace.setEnabled(True)
        self.screens.setCurrentWidget(self.workspace)
        self.statusBar().show()
        self._hidden.restore()
        previous, self._focus_before_lock = self._focus_before_lock, None
        try:
            if previous is not None:
                previous.setFocus()
        except RuntimeError:  # that widget went away while locked
            pass
        self.idle.start()
        self.lock_changed.emit(False)

    def sign_out(self) -> None:
        self.idle.stop()
        self.sync.stop()
        self.lock_screen.secret.clear()
        self.signed_out.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        self.sync.stop()
        super().closeEvent(event)
