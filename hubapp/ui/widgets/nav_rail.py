"""The navigation rail down the left of the main window: one icon-and-label button per
section, the main sections at the top and Settings at the bottom."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from hubapp.ui import theme

RAIL_WIDTH = 104  # at least; wider where a theme's border or a larger font needs it
MARGIN = 8


class NavRail(QFrame):
    """Emits `section_chosen(key)` when the user picks a section."""

    section_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navRail")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(RAIL_WIDTH)
        self.setAccessibleName(self.tr("Sections"))
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        self._icons: dict[str, str] = {}
        mark = QLabel()
        mark.setPixmap(theme.app_icon().pixmap(QSize(40, 40)))
        mark.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        mark.setAccessibleName("hubapp")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(MARGIN, 16, MARGIN, 16)
        self._layout.setSpacing(8)
        self._layout.addWidget(mark)
        self._layout.addSpacing(8)
        self._bottom_at = self._layout.count()
        self._layout.addStretch(1)
        theme.theme_events().changed.connect(self._recolour)

    def add_section(
        self, key: str, icon_name: str, label: str, shortcut: str = "", *, bottom: bool = False
    ) -> QToolButton:
        button = QToolButton()
        button.setText(label)
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setIconSize(QSize(28, 28))
        button.setMinimumHeight(64)
        # A label may break over two lines in the rail; it is said and shown as one.
        name = " ".join(label.split())
        button.setAccessibleName(name)
        button.setToolTip(f"{name} ({shortcut})" if shortcut else name)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda: self.section_chosen.emit(key))
        self._group.addButton(button)
        self._buttons[key] = button
        self._icons[key] = icon_name
        if bottom:
            self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        else:
            self._layout.insertWidget(self._bottom_at, button, 0, Qt.AlignmentFlag.AlignHCenter)
            self._bottom_at += 1
        self._recolour_one(key)
        self._fit()
        return button

    def select(self, key: str) -> None:
        """Marks `key` as the current section (without emitting `section_chosen`)."""
        button = self._buttons.get(key)
        if button is not None:
            button.setChecked(True)

    def current(self) -> str | None:
        for key, button in self._buttons.items():
            if button.isChecked():
                return key
        return None

    def button(self, key: str) -> QToolButton | None:
        return self._buttons.get(key)

    def sections(self) -> list[str]:
        return list(self._buttons)

    def _recolour(self) -> None:
        for key in self._buttons:
            self._recolour_one(key)
        self._fit()

    def _fit(self) -> None:
        """Every button as wide as the widest label needs (Qt's measure of text, icon,
        padding and the theme's border), so no label is cut: high contrast's thicker
        borders, and larger text, need more than the usual rail."""
        for button in self._buttons.values():
            button.ensurePolished()
        needed = max((b.sizeHint().width() for b in self._buttons.values()), default=0)
        inner = max(RAIL_WIDTH - 2 * MARGIN, needed)
        for button in self._buttons.values():
            button.setFixedWidth(inner)
        self.setFixedWidth(inner + 2 * MARGIN)

    def _recolour_one(self, key: str) -> None:
        self._buttons[key].setIcon(
            theme.icon(self._icons[key], "muted", checked_role="on_accent_soft")
        )
