"""What every kiosk flow shares: the kiosk's state (hub, language, look), a stack of steps,
a thank-you step that returns to the start by itself, background service calls whose
answers are dropped if the screen was wiped meanwhile, and wiping every field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import uuid4

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

from hubapp.ui.context import AppContext
from hubapp.ui.kiosk.look import Look
from hubapp.ui.kiosk.widgets import ChoiceChips, StepPage, TickRow
from hubapp.ui.kiosk.words import Language, translate
from hubapp.ui.widgets.forms import FormField

T = TypeVar("T")
THANKS_MS = 15_000


@dataclass
class KioskContext:
    """The app context (no staff member is signed in) and the visitor's choices of look."""

    app: AppContext
    hub_name: str = ""
    language: Language = Language.ENGLISH
    look: Look = field(default_factory=Look)
    thanks_ms: int = THANKS_MS
    # Lets the feedback service tell a double tap on this screen from a new visitor.
    device_key: str = field(default_factory=lambda: uuid4().hex)


def wipe(root: QWidget) -> None:
    """Empties every field and unticks every choice under `root`, with no undo history."""
    for edit in root.findChildren(QLineEdit):
        edit.setText("")  # (setText, unlike clear, also drops the undo history)
    for text in root.findChildren(QPlainTextEdit):
        text.setPlainText("")
    for rich in root.findChildren(QTextEdit):
        rich.setPlainText("")
    for chips in root.findChildren(ChoiceChips):
        chips.clear()
    for choice in root.findChildren(QAbstractButton):
        if choice.isCheckable() and choice.isChecked():
            choice.setChecked(False)
    for form_field in root.findChildren(FormField):
        form_field.clear_error()
    for page in root.findChildren(StepPage):
        page.clear_problem()


def holds_input(root: QWidget) -> bool:
    """Has anything been typed or chosen under `root`?"""
    if any(edit.text() for edit in root.findChildren(QLineEdit)):
        return True
    if any(text.toPlainText() for text in root.findChildren(QPlainTextEdit)):
        return True
    return any(b.isCheckable() and b.isChecked() for b in root.findChildren(QAbstractButton))


def name_field(form_field: FormField, text: str, *, optional: bool = False) -> None:
    """Words a field's label (and its name for screen readers)."""
    shown = translate("kiosk", "%1 (optional)").replace("%1", text) if optional else text
    form_field.label.setText(shown)
    form_field.field.setAccessibleName(text)


def step_words(number: int, total: int) -> str:
    return translate("kiosk", "Step %1 of %2").replace("%1", str(number)).replace("%2", str(total))


class Flow(QStackedWidget):
    """One of the four choices on the start screen: a stack of steps. `finished` asks for
    the start screen again. Subclasses build steps, word them in `retranslate`, and forget
    their own state in `reset_state`."""

    finished = Signal()

    def __init__(self, kiosk: KioskContext) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.generation = 0
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.timeout.connect(self.finished)

    # --- moving between steps -------------------------------------------------------------

    def add_step(self, page: QWidget) -> QWidget:
        self.addWidget(page)
        return page

    def go(self, page: QWidget) -> None:
        """Shows a step, with the keyboard focus on its first field, or else on Next, or else
        on the step itself: never on one of several choices, as if it were already chosen."""
        self.setCurrentWidget(page)
        fields = [e for e in page.findChildren(QLineEdit) if e.isVisibleTo(page) and e.isEnabled()]
        next_button = getattr(page, "next", None)
        if fields:
            target: QWidget = fields[0]
        elif isinstance(next_button, QWidget) and next_button.isVisibleTo(page):
            target = next_button
        else:
            target = page
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def thank(self, page: QWidget) -> None:
        """Shows a thank-you step, which returns to the start by itself after a while."""
        self.go(page)
        self.thanks_timer.start(self.kiosk.thanks_ms)

    def begin(self) -> None:
        """Called each time a visitor chooses this flow on the start screen."""
        first = self.widget(0)
        if first is not None:
            self.go(first)

    # --- wiping ---------------------------------------------------------------------------

    def reset(self) -> None:
        self.generation += 1  # answers still on their way are for someone else: drop them
        self.thanks_timer.stop()
        wipe(self)
        self.reset_state()
        self.setCurrentIndex(0)

    def reset_state(self) -> None:
        """Forget anything held outside the fields (results, choices made)."""

    def has_input(self) -> bool:
        return self.currentIndex() != 0 or holds_input(self)

    def on_thanks(self) -> bool:
        return self.thanks_timer.isActive()

    # --- words and colours ----------------------------------------------------------------

    def retranslate(self) -> None:
        """Sets every word on every step in the current language."""

    def recolour(self) -> None:
        colours = self.kiosk.look.colours
        for chips in self.findChildren(ChoiceChips):
            chips.recolour(colours)
        for row in self.findChildren(TickRow):
            row.recolour(colours)

    # --- services -------------------------------------------------------------------------

    def run(
        self,
        job: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        """Runs a service call off the GUI thread; its answer is dropped if the screen was
        wiped (idle, Start again) before it came back."""
        generation = self.generation

        def succeeded(result: Any) -> None:
            if generation == self.generation:
                on_success(result)

        def failed(error: Exception) -> None:
            if generation == self.generation:
                on_failure(error)

        self.kiosk.app.tasks.run(lambda _p: job(), on_success=succeeded, on_failure=failed)
