"""The Agenda tab: numbered items (the standard ones are there from the start), added,
edited, moved with Alt+Up/Down and removed; confidential items and papers; open actions
carried forward; and the summons as PDF, on paper, or as a calendar file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.errors import ValidationFailed
from hubapp.services.meetings import agenda
from hubapp.services.meetings.agenda import ItemDetails
from hubapp.services.meetings.documents import agenda_html
from hubapp.services.meetings.ical import meeting_ics
from hubapp.services.meetings.views import AgendaItemView, MeetingView
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings import files
from hubapp.ui.meetings.carry_dialog import CarryForwardDialog
from hubapp.ui.meetings.keys import chain_tab_order
from hubapp.ui.meetings.state import MeetingState, problem_text
from hubapp.ui.meetings.words import error_text
from hubapp.ui.printing import preview_document
from hubapp.ui.widgets.forms import FormField

ID_ROLE = Qt.ItemDataRole.UserRole


class AgendaTab(QWidget):
    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.ctx = state.ctx
        self.item_id: str | None = None  # the item in the form; None: a new item
        self.papers: list[dict[str, str]] = []
        self.dirty = False
        self.carry_dialog: CarryForwardDialog | None = None
        self.last_saved: Path | None = None
        icons = IconKeeper(self)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Agenda items"))
        self.list.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.list.currentItemChanged.connect(lambda item, _o: self._picked(item))
        self.items_label = QLabel(self.tr("Agenda &items"))
        self.items_label.setObjectName("sectionTitle")
        self.items_label.setBuddy(self.list)
        self.add_button = QPushButton(self.tr("&Add item"))
        icons.set(self.add_button, "mdi6.plus")
        self.add_button.setToolTip(self.tr("Add an item at the end (Insert)"))
        self.add_button.clicked.connect(self.start_new_item)
        self.up_button = QPushButton(self.tr("Up"))
        icons.set(self.up_button, "mdi6.arrow-up")
        self.up_button.setAccessibleName(self.tr("Move item up"))
        self.up_button.setToolTip(self.tr("Move the item up (Alt+Up)"))
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = QPushButton(self.tr("Down"))
        icons.set(self.down_button, "mdi6.arrow-down")
        self.down_button.setAccessibleName(self.tr("Move item down"))
        self.down_button.setToolTip(self.tr("Move the item down (Alt+Down)"))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.remove_button = QPushButton(self.tr("Remove"))
        icons.set(self.remove_button, "mdi6.delete-outline")
        self.remove_button.setAccessibleName(self.tr("Remove item"))
        self.remove_button.setToolTip(self.tr("Take the item off the agenda (Delete)"))
        self.remove_button.clicked.connect(self.remove)
        self.carry_button = QPushButton(self.tr("&Carry forward open actions…"))
        icons.set(self.carry_button, "mdi6.playlist-plus")
        self.carry_button.clicked.connect(self.carry_forward)
        for key, slot in (
            ("Alt+Up", lambda: self.move_item(-1)),
            ("Alt+Down", lambda: self.move_item(1)),
            ("Insert", self.start_new_item),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove)

        # The item form
        self.form_title = QLabel(self.tr("New item"))
        self.form_title.setObjectName("sectionTitle")
        self.title = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)
        self.confidential = QCheckBox(self.tr("C&onfidential: press and public asked to leave"))
        self.confidential.setAccessibleName(self.tr("Confidential item"))
        self.paper_list = QListWidget()
        self.paper_list.setAccessibleName(self.tr("Papers for this item"))
        self.paper_list.setFixedHeight(64)
        self.add_paper_button = QPushButton(self.tr("Attac&h paper…"))
        icons.set(self.add_paper_button, "mdi6.paperclip")
        self.add_paper_button.clicked.connect(self.attach_paper)
        self.remove_paper_button = QPushButton(self.tr("Remove paper"))
        self.remove_paper_button.setAccessibleName(self.tr("Remove the selected paper"))
        self.remove_paper_button.clicked.connect(self.detach_paper)
        self.fields = {
            "title": FormField(self.tr("&Title"), self.title, required=True),
            "description": FormField(self.tr("Desc&ription"), self.description),
            "papers": FormField(self.tr("Papers"), self.paper_list),
        }
        self.save_button = QPushButton(self.tr("&Save item"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save the item (Enter in the title)"))
        self.save_button.clicked.connect(self.save_item)
        self.title.returnPressed.connect(self.save_item)
        for signal in (self.title.textEdited, self.description.textChanged):
            signal.connect(self._mark_dirty)
        self.confidential.toggled.connect(self._mark_dirty)

        # Documents
        self.pdf_button = QPushButton(self.tr("Summons &PDF…"))
        icons.set(self.pdf_button, "mdi6.file-pdf-box")
        self.pdf_button.clicked.connect(self.save_summons_pdf)
        self.print_button = QPushButton(self.tr("Print…"))
        icons.set(self.print_button, "mdi6.printer")
        self.print_button.setAccessibleName(self.tr("Print the summons"))
        self.print_button.setToolTip(self.tr("Print the summons (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_summons)
        print_key = QShortcut(QKeySequence.StandardKey.Print, self)
        print_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_key.activated.connect(self.print_summons)
        self.ics_button = QPushButton(self.tr("Export to ca&lendar (.ics)…"))
        icons.set(self.ics_button, "mdi6.calendar-export")
        self.ics_button.clicked.connect(self.export_ics)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("success")
        self._lay_out()

    def _lay_out(self) -> None:
        moves = QHBoxLayout()
        for b in (self.add_button, self.up_button, self.down_button, self.remove_button):
            moves.addWidget(b)
        moves.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.items_label)
        left.addLayout(moves)
        left.addWidget(self.list, 1)
        left.addWidget(self.carry_button, 0, Qt.AlignmentFlag.AlignLeft)
        papers = QHBoxLayout()
        papers.addWidget(self.add_paper_button)
        papers.addWidget(self.remove_paper_button)
        papers.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.form_title)
        right.addWidget(self.fields["title"])
        right.addWidget(self.fields["description"])
        right.addWidget(self.confidential)
        right.addWidget(self.fields["papers"])
        right.addLayout(papers)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(left, 5)
        body.addLayout(right, 4)
        docs = QHBoxLayout()
        for b in (self.pdf_button, self.print_button, self.ics_button):
            docs.addWidget(b)
        docs.addSpacing(8)
        docs.addWidget(self.saved_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(body, 1)
        layout.addLayout(docs)
        order = [self.list, self.add_button, self.up_button, self.down_button,
                 self.remove_button, self.carry_button, self.title, self.description,
                 self.confidential, self.paper_list, self.add_paper_button,
                 self.remove_paper_button, self.save_button, self.pdf_button,
                 self.print_button, self.ics_button]  # fmt: skip
        chain_tab_order(order)

    # -- showing --------------------------------------------------------------------------

    def show_meeting(self, view: MeetingView) -> None:
        keep = self.item_id
        self.list.blockSignals(True)
        self.list.clear()
        for item in view.items:
            marks = []
            if item.confidential:
                marks.append(self.tr("confidential"))
            if item.papers:
                n = len(item.papers)
                marks.append(
                    self.tr("1 paper") if n == 1 else self.tr("%1 papers").replace("%1", str(n))
                )
            text = f"{item.number}.  {item.title}"
            if marks:
                text += "   (" + ", ".join(marks) + ")"
            row = QListWidgetItem(text)
            row.setData(ID_ROLE, item.id)
            self.list.addItem(row)
        self.list.blockSignals(False)
        for w in (self.add_button, self.up_button, self.down_button, self.remove_button,
                  self.carry_button, self.save_button, self.add_paper_button,
                  self.remove_paper_button, self.title, self.description,
                  self.confidential):  # fmt: skip
            w.setEnabled(not view.locked)
        found = self._select(keep) if keep else False
        if not found and not self.dirty:
            if view.items and keep is not None:
                self.list.setCurrentRow(0)
            elif keep is None and not self.title.text():
                self.list.setCurrentRow(0 if view.items else -1)

    def _select(self, item_id: str) -> bool:
        for n in range(self.list.count()):
            if self.list.item(n).data(ID_ROLE) == item_id:
                self.list.blockSignals(True)
                self.list.setCurrentRow(n)
                self.list.blockSignals(False)
                if not self.dirty:
                    self._fill(self._view_item(item_id))
                return True
        return False

    def _view_item(self, item_id: str) -> AgendaItemView | None:
        view = self.state.view
        return next((i for i in view.items if i.id == item_id), None) if view else None

    def _picked(self, row: QListWidgetItem | None) -> None:
        if row is None:
            return
        item_id = str(row.data(ID_ROLE))
        # Moving to another item keeps nothing half-typed silently: save it first.
        if self.dirty and self.item_id and self.item_id != item_id:
            self.save_item()
        self.item_id = item_id
        self._fill(self._view_item(item_id))

    def _fill(self, item: AgendaItemView | None) -> None:
        if item is None:
            return
        self.form_title.setText(self.tr("Item %1").replace("%1", str(item.number)))
        self.title.setText(item.title)
        self.description.setPlainText(item.description)
        self.confidential.setChecked(item.confidential)
        self.papers = [{"name": p.name, "path": p.path} for p in item.papers]
        self._show_papers()
        for f in self.fields.values():
            f.clear_error()
        self.dirty = False

    def _show_papers(self) -> None:
        self.paper_list.clear()
        for p in self.papers:
            self.paper_list.addItem(p["name"])

    def _mark_dirty(self, *_a: object) -> None:
        self.dirty = True

    # -- changing -------------------------------------------------------------------------

    def start_new_item(self) -> None:
        if self.dirty and self.item_id:
            self.save_item()
        self.item_id = None
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.form_title.setText(self.tr("New item"))
        self.title.clear()
        self.description.clear()
        self.confidential.setChecked(False)
        self.papers = []
        self._show_papers()
        self.dirty = False
        self.title.setFocus()

    def details(self) -> ItemDetails:
        return ItemDetails(
            title=self.title.text(),
            description=self.description.toPlainText(),
            confidential=self.confidential.isChecked(),
            papers=list(self.papers),
        )

    def save_item(self) -> None:
        view = self.state.view
        if view is None:
            return
        details, item_id = self.details(), self.item_id
        db, staff = self.ctx.db, self.ctx.staff_id
        for f in self.fields.values():
            f.clear_error()

        def work() -> str:
            if item_id is None:
                return agenda.add_item(db, view.id, details, staff_user_id=staff)
            agenda.edit_item(db, item_id, details, staff_user_id=staff)
            return item_id

        def done(saved_id: str) -> None:
            self.dirty = False
            self.item_id = saved_id

        def failed(exc: Exception) -> bool:
            if isinstance(exc, ValidationFailed):
                for name, message in exc.problems.items():
                    self.fields.get(name, self.fields["title"]).show_error(error_text(message))
                self.title.setFocus()
                return True
            return False

        self.state.write(work, done=done, failed=failed, say=self.tr("Agenda item saved"))

    def move_item(self, step: int) -> None:
        view, item_id = self.state.view, self.item_id
        if view is None or item_id is None or view.locked:
            return
        item = self._view_item(item_id)
        if item is None:
            return
        target = item.number + step
        if not 1 <= target <= len(view.items):
            return
        db, staff = self.ctx.db, self.ctx.staff_id
        self.state.write(lambda: agenda.move_item(db, item_id, target, staff_user_id=staff))

    def remove(self) -> None:
        view, item_id = self.state.view, self.item_id
        if view is None or item_id is None or view.locked:
            return
        db, staff = self.ctx.db, self.ctx.staff_id
        self.item_id = None
        self.dirty = False
        self.state.write(
            lambda: agenda.remove_item(db, item_id, staff_user_id=staff),
            say=self.tr("Item taken off the agenda"),
        )

    def attach_paper(self) -> None:
        path = files.ask_open_path(self, self.tr("Attach a paper"))
        if path:
            self.papers.append({"name": Path(path).name, "path": path})
            self._show_papers()
            self.dirty = True

    def detach_paper(self) -> None:
        row = self.paper_list.currentRow()
        if 0 <= row < len(self.papers):
            del self.papers[row]
            self._show_papers()
            self.dirty = True

    def carry_forward(self) -> None:
        view = self.state.view
        if view is None:
            return
        self.carry_dialog = CarryForwardDialog(self.state, self)
        self.carry_dialog.open()

    # -- documents ------------------------------------------------------------------------

    def save_summons_pdf(self) -> None:
        view = self.state.view
        if view is None:
            return
        suggested = files.safe_file_name(f"Agenda {view.title}") + ".pdf"
        path = files.ask_save_path(
            self, self.tr("Save the summons as PDF"), suggested, "PDF (*.pdf)"
        )
        if not path:
            return
        files.save_pdf_in_background(
            self.ctx,
            agenda_html(view),
            path,
            self.tr("Agenda: %1").replace("%1", view.title),
            done=self._saved_file,
            failed=lambda exc: self.state.problem.emit(problem_text(exc)),
            parent=self,
        )

    def _saved_file(self, path: Path) -> None:
        self.last_saved = path
        self.saved_label.setText(self.tr("✓ Saved %1").replace("%1", path.name))

    def print_summons(self) -> None:
        view = self.state.view
        if view is not None:
            preview_document(
                self, agenda_html(view), title=self.tr("Agenda: %1").replace("%1", view.title)
            )

    def export_ics(self) -> None:
        view = self.state.view
        if view is None:
            return
        suggested = files.safe_file_name(view.title) + ".ics"
        path = files.ask_save_path(
            self, self.tr("Export to calendar"), suggested, self.tr("Calendar (*.ics)")
        )
        if not path:
            return

        def work(_p: object) -> Path:
            target = Path(path)
            target.write_bytes(meeting_ics(view))
            return target

        self.ctx.tasks.run(
            work,
            on_success=self._saved_file,
            on_failure=lambda exc: self.state.problem.emit(problem_text(exc)),
        )
