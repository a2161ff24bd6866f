"""The kiosk's building blocks: a big tile, a set of touch-sized choice chips, a text field,
and the page every step of a flow is laid out on (step, question, answer, Back and Next)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hubapp.ui import theme
from hubapp.ui.icon_font import IconColours, font_icon
from hubapp.ui.kiosk.look import TOUCH_PX
from hubapp.ui.members.flow_layout import FlowLayout

COLUMN_PX = 1100  # the widest a step's content grows, so lines stay readable
ICON_PIXELS = 128  # drawn once this big, and scaled down smoothly where shown


def kiosk_icon(
    name: str,
    colours: theme.Colours,
    role: str = "text",
    *,
    on_name: str | None = None,
    on_role: str | None = None,
) -> QIcon:
    """An icon in the kiosk's own colours (the rest of the app may use another theme): `name`
    in `role`, and for a button switched on, `on_name` in `on_role`. Hovering or focusing
    never changes it (a white glyph on a white button would vanish)."""
    values = colours.__dict__
    icon = QIcon()
    states = [(name, role, QIcon.State.Off)]
    if on_name is not None or on_role is not None:
        states.append((on_name or name, on_role or role, QIcon.State.On))
    size = QSize(ICON_PIXELS, ICON_PIXELS)
    for glyph, colour_role, state in states:
        drawn = font_icon(glyph, IconColours(values[colour_role], colours.disabled))
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled):
            icon.addPixmap(drawn.pixmap(size, mode, QIcon.State.Off), mode, state)
    return icon


def label(object_name: str = "", *, wrap: bool = True) -> QLabel:
    widget = QLabel()
    if object_name:
        widget.setObjectName(object_name)
    widget.setWordWrap(wrap)
    return widget


def button(object_name: str = "") -> QPushButton:
    widget = QPushButton()
    if object_name:
        widget.setObjectName(object_name)
    widget.setMinimumHeight(TOUCH_PX)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def set_button_text(widget: QAbstractButton, text: str, description: str = "") -> None:
    widget.setText(text)
    widget.setAccessibleName(text.replace("&", ""))
    if description:
        widget.setAccessibleDescription(description)


def text_field(*, sensitive: bool = False, hints: Qt.InputMethodHint | None = None) -> QLineEdit:
    """A large text field; `sensitive` keeps the on-screen keyboard from learning what is typed."""
    field = QLineEdit()
    field.setMinimumHeight(TOUCH_PX)
    wanted = Qt.InputMethodHint.ImhNoPredictiveText if sensitive else Qt.InputMethodHint(0)
    if sensitive:
        wanted |= Qt.InputMethodHint.ImhSensitiveData
    if hints is not None:
        wanted |= hints
    field.setInputMethodHints(wanted)
    # A shared screen: nobody's clipboard or undo history should travel between visitors.
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    field.setDragEnabled(False)
    return field


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in an area that scrolls up and down only when it must, by finger too."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


class Tile(QPushButton):
    """A big choice: an icon, a title and a line saying what it is for."""

    def __init__(self, icon_name: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.icon_name = icon_name
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumHeight(136)
        self.picture = QLabel()
        self.title = label("tileTitle")
        self.words = label("tileText")
        for part in (self.picture, self.title, self.words):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        text = QVBoxLayout()
        text.setSpacing(8)
        text.addStretch(1)
        text.addWidget(self.title)
        text.addWidget(self.words)
        text.addStretch(1)
        row = self._layout = QHBoxLayout(self)
        row.setContentsMargins(28, 16, 28, 16)
        row.setSpacing(24)
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)

    def set_texts(self, title: str, words: str) -> None:
        self.title.setText(title)
        self.words.setText(words)
        self.setAccessibleName(title)
        self.setAccessibleDescription(words)

    def recolour(self, colours: theme.Colours, size: int) -> None:
        picture = kiosk_icon(self.icon_name, colours, "accent").pixmap(QSize(size, size))
        self.picture.setPixmap(picture)

    def sizeHint(self) -> QSize:
        return self._layout.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._layout.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout.totalHeightForWidth(width)


class ChoiceChips(QWidget):
    """Touch-sized choices that wrap onto new lines. Several may be chosen, or (`single`) at
    most one. A chip shows a tick when chosen, so the choice does not rest on colour alone."""

    changed = Signal()

    def __init__(self, *, single: bool = False, name: str = "") -> None:
        super().__init__()
        self.single = single
        self.setAccessibleName(name)
        self.chips: dict[str, QPushButton] = {}
        self._flow = FlowLayout(self, spacing=16)
        self._colours = theme.LIGHT

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """(key, words) pairs; chips already there keep their state and take the new words."""
        keys = [key for key, _ in choices]
        for key in list(self.chips):
            if key not in keys:
                gone = self.chips.pop(key)
                self._flow.removeWidget(gone)
                gone.deleteLater()
        for key, words in choices:
            chip = self.chips.get(key)
            if chip is None:
                chip = button("chip")
                chip.setCheckable(True)
                chip.setIconSize(QSize(32, 32))
                chip.toggled.connect(lambda on, k=key: self._toggled(k, on))
                self.chips[key] = chip
                self._flow.addWidget(chip)
            set_button_text(chip, words)
        self.recolour(self._colours)

    def recolour(self, colours: theme.Colours) -> None:
        self._colours = colours
        # A radio-like ring for one-of choices, a plus for as-many-as-you-like.
        off, on = ("mdi6.circle-outline", "mdi6.check-circle") if self.single else (
            "mdi6.plus", "mdi6.check-bold")  # fmt: skip
        icon = kiosk_icon(off, colours, on_name=on, on_role="on_accent")
        for chip in self.chips.values():
            chip.setIcon(icon)

    def _toggled(self, key: str, on: bool) -> None:
        if on and self.single:
            for other, chip in self.chips.items():
                if other != key and chip.isChecked():
                    chip.setChecked(False)
        self.changed.emit()

    def selected(self) -> list[str]:
        return [key for key, chip in self.chips.items() if chip.isChecked()]

    def set_selected(self, keys: Sequence[str]) -> None:
        for key, chip in self.chips.items():
            chip.setChecked(key in keys)

    def clear(self) -> None:
        self.set_selected(())


class StepPage(QWidget):
    """One question of a flow: the question, a hint, the answer, and at the bottom Back,
    "Step 2 of 5" and Next. The answer sits in a centred column of readable width; with
    larger text on a small screen it scrolls, while Back and Next stay in view."""

    def __init__(self, *, back: bool = True, next_button: bool = True, scroll: bool = True) -> None:
        super().__init__()
        self.step = label("kioskStep")
        self.title = label("kioskTitle")
        self.hint = label("kioskHint")
        self.problem = label("kioskProblem")
        self.problem.hide()
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        self.back = button()
        self.next = button("primary")
        self.next.setDefault(True)
        content = QWidget()
        content.setObjectName("scrollBody")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addLayout(self.body)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self._content = layout
        nav = QGridLayout()
        nav.setHorizontalSpacing(24)
        nav.addWidget(self.back, 0, 0, Qt.AlignmentFlag.AlignLeft)
        nav.addWidget(self.step, 0, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next, 0, 2, Qt.AlignmentFlag.AlignRight)
        for n in range(3):
            nav.setColumnStretch(n, 1)
        self.step.setWordWrap(False)
        column = QWidget()
        column.setMaximumWidth(COLUMN_PX)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(16)
        column_layout.addWidget(scrolling(content) if scroll else content, 1)
        column_layout.addLayout(nav)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 16, 48, 16)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        # Only once they have a parent: showing a parentless widget opens it as a window.
        self.back.setVisible(back)
        self.next.setVisible(next_button)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # holds the focus until Tab moves it

    def fill_height(self) -> None:
        """Lets the answer take the height left over (a list of results)."""
        self._content.setStretch(self._content.indexOf(self.body), 1)
        self._content.setStretch(self._content.count() - 1, 0)

    def set_texts(self, step: str, title: str, hint: str = "") -> None:
        self.step.setText(step)
        self.step.setVisible(bool(step))
        self.title.setText(title)
        self.title.setAccessibleName(title)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def set_nav(self, back: str, next_text: str) -> None:
        set_button_text(self.back, back)
        set_button_text(self.next, next_text)

    def show_problem(self, text: str) -> None:
        # A sign as well as colour, so the meaning does not rest on colour alone.
        self.problem.setText("⚠ " + text)
        self.problem.setAccessibleName(text)
        self.problem.setVisible(bool(text))

    def clear_problem(self) -> None:
        self.problem.clear()
        self.problem.hide()


class TickRow(QPushButton):
    """A yes-or-no choice as one big row: a tick box, a bold line and the words beneath.
    The whole row takes the touch; it is a checkable button, so screen readers say its state."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("result")
        self.setCheckable(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.box = QLabel()
        self.title = label("rowTitle")
        self.words = label("kioskHint")
        for part in (self.box, self.title, self.words):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.title)
        text.addWidget(self.words)
        row = self._layout = QHBoxLayout(self)
        row.setContentsMargins(24, 16, 24, 16)
        row.setSpacing(20)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self._colours = theme.LIGHT
        self.toggled.connect(lambda _on: self._draw_box())

    def set_texts(self, title: str, words: str) -> None:
        self.title.setText(title)
        self.words.setText(words)
        self.setAccessibleName(title)
        self.setAccessibleDescription(words)

    def recolour(self, colours: theme.Colours) -> None:
        self._colours = colours
        self._draw_box()

    def _draw_box(self) -> None:
        name = "mdi6.checkbox-marked" if self.isChecked() else "mdi6.checkbox-blank-outline"
        role = "accent" if self.isChecked() else "text"
        self.box.setPixmap(kiosk_icon(name, self._colours, role).pixmap(QSize(44, 44)))

    def sizeHint(self) -> QSize:
        return self._layout.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._layout.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout.totalHeightForWidth(width)
