"""The list of members: search as you type (over name, email, phone and postcode), filters
by group and by skill or interest, a lazy table that stays smooth at 100,000 members, and
an empty state that offers to sign up the first member."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.vocab import TagKind
from hubapp.services.member_search import (
    MemberQuery,
    group_choices,
    members_count,
    search_first_keys,
    search_member_keys,
)
from hubapp.services.vocabulary import list_tags
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.members.highlight import HighlightDelegate
from hubapp.ui.members.member_model import COLUMNS, ID_ROLE, NAME_ROLE, MemberTableModel
from hubapp.ui.members.words import count_words
from hubapp.ui.tasks import TaskRunner
from hubapp.ui.widgets.forms import EmptyState, PageHeader

SEARCH_DELAY_MS = 120
FIRST_KEYS = 200  # enough rows to fill a tall window before the rest arrive
ROW_HEIGHT = 36


@dataclass(frozen=True)
class SearchResult:
    generation: int
    query: MemberQuery
    keys: list[int]  # the first keys, or all of them when `complete`
    found: int  # members matching
    total: int  # members in the hub
    complete: bool


class MemberList(QWidget):
    open_requested = Signal(str)
    delete_requested = Signal(str, str)  # member id, name
    sign_up_requested = Signal()
    searched = Signal()  # results shown (tests wait on it)
    keys_completed = Signal()  # the rest of a broad search's keys came

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order = "name"
        self.generation = 0
        self.shown_generation = -1
        self._shown_query: MemberQuery | None = None
        self._total: int | None = None  # all live members; None until (re)counted
        self._open_first = False  # Enter was pressed in the search field before results came
        self._keep: tuple[int, int] | None = None  # current member and scroll, over a refresh
        # Searches only read, so they get their own worker: they never wait behind an
        # import or a sync on the shared one.
        self.reader = TaskRunner(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.header = PageHeader(self.tr("Members"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, email, phone or postcode"))
        self.search.setAccessibleName(self.tr("Search members"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(theme.icon("mdi6.magnify", "muted"),
                              QLineEdit.ActionPosition.LeadingPosition)  # fmt: skip
        self.search.installEventFilter(self)
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName(self.tr("Show members of group"))
        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName(self.tr("Show members with skill or interest"))
        for combo in (self.group_filter, self.tag_filter):
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.count.setAccessibleName(self.tr("Number of members"))
        self.model = MemberTableModel(ctx.db, self)
        self.model.sort_requested.connect(self._sort)
        self.table = self._make_table()
        self.empty = EmptyState(
            self.tr("No members yet. Everyone signed up at the desk or imported will be "
                    "listed here."),
            self.tr("Sign up the first member"),
        )  # fmt: skip
        self.empty.button.clicked.connect(self.sign_up_requested)
        self.no_match = EmptyState(self.tr("No members match."), self.tr("Clear the search"))
        self.no_match.button.setObjectName("")
        self.no_match.button.clicked.connect(self.clear_search)
        self.stack = QStackedWidget()
        for widget in (self.table, self.empty, self.no_match):
            self.stack.addWidget(widget)
        self.toolbar = QWidget()
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(8)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.group_filter, 1)
        bar.addWidget(self.tag_filter, 1)
        bar.addSpacing(8)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self.header)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.load_filters()
        self.run_search()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(self.tr("Members"))
        table.setModel(self.model)
        self.delegate = HighlightDelegate(table)
        table.setItemDelegate(self.delegate)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        # Fixed row heights let the view place 100,000 rows without measuring any of them.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((260, 110, 300, 150, 120)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        table.activated.connect(self._open_index)
        table.installEventFilter(self)
        return table

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        # Arriving at the list, the librarian can type a name straight away.
        if not self.toolbar.isHidden() and self.focusWidget() is None:
            QTimer.singleShot(0, lambda: self.search.setFocus(Qt.FocusReason.OtherFocusReason))

    def load_filters(self) -> None:
        with self.ctx.db.read() as session:
            groups = group_choices(session)
        keep_group, keep_tag = self.group_filter.currentData(), self.tag_filter.currentData()
        for combo in (self.group_filter, self.tag_filter):
            combo.blockSignals(True)
            combo.clear()
        self.group_filter.addItem(self.tr("All groups"), None)
        for group in groups:
            self.group_filter.addItem(group.name, group.id)
        self.group_filter.setVisible(bool(groups))
        self.tag_filter.addItem(self.tr("Any skill or interest"), None)
        with self.ctx.db.read() as session:
            for kind, word in ((TagKind.SKILL, self.tr("Skill")),
                               (TagKind.INTEREST, self.tr("Interest"))):  # fmt: skip
                self.tag_filter.insertSeparator(self.tag_filter.count())
                for tag in list_tags(session, kind):
                    self.tag_filter.addItem(f"{tag.name} ({word.lower()})", tag.id)
        for combo, keep in ((self.group_filter, keep_group), (self.tag_filter, keep_tag)):
            combo.setCurrentIndex(max(combo.findData(keep), 0))
            combo.blockSignals(False)

    def query(self) -> MemberQuery:
        tag = self.tag_filter.currentData()
        return MemberQuery(
            text=self.search.text(),
            group_id=self.group_filter.currentData(),
            tag_ids=(tag,) if tag else (),
            order=self.order,
        )

    def run_search(self) -> None:
        """Searches on the reader thread; only the newest search's result is shown. A broad
        search shows its first page at once, and the rest of its keys follow."""
        self._timer.stop()
        self.generation += 1
        generation, query, db, known_total = self.generation, self.query(), self.ctx.db, self._total
        filtered = bool(query.text.strip() or query.group_id or query.tag_ids)

        def search(_progress: object) -> SearchResult:
            with db.read() as session:
                first = search_first_keys(session, query, FIRST_KEYS)
                if not filtered:
                    total = first.total
                elif known_total is not None:
                    total = known_total
                else:
                    total = members_count(session)
            return SearchResult(generation, query, first.keys, first.total, total, first.complete)

        self.reader.run(search, on_success=self._show)

    def _show(self, result: SearchResult) -> None:
        if result.generation != self.generation:
            return  # an older search finishing late
        self._total = result.total
        current = self.table.currentIndex()
        if current.isValid() and current.row() < len(self.model.keys):
            self._keep = (self.model.keys[current.row()], self.table.verticalScrollBar().value())
        refreshing = result.query == self._shown_query
        if not refreshing:
            self._keep = None
        self.delegate.typed = result.query.text
        self.model.set_keys(result.keys, result.found)
        self._stay_where_the_user_was()
        self._shown_query = result.query
        self._show_count(result.found, result.total)
        self.shown_generation = result.generation
        if not result.complete:
            self._fetch_the_rest(result)
        if self._open_first:
            self._open_first = False
            if self.model.rowCount():
                self.table.setCurrentIndex(self.model.index(0, 0))
                self._open_index(self.table.currentIndex())
        self.searched.emit()

    def _fetch_the_rest(self, result: SearchResult) -> None:
        generation, query, db = result.generation, result.query, self.ctx.db

        def rest(_progress: object) -> tuple[int, list[int]] | None:
            if generation != self.generation:
                return None  # the librarian has typed on: not needed any more
            with db.read() as session:
                return generation, search_member_keys(session, query)

        self.reader.run(rest, on_success=self._complete)

    def _complete(self, done: tuple[int, list[int]] | None) -> None:
        if done is None or done[0] != self.generation:
            return
        self.model.complete_keys(done[1])
        self._stay_where_the_user_was()
        self._show_count(len(done[1]), self._total or len(done[1]))
        self.keys_completed.emit()

    def _stay_where_the_user_was(self) -> None:
        """After a refresh (someone was added or edited), keep the current member and the
        scroll position, once their key is among those known."""
        if self._keep is None:
            return
        key, scroll = self._keep
        row = self.model.row_of_key(key)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.verticalScrollBar().setValue(scroll)
            self._keep = None
        elif self.model.complete:
            self._keep = None

    def refresh(self) -> None:
        """Members were added, edited or deleted somewhere: search again, and recount."""
        self._total = None
        self.run_search()

    def _show_count(self, found: int, total: int) -> None:
        all_words = count_words(total, self.tr("1 member"), self.tr("%n members"))
        if found == total:
            self.count.setText(all_words)
        else:
            self.count.setText(self.tr("%1 of %2").replace("%1", f"{found:,}")
                               .replace("%2", all_words))  # fmt: skip
        # Nothing to search or filter in an empty hub: only the way to add the first member.
        self.toolbar.setVisible(total > 0)
        if total == 0:
            self.stack.setCurrentWidget(self.empty)
        elif found == 0:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)

    def _sort(self, order: str) -> None:
        if order == self.order:
            return
        self.order = order
        self.run_search()

    def clear_search(self) -> None:
        self.search.clear()
        self.group_filter.setCurrentIndex(0)
        self.tag_filter.setCurrentIndex(0)
        self.run_search()
        self.search.setFocus()

    def _open_index(self, index: QModelIndex) -> None:
        member_id = index.siblingAtColumn(0).data(ID_ROLE)
        if member_id:
            self.open_requested.emit(member_id)

    def current_member(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        first = index.siblingAtColumn(0)
        member_id = first.data(ID_ROLE)
        return (member_id, first.data(NAME_ROLE)) if member_id else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.table and key == Qt.Key.Key_Delete:
            if (member := self.current_member()) is not None:
                self.delete_requested.emit(*member)
            return True
        if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Return,
                                              Qt.Key.Key_Enter):  # fmt: skip
            # From the search field, Down goes to the results and Enter opens the first.
            if self._timer.isActive() or self.shown_generation != self.generation:
                if self._timer.isActive():
                    self.run_search()
                self._open_first = key != Qt.Key.Key_Down
                return True
            if self.model.rowCount() == 0:
                return True
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            if key == Qt.Key.Key_Down:
                self.table.setFocus()
            else:
                self._open_index(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def set_import_actions(self, buttons: list[QPushButton]) -> None:
        for button in buttons:
            self.header.add_action(button)

    def headers(self) -> list[str]:
        return [self.tr(name) for name, _ in COLUMNS]
