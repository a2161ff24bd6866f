"""The Minutes tab: a draft generated from what was recorded and edited while it is a draft;
approval at a later meeting, which locks it (read-only, with a clear banner); corrections
recorded as such afterwards; the public summary; and the minutes as PDF or on paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.database import Database
from hubapp.models.vocab import MinutesStatus
from hubapp.services.meetings import approval
from hubapp.services.meetings.documents import minutes_html
from hubapp.services.meetings.held import mark_held
from hubapp.services.meetings.minutes import draft_minutes, public_summary_text
from hubapp.services.meetings.scheduling import list_meetings
from hubapp.services.meetings.views import MeetingRow, MeetingView
from hubapp.ui.groups.confirm import ask
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings import files
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.keys import chain_tab_order
from hubapp.ui.meetings.state import MeetingState, problem_text
from hubapp.ui.meetings.summary_sharing import SummarySharing
from hubapp.ui.meetings.words import format_day, format_when
from hubapp.ui.printing import preview_document, write_pdf
from hubapp.ui.theme import colours

RIGHT_WIDTH = 360


def _label(text: str, buddy: QWidget, name: str = "fieldLabel") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setBuddy(buddy)
    return label


class MinutesTab(QWidget):
    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.ctx = state.ctx
        self.dirty = False
        self.summary_dirty = False
        self.shown_for = ""
        self.last_saved: Path | None = None
        self.preview: QWidget | None = None
        icons = IconKeeper(self)
        self.status = Banner()
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("Minutes"))
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(
            self.tr("No minutes yet. Generate the draft from what was recorded.")
        )
        self.editor.textChanged.connect(self._typed)
        self.generate_button = QPushButton(self.tr("&Generate draft from the record"))
        icons.set(self.generate_button, "mdi6.text-box-plus-outline")
        self.generate_button.clicked.connect(self.generate)
        self.save_button = QPushButton(self.tr("&Save draft"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save the draft (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_draft)
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save_draft)
        self.draft_state = QLabel()
        self.draft_state.setObjectName("muted")

        self.approve_at = QComboBox()
        self.approve_at.setAccessibleName(self.tr("Approved at the meeting on"))
        self.approve_button = QPushButton(self.tr("A&pprove and lock"))
        icons.set(self.approve_button, "mdi6.lock-check")
        self.approve_button.clicked.connect(self.approve)
        self.held_button = QPushButton(self.tr("Mark meeting &held"))
        icons.set(self.held_button, "mdi6.calendar-check")
        self.held_button.setToolTip(self.tr("Adds the meeting to each present member's record"))
        self.held_button.clicked.connect(self.mark_held)
        self.pdf_button = QPushButton(self.tr("&Minutes PDF…"))
        icons.set(self.pdf_button, "mdi6.file-pdf-box")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Print…"))
        icons.set(self.print_button, "mdi6.printer")
        self.print_button.setAccessibleName(self.tr("Print the minutes"))
        self.print_button.setToolTip(self.tr("Print the minutes (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_minutes)
        print_key = QShortcut(QKeySequence.StandardKey.Print, self)
        print_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_key.activated.connect(self.print_minutes)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("success")
        self.saved_label.setWordWrap(True)

        self.corrections = QListWidget()
        self.corrections.setAccessibleName(self.tr("Corrections recorded"))
        self.corrections.setWordWrap(True)
        self.corrections.setFixedHeight(80)
        self.correction = QPlainTextEdit()
        self.correction.setAccessibleName(self.tr("Correction"))
        self.correction.setTabChangesFocus(True)
        self.correction.setFixedHeight(56)
        self.correct_button = QPushButton(self.tr("&Record correction"))
        self.correct_button.clicked.connect(self.add_correction)

        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName(self.tr("Public summary"))
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(120)
        self.summary.textChanged.connect(self._summary_typed)
        self.summary_button = QPushButton(self.tr("&Write from the record"))
        self.summary_button.clicked.connect(self.write_summary)
        self.save_summary_button = QPushButton(self.tr("Save s&ummary"))
        self.save_summary_button.clicked.connect(self.save_summary)
        self.sharing = SummarySharing(state, self.summary.toPlainText)
        self._lay_out()

    def _lay_out(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.generate_button)
        tools.addWidget(self.save_button)
        tools.addWidget(self.draft_state, 1)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(tools)
        left.addWidget(self.editor, 1)
        docs = QHBoxLayout()
        docs.addWidget(self.pdf_button)
        docs.addWidget(self.print_button)
        docs.addStretch(1)
        left.addLayout(docs)
        left.addWidget(self.saved_label)

        side = QWidget()
        side.setObjectName("scrollBody")
        right = QVBoxLayout(side)
        right.setContentsMargins(0, 0, 8, 0)
        right.setSpacing(6)
        approve_title = QLabel(self.tr("Approval"))
        approve_title.setObjectName("sectionTitle")
        right.addWidget(approve_title)
        self.approve_label = _label(self.tr("Approved a&t the meeting on"), self.approve_at)
        right.addWidget(self.approve_label)
        right.addWidget(self.approve_at)
        right.addWidget(self.approve_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.held_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addSpacing(8)
        right.addWidget(_label(self.tr("Corre&ctions"), self.correction, "sectionTitle"))
        right.addWidget(self.corrections)
        right.addWidget(self.correction)
        right.addWidget(self.correct_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addSpacing(8)
        right.addWidget(_label(self.tr("Pu&blic summary"), self.summary, "sectionTitle"))
        right.addWidget(self.summary, 1)
        summary_buttons = QHBoxLayout()
        summary_buttons.addWidget(self.summary_button)
        summary_buttons.addWidget(self.save_summary_button)
        summary_buttons.addStretch(1)
        right.addLayout(summary_buttons)
        right.addWidget(self.sharing)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFixedWidth(RIGHT_WIDTH + 16)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(left, 1)
        body.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)
        order = [self.generate_button, self.save_button, self.editor, self.pdf_button,
                 self.print_button, self.approve_at, self.approve_button, self.held_button,
                 self.corrections, self.correction, self.correct_button, self.summary,
                 self.summary_button, self.save_summary_button,
                 *self.sharing.focus_chain()]  # fmt: skip
        chain_tab_order(order)

    # -- showing --------------------------------------------------------------------------

    def show_meeting(self, view: MeetingView) -> None:
        new_meeting = view.id != self.shown_for
        self.shown_for = view.id
        locked = view.locked
        if locked:
            when = view.minutes_approved_at_meeting or (
                format_day(view.minutes_approved_at.date()) if view.minutes_approved_at else ""
            )
            self.status.show_message(
                "locked",
                self.tr(
                    "Approved at the meeting on %1, locked. These minutes cannot be changed; "
                    "record a correction instead."
                ).replace("%1", when),
            )
        elif view.minutes_status == MinutesStatus.DRAFT:
            self.status.show_message(
                "info", self.tr("Draft minutes: not yet approved. You can edit them freely.")
            )
        else:
            self.status.show_message(
                "info",
                self.tr("No minutes yet. Generate the draft from what was recorded, then edit it."),
            )
        if new_meeting or locked or not self.dirty:
            self.editor.blockSignals(True)
            self.editor.setPlainText(view.minutes_text)
            self.editor.blockSignals(False)
            self.dirty = False
            self.draft_state.setText("")
        if new_meeting or not self.summary_dirty:
            self.summary.blockSignals(True)
            self.summary.setPlainText(view.public_summary)
            self.summary.blockSignals(False)
            self.summary_dirty = False
        self.editor.setReadOnly(locked)
        # Read-only looks it: the quieter background of a page that cannot be typed on.
        self.editor.setStyleSheet(
            f"QPlainTextEdit {{ background: {colours().surface_alt}; }}" if locked else ""
        )
        for w in (self.approve_label, self.approve_at, self.approve_button):
            w.setVisible(not locked)
        for w in (self.generate_button, self.save_button, self.approve_at, self.approve_button,
                  self.held_button):  # fmt: skip
            w.setEnabled(not locked)
        # Corrections are for approved minutes only; a draft is simply edited.
        self.correction.setVisible(locked)
        self.correct_button.setVisible(locked)
        self.held_button.setText(
            self.tr("Meeting marked held")
            if view.status == "held"
            else self.tr("Mark meeting &held")
        )
        self.corrections.clear()
        for c in view.corrections:
            at = f" ({c.made_at_label})" if c.made_at_label else ""
            self.corrections.addItem(f"{format_day(c.recorded_at.date())}{at}: {c.text}")
        if not view.corrections:
            self.corrections.addItem(
                self.tr("None. Corrections can be recorded once the minutes are approved.")
            )
        if new_meeting:
            self._load_later_meetings(view)
            self.sharing.show_meeting(view.id)

    def _load_later_meetings(self, view: MeetingView) -> None:
        db, group_id, starts = self.ctx.db, view.group_id, view.starts_at

        def work(_p: object) -> list[MeetingRow]:
            rows = list_meetings(db, group_id, upcoming=True) + list_meetings(
                db, group_id, upcoming=False
            )
            return sorted((r for r in rows if r.starts_at > starts), key=lambda r: r.starts_at)

        self.ctx.tasks.run(work, on_success=lambda rows: self._fill_later(view.id, rows))

    def _fill_later(self, meeting_id: str, rows: list[MeetingRow]) -> None:
        if meeting_id != self.shown_for:
            return
        self.approve_at.clear()
        for r in rows:
            self.approve_at.addItem(format_when(r.starts_at), r.id)
        if not rows:
            self.approve_at.addItem(self.tr("Schedule the next meeting first"), "")

    def _typed(self) -> None:
        self.dirty = True
        self.draft_state.setText(self.tr("Not saved yet"))

    def _summary_typed(self) -> None:
        self.summary_dirty = True

    # -- writing --------------------------------------------------------------------------

    def _ids(self) -> tuple[Database, str | None, str]:
        return self.ctx.db, self.ctx.staff_id, self.state.meeting_id

    def generate(self) -> None:
        view = self.state.view
        if view is None:
            return
        db, staff, meeting_id = self._ids()

        def go() -> None:
            self.dirty = False
            self.state.write(
                lambda: approval.start_minutes(db, meeting_id, staff_user_id=staff),
                say=self.tr("Draft minutes generated"),
            )

        if view.minutes_text.strip() or self.dirty:
            ask(
                self,
                self.tr("Generate the draft again"),
                self.tr("Replace the draft, and any changes made to it, with a new one?"),
                self.tr("Replace"),
                go,
                undoable=False,
            )
        else:
            go()

    def save_draft(self) -> None:
        if self.editor.isReadOnly():
            return
        db, staff, meeting_id = self._ids()
        text = self.editor.toPlainText()

        def done(_r: object) -> None:
            if self.editor.toPlainText() == text:
                self.dirty = False
                self.draft_state.setText(self.tr("Saved"))

        self.state.write(
            lambda: approval.save_minutes_text(db, meeting_id, text, staff_user_id=staff),
            done=done,
        )

    def approve(self) -> None:
        at = str(self.approve_at.currentData() or "")
        if not at:
            self.state.problem.emit(
                self.tr("Minutes are approved at a later meeting: schedule it first.")
            )
            return
        db, staff, meeting_id = self._ids()
        text, dirty = self.editor.toPlainText(), self.dirty

        def work() -> None:
            if dirty:  # what is on screen is what gets approved
                approval.save_minutes_text(db, meeting_id, text, staff_user_id=staff)
            approval.approve_minutes(db, meeting_id, at, staff_user_id=staff)

        def done(_r: object) -> None:
            self.dirty = False

        self.state.write(work, done=done, say=self.tr("Minutes approved and locked"))

    def mark_held(self) -> None:
        db, staff, meeting_id = self._ids()
        self.state.write(
            lambda: mark_held(db, meeting_id, staff_user_id=staff),
            done=lambda n: self.ctx.events.members_changed.emit(),
            say=self.tr("Meeting marked held; attendance added to members' records"),
        )

    def add_correction(self) -> None:
        db, staff, meeting_id = self._ids()
        text = self.correction.toPlainText()
        self.state.write(
            lambda: approval.add_minute_correction(db, meeting_id, text, staff_user_id=staff),
            done=lambda _r: self.correction.clear(),
            say=self.tr("Correction recorded"),
        )

    def write_summary(self) -> None:
        db, meeting_id = self.ctx.db, self.state.meeting_id

        def fill(text: str) -> None:
            self.summary.setPlainText(text)
            self.summary_dirty = True

        self.ctx.tasks.run(
            lambda _p: public_summary_text(draft_minutes(db, meeting_id)),
            on_success=fill,
            on_failure=lambda exc: self.state.problem.emit(problem_text(exc)),
        )

    def save_summary(self) -> None:
        db, staff, meeting_id = self._ids()
        text = self.summary.toPlainText()

        def done(_r: object) -> None:
            self.summary_dirty = False

        self.state.write(
            lambda: approval.save_public_summary(db, meeting_id, text, staff_user_id=staff),
            done=done,
            say=self.tr("Public summary saved"),
        )

    # -- documents ------------------------------------------------------------------------

    def save_pdf(self) -> None:
        view = self.state.view
        if view is None:
            return
        suggested = files.safe_file_name(f"Minutes {view.title}") + ".pdf"
        path = files.ask_save_path(
            self, self.tr("Save the minutes as PDF"), suggested, "PDF (*.pdf)"
        )
        if not path:
            return
        db, meeting_id = self.ctx.db, view.id
        title = self.tr("Minutes: %1").replace("%1", view.title)

        def work(_p: object) -> Path:
            return write_pdf(minutes_html(draft_minutes(db, meeting_id)), Path(path), title=title)

        self.ctx.tasks.run(
            work,
            on_success=self._saved_file,
            on_failure=lambda exc: self.state.problem.emit(problem_text(exc)),
            label=self.tr("Writing the minutes…"),
            parent=self,
        )

    def _saved_file(self, path: Path) -> None:
        self.last_saved = path
        self.saved_label.setText(self.tr("✓ Saved %1").replace("%1", path.name))

    def _preview(self, html: str, title: str) -> None:
        self.preview = preview_document(self, html, title=title)

    def print_minutes(self) -> None:
        view, db = self.state.view, self.ctx.db
        if view is None:
            return
        title = self.tr("Minutes: %1").replace("%1", view.title)
        self.ctx.tasks.run(
            lambda _p: minutes_html(draft_minutes(db, view.id)),
            on_success=lambda html: self._preview(html, title),
        )
