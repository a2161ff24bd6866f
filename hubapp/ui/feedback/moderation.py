"""The moderation queue: comments waiting for a decision (flagged ones first, each flag said in
words), and Approve, Hide or Reply for the chosen one. Keyboard first: in the list, A
approves, H hides and R goes to the reply; the buttons have Alt+A, Alt+H and Alt+R."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.services import feedback as service
from hubapp.services.errors import ValidationFailed
from hubapp.services.feedback import ModerationItem
from hubapp.ui.context import AppContext
from hubapp.ui.feedback.words import (
    FACE_ICONS,
    count_text,
    error_text,
    flag_text,
    format_when,
    rating_text,
    subject_kind,
    t,
)
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.theme import icon, theme_events
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import FormField, empty_message

ID_ROLE = Qt.ItemDataRole.UserRole
LIST_WIDTH = 360
SNIPPET = 90


def subject_line(item: ModerationItem) -> str:
    name = item.subject_name or subject_kind(item.subject_kind)
    kind = subject_kind(item.subject_kind)
    return name if item.subject_kind == "hub" or name == kind else f"{name} ({kind.lower()})"


class ModerationTab(QWidget):
    decided = Signal()  # a comment left the queue (the tab's count moves)
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[ModerationItem] = []
        self.has_loaded = False
        self._generation = 0
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.list = QListWidget()
        self.list.setAccessibleName(t("Comments waiting"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setStyleSheet("QListWidget::item { padding: 8px; }")
        self.list.setToolTip(t("A approves, H hides, R writes a reply"))
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.installEventFilter(self)
        left = QWidget()
        left.setFixedWidth(LIST_WIDTH)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        keys = QLabel(t("In the list: A approves, H hides, R writes a reply."))
        keys.setObjectName("fieldHint")
        keys.setWordWrap(True)
        column.addWidget(self.count)
        column.addWidget(self.list, 1)
        column.addWidget(keys)
        self._build_detail()
        self.empty = empty_message(
            t(
                "No comments waiting. Comments left at the kiosk come here "
                "first, and reach reports only once approved."
            ),
            centred=True,
        )
        self.states = QStackedWidget()
        self.states.addWidget(self.body)
        self.states.addWidget(self.empty)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(left)
        row.addWidget(self.detail, 1)
        self.body.setLayout(row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.states)

    def _build_detail(self) -> None:
        self.body = QWidget()
        self.detail = QWidget()
        icons = IconKeeper(self)
        self.subject = QLabel()
        self.subject.setObjectName("sectionTitle")
        self.face = QLabel()
        self.rating = QLabel()
        self.rating.setStyleSheet("font-weight: 600;")
        self.when = QLabel()
        self.when.setObjectName("muted")
        self.flags = Banner()
        self.comment = QLabel()
        self.comment.setWordWrap(True)
        self.comment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.comment.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.comment.setAccessibleName(t("The comment"))
        card = QFrame()
        card.setObjectName("card")
        inside = QVBoxLayout(card)
        inside.setContentsMargins(16, 12, 16, 12)
        inside.addWidget(self.comment)
        self.reply_box = QPlainTextEdit()
        self.reply_box.setTabChangesFocus(True)
        self.reply_box.setFixedHeight(80)
        self.reply_box.setPlaceholderText(t("Optional. Shown with the comment in reports."))
        self.reply_field = FormField(t("The hub’s reply"), self.reply_box)
        self.approve_button = QPushButton(t("&Approve"))
        self.approve_button.setObjectName("primary")
        icons.set(self.approve_button, "mdi6.check-bold", "on_accent")
        self.approve_button.setToolTip(t("It may appear in reports (A)"))
        self.hide_button = QPushButton(t("&Hide"))
        icons.set(self.hide_button, "mdi6.eye-off-outline")
        self.hide_button.setToolTip(t("Never shown in reports; the rating still counts (H)"))
        self.reply_button = QPushButton(t("&Reply and approve"))
        icons.set(self.reply_button, "mdi6.reply-outline")
        self.reply_button.setToolTip(t("Save the reply and approve the comment (R)"))
        self.approve_button.clicked.connect(self.approve)
        self.hide_button.clicked.connect(self.hide_comment)
        self.reply_button.clicked.connect(self.reply)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.approve_button, self.hide_button, self.reply_button):
            button.setAutoDefault(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.problem = Banner(closable=True)
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.face)
        heading.addWidget(self.rating)
        heading.addStretch(1)
        column = QVBoxLayout(self.detail)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.subject)
        column.addLayout(heading)
        column.addWidget(self.when)
        column.addWidget(self.flags)
        column.addWidget(card)
        column.addWidget(self.reply_field)
        column.addLayout(buttons)
        column.addWidget(self.problem)
        column.addStretch(1)
        theme_events().changed.connect(self._show_current)

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self._generation += 1
        generation, db = self._generation, self.ctx.db
        self.ctx.tasks.run(
            lambda _p: service.moderation_queue(db),
            on_success=while_alive(self, lambda items: self._loaded(items, generation)),
            on_failure=while_alive(
                self, lambda exc: self.problem.show_message("error", problem_text(exc))
            ),
        )

    def _loaded(self, items: list[ModerationItem], generation: int) -> None:
        if generation != self._generation:
            return
        keep = self.current()
        self.items = items
        self.list.blockSignals(True)
        self.list.clear()
        for item in items:
            self.list.addItem(self._list_item(item))
        self.list.blockSignals(False)
        at = next((n for n, i in enumerate(items) if keep is not None and i.id == keep.id), 0)
        if items:
            self.list.setCurrentRow(at)
        self.states.setCurrentWidget(self.body if items else self.empty)
        self.count.setText(count_text(len(items), t("1 comment waiting"),
                                      t("%n comments waiting")))  # fmt: skip
        self._show_current()
        self.has_loaded = True
        self.loaded.emit()

    def _list_item(self, item: ModerationItem) -> QListWidgetItem:
        snippet = " ".join(item.comment.split())
        if len(snippet) > SNIPPET:
            snippet = snippet[: SNIPPET - 1].rstrip() + "…"
        lines = []
        if item.flags:
            lines.append("⚠ " + ", ".join(flag_text(f) for f in item.flags))
        lines.append(f"{subject_line(item)} · {rating_text(item.rating)}")
        lines.append(f"“{snippet}”")
        entry = QListWidgetItem("\n".join(lines))
        entry.setData(ID_ROLE, item.id)
        return entry

    def current(self) -> ModerationItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_current(self) -> None:
        item = self.current()
        self.detail.setEnabled(item is not None)
        if item is None:
            return
        self.subject.setText(subject_line(item))
        self.face.setPixmap(icon(FACE_ICONS.get(item.rating, "mdi6.star-outline")).pixmap(24))
        reason = f" · {t('Reason')}: {item.reason}" if item.reason else ""
        self.rating.setText(rating_text(item.rating) + reason)
        self.when.setText(format_when(item.created_at) + " · " + (
            t("at the kiosk") if item.channel == "kiosk" else t("at the desk")))  # fmt: skip
        if item.flags:
            words = "; ".join(flag_text(f) for f in item.flags)
            self.flags.show_message("warning", t("Flagged automatically: %1. Read it before "
                                                 "approving; hide it if it should not be "
                                                 "kept.").replace("%1", words))  # fmt: skip
        else:
            self.flags.hide()
        self.comment.setText(item.comment)
        self.reply_box.setPlainText(item.reply)
        self.reply_field.clear_error()
        self.problem.hide()

    # -- deciding -----------------------------------------------------------------------------

    def approve(self) -> None:
        item = self.current()
        if item is not None:
            db, staff = self.ctx.db, self.ctx.staff_id
            self._decide(lambda: service.approve(db, item.id, staff_user_id=staff),
                         t("Comment approved"))  # fmt: skip

    def hide_comment(self) -> None:
        item = self.current()
        if item is not None:
            db, staff = self.ctx.db, self.ctx.staff_id
            self._decide(lambda: service.hide(db, item.id, staff_user_id=staff),
                         t("Comment hidden"))  # fmt: skip

    def reply(self) -> None:
        item = self.current()
        if item is None:
            return
        text = self.reply_box.toPlainText()
        if not text.strip():
            self.reply_field.show_error(t("Write the reply first."))
            self.reply_box.setFocus()
            return
        db, staff = self.ctx.db, self.ctx.staff_id
        self._decide(lambda: service.reply(db, item.id, text, staff_user_id=staff),
                     t("Reply saved and comment approved"))  # fmt: skip

    def _decide(self, work: Callable[[], None], say: str) -> None:
        def done(_r: object) -> None:
            self.ctx.events.notify.emit(say, None)
            self.decided.emit()
            self.reload()
            self.list.setFocus()

        def failed(exc: Exception) -> None:
            if isinstance(exc, ValidationFailed) and "reply" in exc.problems:
                self.reply_field.show_error(error_text(exc.problems["reply"]))
            else:
                self.problem.show_message("error", problem_text(exc))
            self.reload()

        self.ctx.tasks.run(
            lambda _p: work(),
            on_success=while_alive(self, done),
            on_failure=while_alive(self, failed),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)  # fmt: skip
            if plain and event.key() == Qt.Key.Key_A:
                self.approve()
                return True
            if plain and event.key() == Qt.Key.Key_H:
                self.hide_comment()
                return True
            if plain and event.key() == Qt.Key.Key_R:
                self.reply_box.setFocus()
                return True
        return super().eventFilter(watched, event)
