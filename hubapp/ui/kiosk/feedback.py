"""Tell us what you think: what it is about (the hub, a group, a public body, a business or
a voluntary body, then which one), a face out of five, an optional one-tap reason and
comment, and thanks. Anonymous; no running results; a second tap on Send is ignored."""

from __future__ import annotations

from uuid import uuid4

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPlainTextEdit, QToolButton

from hubapp.services import feedback as feedback_service
from hubapp.services.feedback import FeedbackSubjectChoice
from hubapp.ui.kiosk.flow import Flow, KioskContext, step_words
from hubapp.ui.kiosk.widgets import ChoiceChips, StepPage, Tile, kiosk_icon, label
from hubapp.ui.kiosk.words import QT_TRANSLATE_NOOP, Language, translate
from hubapp.ui.widgets.forms import FormField

KINDS = (
    ("hub", "mdi6.home-heart"),
    ("group", "mdi6.account-group-outline"),
    ("public_body", "mdi6.bank-outline"),
    ("business", "mdi6.store-outline"),
    ("voluntary_body", "mdi6.hand-heart-outline"),
)
FACES = (
    (1, "mdi6.emoticon-cry-outline"),
    (2, "mdi6.emoticon-sad-outline"),
    (3, "mdi6.emoticon-neutral-outline"),
    (4, "mdi6.emoticon-happy-outline"),
    (5, "mdi6.emoticon-excited-outline"),
)
FACE_WORDS = {
    1: QT_TRANSLATE_NOOP("kiosk", "Very bad"),
    2: QT_TRANSLATE_NOOP("kiosk", "Bad"),
    3: QT_TRANSLATE_NOOP("kiosk", "All right"),
    4: QT_TRANSLATE_NOOP("kiosk", "Good"),
    5: QT_TRANSLATE_NOOP("kiosk", "Very good"),
}
COMMENT_CHARACTERS = 1000


class FeedbackFlow(Flow):
    def __init__(self, kiosk: KioskContext) -> None:
        super().__init__(kiosk)
        self.kind = ""
        self.subject_id: str | None = None
        self.rating = 0
        self.subjects: list[FeedbackSubjectChoice] = []
        # With the kiosk's key, tells the service a double tap from the next visitor.
        self.visit = uuid4().hex
        self.kind_step = StepPage(next_button=False)
        self.kind_tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(24)
        for n, (kind, icon_name) in enumerate(KINDS):
            tile = Tile(icon_name)
            tile.setMinimumHeight(104)
            tile.words.hide()
            tile.clicked.connect(lambda _=False, k=kind: self.choose_kind(k))
            self.kind_tiles[kind] = tile
            grid.addWidget(tile, n // 2, n % 2)
        for half in (0, 1):
            grid.setColumnStretch(half, 1)
        self.kind_step.body.addLayout(grid)
        self.which_step = StepPage(next_button=False)
        self.which = ChoiceChips(single=True, name="which")
        self.which.changed.connect(self._which_chosen)
        self.none_listed = label("kioskBody")
        self.which_step.body.addWidget(self.which)
        self.which_step.body.addWidget(self.none_listed)
        self.face_step = StepPage(next_button=False)
        self.faces: dict[int, QToolButton] = {}
        row = QHBoxLayout()
        row.setSpacing(24)
        for rating, _icon in FACES:
            face = QToolButton()
            face.setObjectName("face")
            face.setCheckable(True)
            face.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            face.setMinimumSize(176, 220)
            face.setCursor(Qt.CursorShape.PointingHandCursor)
            face.clicked.connect(lambda _=False, r=rating: self.choose_rating(r))
            self.faces[rating] = face
            row.addWidget(face, 1)
        self.face_step.body.addSpacing(24)
        self.face_step.body.addLayout(row)
        self.reason_step = StepPage()
        self.reasons = ChoiceChips(single=True, name="reason")
        self.reasons.set_choices([(r, r) for r in feedback_service.QUICK_REASONS])
        self.reason_step.body.addWidget(self.reasons)
        self.comment_step = StepPage()
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.comment.setFixedHeight(176)
        self.comment.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.comment.textChanged.connect(self._limit_comment)
        self.comment_field = FormField("", self.comment)
        self.comment_step.body.addWidget(self.comment_field)
        self.reason_step.next.clicked.connect(lambda: self.go(self.comment_step))
        self.comment_step.next.clicked.connect(self.send)
        self.thanks = StepPage(back=False)
        self.thanks_words = label("kioskBody")
        self.thanks.body.addWidget(self.thanks_words)
        self.thanks.next.clicked.connect(self.finished)
        for page in (self.kind_step, self.which_step, self.face_step, self.reason_step,
                     self.comment_step, self.thanks):  # fmt: skip
            self.add_step(page)
        self.kind_step.back.clicked.connect(self.finished)
        self.which_step.back.clicked.connect(lambda: self.go(self.kind_step))
        self.face_step.back.clicked.connect(self._back_from_faces)
        self.reason_step.back.clicked.connect(lambda: self.go(self.face_step))
        self.comment_step.back.clicked.connect(lambda: self.go(self.reason_step))
        self.retranslate()

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        kinds = {
            "hub": translate("kiosk", "This hub"),
            "group": translate("kiosk", "A group"),
            "public_body": translate("kiosk", "A public body, like the council"),
            "business": translate("kiosk", "A business"),
            "voluntary_body": translate("kiosk", "A charity or voluntary body"),
        }
        for kind, tile in self.kind_tiles.items():
            tile.set_texts(kinds[kind], "")
        for rating, face in self.faces.items():
            face.setText(translate("kiosk", FACE_WORDS[rating]))
            face.setAccessibleName(face.text())
        self.reasons.set_choices(
            [(r, translate("feedback", r)) for r in feedback_service.QUICK_REASONS]
        )
        self.which.setAccessibleName(translate("kiosk", "Which one?"))
        self.reasons.setAccessibleName(translate("kiosk", "What was it mostly about?"))
        self.comment_field.label.setText(translate("kiosk", "Your comment (optional)"))
        self.comment.setAccessibleName(translate("kiosk", "Your comment"))
        self.comment_field.hint.setText(
            translate("kiosk", "Please leave out names, phone numbers and email addresses.")
        )
        self.comment_field.hint.show()
        self.none_listed.setText(
            translate("kiosk", "There are none listed here yet. Go back to choose something else.")
        )
        self.thanks_words.setText(
            translate("kiosk", "Thank you for telling us. We read everything people say.")
        )
        for page in (self.kind_step, self.which_step, self.face_step, self.reason_step):
            page.set_nav(translate("kiosk", "Back"), translate("kiosk", "Next"))
        self.comment_step.set_nav(translate("kiosk", "Back"), translate("kiosk", "Send"))
        self.thanks.set_nav("", translate("kiosk", "Back to the start"))
        self.thanks.set_texts("", translate("kiosk", "Thank you"))
        self._word_steps()
        self._fill_which()
        self.recolour()

    def _word_steps(self) -> None:
        total = 4 if self.kind in ("", "hub") else 5
        subject = self._subject_name()
        about = (
            translate("kiosk", "How was %1?").replace("%1", subject)
            if subject
            else translate("kiosk", "How was it?")
        )
        self.kind_step.set_texts(
            step_words(1, total),
            translate("kiosk", "What would you like to tell us about?"),
            translate("kiosk", "You do not need to give your name."),
        )
        self.which_step.set_texts(step_words(2, total), translate("kiosk", "Which one?"))
        self.face_step.set_texts(step_words(total - 2, total), about)
        self.reason_step.set_texts(
            step_words(total - 1, total),
            translate("kiosk", "What was it mostly about?"),
            translate("kiosk", "Touch one if you like, or just press Next."),
        )
        self.comment_step.set_texts(
            step_words(total, total),
            translate("kiosk", "Anything else you would like to say?"),
            translate("kiosk", "You can leave this empty and press Send."),
        )

    def recolour(self) -> None:
        super().recolour()
        colours = self.kiosk.look.colours
        for tile in self.kind_tiles.values():
            tile.recolour(colours, 56)
        for rating, icon_name in FACES:
            face = self.faces[rating]
            face.setIcon(kiosk_icon(icon_name, colours, "text", on_role="on_accent_soft"))
            face.setIconSize(QSize(96, 96))

    # --- choosing -------------------------------------------------------------------------

    def begin(self) -> None:
        super().begin()
        db = self.kiosk.app.db
        self.run(lambda: feedback_service.feedback_subjects(db), self._got_subjects, _ignore)

    def _got_subjects(self, subjects: list[FeedbackSubjectChoice]) -> None:
        self.subjects = subjects
        self._fill_which()

    def _fill_which(self) -> None:
        welsh = self.kiosk.language == Language.WELSH
        listed = [s for s in self.subjects if s.kind == self.kind and self.kind != "hub"]
        self.which.set_choices([(s.id, (s.welsh_name if welsh and s.welsh_name else s.name))
                                for s in listed])  # fmt: skip
        self.none_listed.setVisible(not listed)

    def choose_kind(self, kind: str) -> None:
        self.kind = kind
        self.subject_id = None
        self.which.clear()
        self._fill_which()
        self._word_steps()
        if kind == "hub":
            hub = next((s for s in self.subjects if s.kind == "hub"), None)
            self.subject_id = hub.id if hub else None
            self.go(self.face_step)
        else:
            self.go(self.which_step)

    def _which_chosen(self) -> None:
        chosen = self.which.selected()
        if not chosen or self.currentWidget() is not self.which_step:
            return
        self.subject_id = chosen[0]
        self._word_steps()
        self.go(self.face_step)

    def choose_rating(self, rating: int) -> None:
        self.rating = rating
        for other, face in self.faces.items():
            face.setChecked(other == rating)
        self.go(self.reason_step)

    def _back_from_faces(self) -> None:
        if self.kind == "hub":
            self.go(self.kind_step)
        else:
            self.which.clear()  # so that touching the same one again moves on
            self.go(self.which_step)

    def _subject_name(self) -> str:
        if self.kind == "hub":
            return self.kiosk.hub_name
        subject = next((s for s in self.subjects if s.id == self.subject_id), None)
        if subject is None:
            return ""
        welsh = self.kiosk.language == Language.WELSH
        return subject.welsh_name if welsh and subject.welsh_name else subject.name

    def _limit_comment(self) -> None:
        text = self.comment.toPlainText()
        if len(text) > COMMENT_CHARACTERS:
            self.comment.setPlainText(text[:COMMENT_CHARACTERS])

    # --- sending --------------------------------------------------------------------------

    def send(self) -> None:
        if not self.comment_step.next.isEnabled() or not self.rating:
            return  # a second tap while the first is on its way
        self.comment_step.next.setEnabled(False)
        db, kind, subject_id, rating = self.kiosk.app.db, self.kind, self.subject_id, self.rating
        reason = (self.reasons.selected() or [""])[0]
        comment = self.comment.toPlainText().strip()
        device = f"{self.kiosk.device_key}/{self.visit}"
        self.run(
            lambda: feedback_service.submit_feedback(
                db,
                kind,
                subject_id,
                rating,
                reason=reason,
                comment=comment,
                channel="kiosk",
                device_key=device,
            ),
            self._sent,
            self._not_sent,
        )

    def _sent(self, _feedback_id: str | None) -> None:
        # A repeat (None) is thanked the same way: the visitor meant it once.
        self.comment_step.next.setEnabled(True)
        self.thank(self.thanks)

    def _not_sent(self, _error: Exception) -> None:
        self.comment_step.next.setEnabled(True)
        self.comment_step.show_problem(
            translate("kiosk", "Sorry, that did not work. Please try again or ask at the desk.")
        )

    def reset_state(self) -> None:
        self.kind, self.subject_id, self.rating = "", None, 0
        self.visit = uuid4().hex
        self.comment_step.next.setEnabled(True)
        self._word_steps()
        self._fill_which()

    def has_input(self) -> bool:
        return bool(self.kind) or super().has_input()


def _ignore(_error: Exception) -> None:
    """The subject list is a nicety: without it the visitor can still rate the hub."""
