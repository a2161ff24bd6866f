"""The search field at the top of the main window (Ctrl+K): finds members and groups from
anywhere and opens the one chosen. Results drop down under the field; the field keeps the
keyboard focus, so Up/Down choose, Enter opens and Esc closes. It searches only what the
signed-in account may open: a group organiser's account may open neither, and finds nothing."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from hubapp.models.database import Database
from hubapp.services.groups import search_groups
from hubapp.services.member_search import MemberQuery, member_rows, search_first_keys
from hubapp.services.staff import Permission
from hubapp.ui import theme
from hubapp.ui.context import AppContext

RESULTS_PER_KIND = 6
DEBOUNCE_MS = 120
_KIND = Qt.ItemDataRole.UserRole
_ID = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Found:
    kind: str  # "member" or "group"
    id: str
    title: str
    detail: str


def find_members(db: Database, text: str, limit: int) -> list[Found]:
    with db.read() as session:
        keys = search_first_keys(session, MemberQuery(text=text), limit).keys[:limit]
        rows = member_rows(session, keys)
    return [Found("member", r.id, r.display_name, r.postcode) for r in rows]


def find_groups(db: Database, text: str, limit: int) -> list[Found]:
    return [Found("group", r.id, r.name, r.area_served) for r in search_groups(db, text, limit)]


def find(db: Database, text: str, *, members: bool, groups: bool) -> list[Found]:
    found: list[Found] = []
    if members:
        found += find_members(db, text, RESULTS_PER_KIND)
    if groups:
        found += find_groups(db, text, RESULTS_PER_KIND)
    return found


class GlobalSearch(QLineEdit):
    """The search field. Choosing a result emits `ctx.events.open_member` / `open_group`."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("globalSearch")
        self.setPlaceholderText(self._placeholder())
        self.setAccessibleName(self.tr("Search"))
        self.setAccessibleDescription(self._placeholder())
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(360)
        self.setMaximumWidth(640)
        self._search_action = self.addAction(
            theme.icon("mdi6.magnify", "muted"), QLineEdit.ActionPosition.LeadingPosition
        )
        self.results = QListWidget()
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.itemClicked.connect(self._open_item)
        # A child from the start (moved onto the window when first shown), so it goes with
        # this field rather than lingering as a hidden window of its own.
        self.popup = QFrame(self)
        self.popup.setObjectName("searchResults")
        self.popup.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box = QVBoxLayout(self.popup)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.results)
        self.popup.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_in_background)
        self._generation = 0  # a search's results are shown only if nothing was typed since
        self._results_for = ""  # the text the results on show were found for
        self.textEdited.connect(lambda _text: self._timer.start())
        self.textChanged.connect(self._on_text_changed)
        theme.theme_events().changed.connect(self._recolour)

    @property
    def can_search(self) -> bool:
        """Whether this account may find anything here (members or groups)."""
        return self.ctx.can(Permission.DESK) or self.ctx.can(Permission.GROUPS)

    def _placeholder(self) -> str:
        if self.ctx.can(Permission.DESK) and self.ctx.can(Permission.GROUPS):
            return self.tr("Search members and groups  (Ctrl+K)")
        if self.ctx.can(Permission.GROUPS):
            return self.tr("Search groups  (Ctrl+K)")
        if self.ctx.can(Permission.DESK):
            return self.tr("Search members  (Ctrl+K)")
        return ""

    def search_now(self) -> None:
        """Searches at once, on this thread: Enter needs the results before it can open one."""
        self._timer.stop()
        self._generation += 1
        text = self.text().strip()
        if not text or not self.can_search:
            self.close_results()
            return
        members, groups = self.ctx.can(Permission.DESK), self.ctx.can(Permission.GROUPS)
        self._show(text, find(self.ctx.db, text, members=members, groups=groups))

    def _search_in_background(self) -> None:
        """While typing, the database is searched on the worker, so keys never wait on it."""
        self._generation += 1
        generation, text, db = self._generation, self.text().strip(), self.ctx.db
        if not text or not self.can_search:
            self.close_results()
            return
        members, groups = self.ctx.can(Permission.DESK), self.ctx.can(Permission.GROUPS)
        self.ctx.tasks.run(
            lambda _p: find(db, text, members=members, groups=groups),
            on_success=lambda found: self._show_if_current(generation, text, found),
        )

    def _show_if_current(self, generation: int, text: str, found: list[Found]) -> None:
        if generation == self._generation:
            self._show(text, found)

    def _show(self, text: str, found: list[Found]) -> None:
        self._results_for = text
        self.results.clear()
        for item in found:
            label = f"{item.title}   ·   {item.detail}" if item.detail else item.title
            kind_word = self.tr("Member") if item.kind == "member" else self.tr("Group")
            row = QListWidgetItem(label)
            row.setIcon(
                theme.icon("mdi6.account" if item.kind == "member" else "mdi6.account-group")
            )
            row.setData(_KIND, item.kind)
            row.setData(_ID, item.id)
            row.setToolTip(kind_word)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, f"{kind_word}: {item.title}")
            self.results.addItem(row)
        if not found:
            empty = QListWidgetItem(self.tr("Nothing matches “%1”.").replace("%1", text))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)
        else:
            self.results.setCurrentRow(0)
        self._place_popup()

    def _place_popup(self) -> None:
        host = self.window()
        if self.popup.parent() is not host:
            self.popup.setParent(host)
        rows = max(1, self.results.count())
        row_height = max(self.results.sizeHintForRow(0), 32)
        self.popup.resize(self.width(), min(rows, 12) * row_height + 16)
        self.popup.move(self.mapTo(host, QPoint(0, self.height() + 4)))
        self.popup.show()
        self.popup.raise_()

    def close_results(self) -> None:
        self.popup.hide()

    def open_current(self) -> bool:
        item = self.results.currentItem()
        if item is None or not self.popup.isVisible() or item.data(_ID) is None:
            return False
        self._open_item(item)
        return True

    def _open_item(self, item: QListWidgetItem) -> None:
        kind, target = item.data(_KIND), item.data(_ID)
        if target is None:
            return
        self.clear()
        self.close_results()
        if kind == "member":
            self.ctx.events.open_member.emit(target)
        else:
            self.ctx.events.open_group.emit(target)

    def _on_text_changed(self, text: str) -> None:
        self._generation += 1  # what is on the way is for other text now
        if not text.strip():
            self.close_results()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup.isVisible():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
            self.results.setCurrentRow(row)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive() or self._results_for != self.text().strip():
                self.search_now()  # typed since the results on show were found
            if self.open_current():
                return
        if key == Qt.Key.Key_Escape and (self.popup.isVisible() or self.text()):
            self.clear()
            self.close_results()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QEvent) -> None:
        # A click on a result arrives after focus leaves: close a moment later.
        QTimer.singleShot(200, self, self._close_if_unfocused)
        super().focusOutEvent(event)  # type: ignore[arg-type]

    def _close_if_unfocused(self) -> None:
        if not self.hasFocus():
            self.close_results()

    def _recolour(self) -> None:
        self._search_action.setIcon(theme.icon("mdi6.magnify", "muted"))
