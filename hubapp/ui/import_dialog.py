"""Importing members from a spreadsheet, step by step: choose the file, check what each column
holds, check every row, then import (on the worker, with progress and Cancel) and see what
happened. Nothing is written before the librarian presses Import."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.csv_import import (
    FIELD_LABELS,
    PHASE_IMPORTING,
    BadRows,
    CsvTable,
    ImportPreview,
    ImportResult,
    Mapping,
    PreviewRow,
    RowStatus,
    describe_problem,
    import_members,
    mapping_problems,
    preview_import,
    propose_mapping_for,
    read_csv,
)
from hubapp.services.errors import ServiceError
from hubapp.services.staff import Permission
from hubapp.services.validation import format_phone
from hubapp.ui.context import AppContext
from hubapp.ui.members.words import count_words
from hubapp.ui.tasks import Cancelled, Progress, Task
from hubapp.ui.theme import icon

log = logging.getLogger(__name__)

_ROW_STATUS_ROLE = Qt.ItemDataRole.UserRole


def _service_words(text: str) -> str:
    """Service messages are English; Welsh comes from the translator's "errors" context."""
    return QCoreApplication.translate("errors", text)


def _field_label(name: str) -> str:
    return QCoreApplication.translate("import_fields", FIELD_LABELS.get(name, name))


def _count(n: int) -> str:
    return f"{n:,}"


def _heading(step: str, title: str) -> QWidget:
    """ "Step 2 of 4" over the step's title, so the librarian always knows where they are."""
    box = QWidget()
    where = QLabel(step)
    where.setObjectName("muted")
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    heading.setAccessibleName(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(where)
    layout.addWidget(heading)
    return box


class PreviewModel(QAbstractTableModel):
    """The checked rows, painted on demand (a 20,000-row file costs nothing until shown)."""

    HEADERS = ("Row", "What happens", "Name", "Email", "Phone", "Postcode", "Details")

    STATUS_ICONS = {
        RowStatus.NEW: ("mdi6.account-plus", "success"),
        RowStatus.UPDATE: ("mdi6.account-edit", "accent"),
        RowStatus.UNCHANGED: ("mdi6.check-circle-outline", "muted"),
        RowStatus.MATCHED: ("mdi6.account-check", "warning"),
        RowStatus.REPEAT: ("mdi6.content-duplicate", "warning"),
        RowStatus.BAD: ("mdi6.alert-circle", "error"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []
        self._icons: dict[RowStatus, Any] = {}

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def status_word(self, status: RowStatus) -> str:
        return {
            RowStatus.NEW: self.tr("New member"),
            RowStatus.UPDATE: self.tr("Update"),
            RowStatus.UNCHANGED: self.tr("No change"),
            RowStatus.MATCHED: self.tr("Already a member"),
            RowStatus.REPEAT: self.tr("Repeated row"),
            RowStatus.BAD: self.tr("Needs fixing"),
        }[status]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            if row.status not in self._icons:
                self._icons[row.status] = icon(*self.STATUS_ICONS[row.status])
            return self._icons[row.status]
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return self._details(row, full=True)
        if role == _ROW_STATUS_ROLE:
            return row.status
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: PreviewRow, column: int) -> str:
        d, raw = row.details, row.values
        if column == 0:
            return str(row.row)
        if column == 1:
            return self.status_word(row.status)
        if column == 2:
            if d is not None:
                return f"{d.first_name} {d.last_name}".strip()
            return " ".join(
                raw.get(k, "") for k in ("first_name", "last_name", "full_name")
            ).strip()
        if column == 3:
            return d.email if d is not None else raw.get("email", "")
        if column == 4:
            if d is not None:
                return format_phone(d.phone) if d.phone else ""
            return raw.get("phone", "")
        if column == 5:
            return d.postcode if d is not None else raw.get("postcode", "")
        return self._details(row)

    def _details(self, row: PreviewRow, *, full: bool = False) -> str:
        why = ", ".join(_service_words(r) for r in row.reasons)
        if row.status is RowStatus.BAD and full:
            return "\n".join(
                _service_words(describe_problem(p.field, p.message)) for p in row.problems
            )
        if row.status is RowStatus.BAD:
            # The first sentence says what is wrong; the list under the table says how to fix it.
            return " ".join(
                _service_words(describe_problem(p.field, p.message)).split(". ")[0].rstrip(".")
                + "."
                for p in row.problems
            )
        if row.status is RowStatus.MATCHED:
            return (
                self.tr("Matches %1 (%2): left out.")
                .replace("%1", row.member_name)
                .replace("%2", why)
            )
        if row.status is RowStatus.REPEAT:
            return (
                self.tr("Same person as row %1 (%2): left out.")
                .replace("%1", str(row.repeat_of))
                .replace("%2", why)
            )
        if row.status is RowStatus.UPDATE:
            changed = ", ".join(_field_label(f).lower() for f in row.changed)
            return self.tr("Changes %1.").replace("%1", changed)
        if row.status is RowStatus.UNCHANGED:
            return self.tr("Already up to date.")
        return ""


class MappingPage(QWidget):
    """One row per column of the file: its header, a few of its values, and what it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        self.title = _heading(self.tr("Step 2 of 4"), self.tr("Check what each column holds"))
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        self.body = QWidget()
        self.body.setObjectName("scrollBody")
        self.grid = QGridLayout(self.body)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)

    def show_table(self, table: CsvTable, mapping: Mapping) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.combos.clear()
        rows = len(table.rows)
        summary = self.tr(
            "“%1”: %2 rows, read as %3, columns separated by %4. Choose what each column "
            "holds, or Ignore it; the first choices are hubapp's guesses from the headings."
        )
        for key, value in (
            ("%1", table.name),
            ("%2", _count(rows)),
            ("%3", self._encoding_words(table.encoding)),
            ("%4", self._delimiter_words(table.delimiter)),
        ):
            summary = summary.replace(key, value)
        self.summary.setText(summary)
        for heading, text in enumerate(
            (self.tr("Column in the file"), self.tr("For example"), self.tr("Holds"))
        ):
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            self.grid.addWidget(label, 0, heading)
        previous: QWidget | None = None
        for i, header in enumerate(table.headers, start=1):
            name = QLabel(header)
            examples = "  ·  ".join(table.sample(i - 1)) or self.tr("(empty)")
            sample = QLabel(examples)
            sample.setObjectName("muted")
            sample.setToolTip(examples)
            # Long values must not push the choices out of sight: the label may shrink.
            sample.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            sample.setMinimumWidth(120)
            combo = QComboBox()
            combo.addItem(self.tr("Ignore this column"), None)
            for field, label in FIELD_LABELS.items():
                combo.addItem(QCoreApplication.translate("import_fields", label), field)
            combo.setCurrentIndex(max(combo.findData(mapping.get(header)), 0))
            combo.setAccessibleName(self.tr("What column “%1” holds").replace("%1", header))
            combo.setMinimumWidth(280)
            name.setBuddy(combo)
            self.grid.addWidget(name, i, 0)
            self.grid.addWidget(sample, i, 1)
            self.grid.addWidget(combo, i, 2)
            if previous is not None:
                QWidget.setTabOrder(previous, combo)
            previous = combo
            self.combos[header] = combo
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(len(table.headers) + 1, 1)

    def _encoding_words(self, encoding: str) -> str:
        words = {
            "utf-8": self.tr("UTF-8"),
            "utf-8-sig": self.tr("UTF-8 (with a byte-order mark)"),
            "utf-16": self.tr("UTF-16"),
            "cp1252": self.tr("Windows-1252 (Excel's “CSV”)"),
        }
        return words.get(encoding, encoding)

    def _delimiter_words(self, delimiter: str) -> str:
        words = {",": self.tr("commas"), ";": self.tr("semicolons"), "\t": self.tr("tabs")}
        return words.get(delimiter, delimiter)

    def mapping(self) -> Mapping:
        return {header: combo.currentData() for header, combo in self.combos.items()}

    def first_combo(self) -> QComboBox | None:
        return next(iter(self.combos.values()), None)


class ImportDialog(QDialog):
    """Choose file -> check columns -> check rows -> import -> what happened."""

    FILE, COLUMNS, ROWS, DONE = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table: CsvTable | None = None
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.task: Task[Any] | None = None
        self.setWindowTitle(self.tr("Import members"))
        self.setAccessibleName(self.tr("Import members"))
        # Room for the rows table, but never bigger than the screen (a 1366x768 laptop).
        room = self.screen().availableGeometry()
        self.resize(min(1180, room.width() - 48), min(780, room.height() - 48))

        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.mapping_page = MappingPage()
        self.pages.addWidget(self.mapping_page)
        self.pages.addWidget(self._rows_page())
        self.pages.addWidget(self._done_page())

        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.progress_bar.setTextVisible(False)
        self.progress_box = QWidget()
        progress_row = QHBoxLayout(self.progress_box)
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress_bar, 1)
        self.progress_box.setVisible(False)

        self.back_button = QPushButton(self.tr("&Back"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.back_button.clicked.connect(self._back)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button.clicked.connect(self._next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(16)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress_box)
        layout.addLayout(buttons)
        self._show_page(self.FILE)

    # ---------------------------------------------------------------- pages

    def _file_page(self) -> QWidget:
        page = QWidget()
        title = _heading(self.tr("Step 1 of 4"), self.tr("Import members from a spreadsheet"))
        intro = QLabel(
            self.tr(
                "Choose a CSV file saved from your spreadsheet (in Excel: File, Save As, "
                "“CSV UTF-8”). You will see every row before anything is added, and nothing "
                "is added until you press Import."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("For example C:\\Users\\desk\\members.csv"))
        self.path_edit.setAccessibleName(self.tr("CSV file"))
        self.path_edit.textChanged.connect(lambda _t: self._update_buttons())
        browse = QPushButton(self.tr("B&rowse…"))
        browse.setAccessibleName(self.tr("Browse for the CSV file"))
        browse.clicked.connect(self._browse)
        label = QLabel(self.tr("&File"))
        label.setObjectName("fieldLabel")
        label.setBuddy(self.path_edit)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.file_error = QLabel()
        self.file_error.setObjectName("fieldError")
        self.file_error.setWordWrap(True)
        self.file_error.setVisible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(16)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.file_error)
        layout.addSpacing(16)
        layout.addWidget(self._help_card())
        layout.addStretch(1)
        return page

    def _help_card(self) -> QWidget:
        """The headings hubapp understands, so people know what their sheet may hold."""
        card = QFrame()
        card.setObjectName("card")
        title = QLabel(self.tr("What the file can hold"))
        title.setObjectName("subsectionTitle")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        known = [
            (self.tr("First name"), self.tr("also Forename, Given name")),
            (self.tr("Last name"), self.tr("also Surname, Family name")),
            (self.tr("Preferred name"), self.tr("also Known as")),
            (self.tr("Email"), self.tr("also E-mail, Email address")),
            (self.tr("Phone"), self.tr("also Mobile, Telephone, Tel")),
            (self.tr("Postcode"), self.tr("also Post code, Postal code")),
            (self.tr("Address"), self.tr("also Address 1, 2, 3 and Town, joined")),
            (self.tr("Skills, Interests"), self.tr("several, separated by ;")),
            (self.tr("Preferred language"), self.tr("English or Cymraeg")),
            (self.tr("id"), self.tr("from an export: updates those members")),
        ]
        for i, (name, spelling) in enumerate(known):
            name_label = QLabel(name)
            name_label.setObjectName("fieldLabel")
            spelling_label = QLabel(spelling)
            spelling_label.setObjectName("muted")
            grid.addWidget(name_label, i % 5, (i // 5) * 2)
            grid.addWidget(spelling_label, i % 5, (i // 5) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        note = QLabel(
            self.tr(
                "Other columns can be matched by hand in the next step, or ignored. People "
                "already registered are recognised and not added twice. Consent is not "
                "taken from a spreadsheet unless it has consent columns."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(note)
        return card

    def _rows_page(self) -> QWidget:
        page = QWidget()
        title = _heading(self.tr("Step 3 of 4"), self.tr("Check the rows"))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table_view = QTableView()
        self.table_view.setModel(self.model)
        self.table_view.setAccessibleName(self.tr("Rows of the file and what happens to each"))
        self.table_view.setAlternatingRowColors(True)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table_view.setWordWrap(False)
        self.table_view.setShowGrid(False)
        self.table_view.verticalHeader().setVisible(False)
        self.table_view.verticalHeader().setDefaultSectionSize(32)
        header = self.table_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Fit the columns to the first rows only: a 20,000-row file must not be measured.
        header.setResizeContentsPrecision(200)
        self.bad_title = QLabel()
        self.bad_title.setObjectName("fieldError")
        self.bad_list = QListWidget()
        self.bad_list.setAccessibleName(self.tr("Rows that need fixing"))
        self.bad_list.setWordWrap(True)
        self.bad_list.setSpacing(2)
        self.bad_list.currentRowChanged.connect(self._show_bad_row)
        bad_box = QWidget()
        bad_layout = QVBoxLayout(bad_box)
        bad_layout.setContentsMargins(0, 8, 0, 0)
        bad_layout.addWidget(self.bad_title)
        bad_layout.addWidget(self.bad_list, 1)
        self.bad_box = bad_box
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_view)
        splitter.addWidget(bad_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.skip_bad = QCheckBox(self.tr("&Skip the bad rows and import the rest"))
        self.skip_bad.setAccessibleName(self.tr("Skip the bad rows and import the rest"))
        self.skip_bad.toggled.connect(lambda _on: self._update_buttons())
        self.rows_note = QLabel()
        self.rows_note.setObjectName("muted")
        self.rows_note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.rows_note)
        QWidget.setTabOrder(self.table_view, self.bad_list)
        QWidget.setTabOrder(self.bad_list, self.skip_bad)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_heading = _heading(self.tr("Step 4 of 4"), self.tr("Import finished"))
        card = QFrame()
        card.setObjectName("card")
        self.done_icon = QLabel()
        self.done_icon.setFixedSize(48, 48)
        self.done_title = QLabel()
        self.done_title.setObjectName("cardTitle")
        self.done_lines = QLabel()
        self.done_lines.setWordWrap(True)
        self.done_lines.setTextFormat(Qt.TextFormat.PlainText)
        self.done_lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.done_title)
        text.addWidget(self.done_lines)
        row = QHBoxLayout(card)
        row.setContentsMargins(24, 20, 24, 20)
        row.setSpacing(16)
        row.addWidget(self.done_icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self.done_bad_title = QLabel(
            self.tr("These rows were not imported; fix them and import them again:")
        )
        self.done_bad_title.setObjectName("fieldLabel")
        self.done_bad_list = QListWidget()
        self.done_bad_list.setAccessibleName(self.tr("Rows that were not imported"))
        self.done_bad_list.setWordWrap(True)
        self.done_bad_list.setSpacing(2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(self.done_heading)
        layout.addWidget(card)
        layout.addWidget(self.done_bad_title)
        layout.addWidget(self.done_bad_list, 1)
        layout.addStretch(0)
        return page

    # ---------------------------------------------------------------- moving between steps

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back_button.setVisible(page in (self.COLUMNS, self.ROWS))
        self.cancel_button.setVisible(page != self.DONE)
        self.next_button.setDefault(True)
        self._update_buttons()
        focus: QWidget | None = {
            self.FILE: self.path_edit,
            self.COLUMNS: self.mapping_page.first_combo(),
            self.ROWS: self.skip_bad if self.skip_bad.isVisible() else self.next_button,
            self.DONE: self.next_button,
        }[page]
        if focus is not None:
            focus.setFocus()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        busy = self.task is not None
        enabled = True
        if page == self.FILE:
            self.next_button.setText(self.tr("&Next"))
            enabled = bool(self.path_edit.text().strip())
        elif page == self.COLUMNS:
            self.next_button.setText(self.tr("Check the &rows"))
        elif page == self.ROWS:
            count = self.preview.to_write if self.preview else 0
            self.next_button.setText(
                count_words(count, self.tr("&Import 1 member"), self.tr("&Import %n members"))
            )
            enabled = self.preview is not None and self.preview.can_import(
                self.skip_bad.isChecked()
            )
        else:
            self.next_button.setText(self.tr("&Close"))
        self.next_button.setAccessibleName(self.next_button.text().replace("&", ""))
        self.next_button.setEnabled(enabled and not busy)
        self.back_button.setEnabled(not busy)
        for control in (self.path_edit, self.mapping_page, self.skip_bad):
            control.setEnabled(not busy)
        self.cancel_button.setText(self.tr("Cancel import") if busy else self.tr("Cancel"))

    def _next(self) -> None:
        page = self.pages.currentIndex()
        if page == self.FILE:
            self._read_file()
        elif page == self.COLUMNS:
            self._check_rows()
        elif page == self.ROWS:
            self._import()
        else:
            self.accept()

    def _back(self) -> None:
        self._show_page(max(self.pages.currentIndex() - 1, self.FILE))

    def reject(self) -> None:
        """Esc or Cancel while a job runs stops the job (nothing is written) and stays open."""
        if self.task is not None:
            self.task.progress.cancel()
            self.progress_label.setText(self.tr("Stopping…"))
            return
        super().reject()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the spreadsheet to import"),
            "",
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if path:
            self.path_edit.setText(path)

    # ---------------------------------------------------------------- background jobs

    def _run(self, job: Any, on_success: Any, what: str) -> None:
        self.progress_label.setText(what)
        self.progress_bar.setRange(0, 0)
        self.progress_box.setVisible(True)
        task = self.ctx.tasks.run(job, on_success=on_success, on_failure=self._failed)
        if not task.done:  # a synchronous runner has finished it already
            self.task = task
            task.signals.progressed.connect(self._progressed)
            self._update_buttons()
            self.cancel_button.setFocus()  # Enter or Esc now stops the job

    def _progressed(self, done: int, total: int, phase: str) -> None:
        if self.task is None or self.task.progress.cancelled:
            return
        if phase == PHASE_IMPORTING:
            text = self.tr("Importing %1 of %2 members…")
        else:
            text = self.tr("Checking %1 of %2 rows…")
        self.progress_label.setText(text.replace("%1", _count(done)).replace("%2", _count(total)))
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _finished(self) -> None:
        self.task = None
        self.progress_box.setVisible(False)
        self._update_buttons()

    def _failed(self, exc: Exception) -> None:
        self._finished()
        page = self.pages.currentIndex()
        if isinstance(exc, BadRows):
            self._checked(exc.preview)
            self.rows_note.setText(
                self.tr(
                    "Some rows changed since they were checked (someone may have signed up at "
                    "the desk meanwhile). Nothing was written; check the rows again below."
                )
            )
            return
        if isinstance(exc, Cancelled):
            message = self.tr("Stopped. Nothing was written.")
        elif isinstance(exc, ServiceError):
            message = _service_words(str(exc))
        else:
            message = self.tr(
                "Something went wrong, and nothing was written. The details are in the log."
            )
        if page == self.FILE:
            self.file_error.setText("⚠ " + message)
            self.file_error.setVisible(True)
            self.path_edit.setFocus()
        elif page == self.COLUMNS:
            self.mapping_page.problems.setText("⚠ " + message)
            self.mapping_page.problems.setVisible(True)
        else:
            self.rows_note.setText(message)
            self.next_button.setFocus()

    # ---------------------------------------------------------------- the steps' work

    def _read_file(self) -> None:
        self.file_error.setVisible(False)
        if not self.ctx.can(Permission.IMPORT_EXPORT):
            self.file_error.setText(
                "⚠ " + self.tr("Your staff role does not allow importing. Ask an administrator.")
            )
            self.file_error.setVisible(True)
            return
        # "Copy as path" in Windows Explorer puts quotes round the path.
        path = Path(self.path_edit.text().strip().strip('"'))
        self._run(lambda _progress: read_csv(path), self._file_read, self.tr("Reading the file…"))

    def _file_read(self, table: CsvTable) -> None:
        self._finished()
        if not table.rows:
            self.file_error.setText("⚠ " + self.tr("The file has headings but no rows of members."))
            self.file_error.setVisible(True)
            return
        self.table = table
        self.mapping_page.problems.setVisible(False)
        self.mapping_page.show_table(table, propose_mapping_for(table))
        self._show_page(self.COLUMNS)

    def _check_rows(self) -> None:
        assert self.table is not None
        mapping = self.mapping_page.mapping()
        problems = mapping_problems(mapping)
        self.mapping_page.problems.setVisible(bool(problems))
        if problems:
            self.mapping_page.problems.setText("⚠ " + " ".join(_service_words(p) for p in problems))
            return
        table, db = self.table, self.ctx.db
        self._run(
            lambda progress: preview_import(db, table, mapping, progress=progress),
            self._checked,
            self.tr("Checking the rows…"),
        )

    def _checked(self, preview: ImportPreview) -> None:
        self._finished()
        self.preview = preview
        self.model.set_rows(preview.rows)
        for column in range(len(PreviewModel.HEADERS) - 1):
            self.table_view.resizeColumnToContents(column)
            width = self.table_view.columnWidth(column)
            self.table_view.setColumnWidth(column, min(width + 8, 280))
        counts = preview.counts
        parts = [
            (RowStatus.NEW, self.tr("1 new member"), self.tr("%n new members")),
            (RowStatus.UPDATE, self.tr("1 to update"), self.tr("%n to update")),
            (
                RowStatus.UNCHANGED,
                self.tr("1 already up to date"),
                self.tr("%n already up to date"),
            ),
            (RowStatus.MATCHED, self.tr("1 already a member"), self.tr("%n already members")),
            (RowStatus.REPEAT, self.tr("1 repeated row"), self.tr("%n repeated rows")),
            (RowStatus.BAD, self.tr("1 row needs fixing"), self.tr("%n rows need fixing")),
        ]
        words = [count_words(counts[s], one, many) for s, one, many in parts if counts[s]]
        total = count_words(len(preview.rows), self.tr("1 row"), self.tr("%n rows"))
        self.counts.setText(f"<b>{total}:</b> " + " · ".join(words or [self.tr("nothing")]))
        bad = preview.bad_rows
        self.bad_list.clear()
        self.bad_list.addItems(self._problem_lines(bad))
        self.bad_title.setText(
            count_words(len(bad), self.tr("⚠ 1 row needs fixing"), self.tr("⚠ %n rows need fixing"))
        )
        self.bad_box.setVisible(bool(bad))
        self.skip_bad.setVisible(bool(bad))
        self.skip_bad.setChecked(False)
        skipped = counts[RowStatus.MATCHED] + counts[RowStatus.REPEAT]
        note = ""
        if bad:
            note = self.tr(
                "Fix these rows in your spreadsheet and choose the file again, or tick “Skip "
                "the bad rows” to import the others now."
            )
        elif not preview.to_write:
            note = self.tr("There is nothing to import: everyone in the file is already here.")
        if skipped:
            note += " " + self.tr(
                "Rows that match someone already registered are left out, so nobody is added "
                "twice; to change their details, edit them on their page."
            )
        self.rows_note.setText(note.strip())
        self._show_page(self.ROWS)

    def _problem_lines(self, bad: list[PreviewRow]) -> list[str]:
        # A list widget holds a few thousand lines happily; beyond that nobody reads them.
        return [
            self.tr("Row %1: %2")
            .replace("%1", str(p.row))
            .replace("%2", _service_words(describe_problem(p.field, p.message)))
            for r in bad[:2000]
            for p in r.problems
        ]

    def _show_bad_row(self, index: int) -> None:
        """Selecting a problem in the list shows its row in the table."""
        if self.preview is None or index < 0:
            return
        number = int(self.bad_list.item(index).text().split(":")[0].split()[-1])
        for position, row in enumerate(self.model.rows):
            if row.row == number:
                self.table_view.selectRow(position)
                self.table_view.scrollTo(self.model.index(position, 0))
                break

    def _import(self) -> None:
        assert self.table is not None and self.preview is not None
        table, db, mapping = self.table, self.ctx.db, self.preview.mapping
        skip, staff = self.skip_bad.isChecked(), self.ctx.staff_id

        def job(progress: Progress) -> ImportResult:
            return import_members(
                db, table, mapping, staff_user_id=staff, skip_invalid=skip, progress=progress
            )

        total = _count(self.preview.to_write)
        self._run(job, self._imported, self.tr("Importing 0 of %1 members…").replace("%1", total))

    def _imported(self, result: ImportResult) -> None:
        self._finished()
        self.import_result = result
        log.info("imported members: %d new, %d updated", result.new, result.updated)
        self.ctx.events.members_changed.emit()
        counts = result.preview.counts
        self.done_title.setText(
            count_words(
                result.new + result.updated,
                self.tr("1 member imported"),
                self.tr("%n members imported"),
            )
        )
        lines = [
            count_words(
                result.new, self.tr("1 new member added."), self.tr("%n new members added.")
            ),
        ]
        if result.updated:
            lines.append(
                count_words(
                    result.updated, self.tr("1 member updated."), self.tr("%n members updated.")
                )
            )
        left_out = [
            (counts[RowStatus.UNCHANGED], self.tr("1 row was already up to date."),
             self.tr("%n rows were already up to date.")),
            (counts[RowStatus.MATCHED],
             self.tr("1 row matched someone already registered and was left out."),
             self.tr("%n rows matched people already registered and were left out.")),
            (counts[RowStatus.REPEAT], self.tr("1 row repeated an earlier row and was left out."),
             self.tr("%n rows repeated earlier rows and were left out.")),
            (result.skipped_bad, self.tr("1 bad row was skipped: fix it and import it again."),
             self.tr("%n bad rows were skipped: fix them and import them again.")),
        ]  # fmt: skip
        lines += [count_words(n, one, many) for n, one, many in left_out if n]
        self.done_lines.setText("\n".join(lines))
        skipped = sum(n for n, _, _ in left_out) > counts[RowStatus.UNCHANGED]
        self.done_icon.setPixmap(
            icon(
                *(("mdi6.alert", "warning") if skipped else ("mdi6.check-circle", "success"))
            ).pixmap(48, 48)
        )
        self.done_bad_list.clear()
        self.done_bad_list.addItems(self._problem_lines(result.preview.bad_rows))
        self.done_bad_title.setVisible(bool(result.skipped_bad))
        self.done_bad_list.setVisible(bool(result.skipped_bad))
        self._show_page(self.DONE)
