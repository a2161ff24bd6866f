"""A coloured strip with an icon and words (information, warning, problem, success): colour
never carries the meaning alone, the icon and the first word do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from hubapp.ui.theme import colours, icon, theme_events

_ICONS = {
    "info": "mdi6.information-outline",
    "warning": "mdi6.alert",
    "error": "mdi6.alert-octagon",
    "success": "mdi6.check-circle",
    "locked": "mdi6.lock",
}


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None, *, closable: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = "info"
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(10)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.close_button: QPushButton | None = None
        if closable:
            self.close_button = QPushButton(self.tr("Dismiss"))
            self.close_button.setObjectName("link")
            self.close_button.setAccessibleName(self.tr("Dismiss this message"))
            self.close_button.clicked.connect(self.hide)
            row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._row = row
        theme_events().changed.connect(self._restyle)
        self.hide()

    def add_button(self, button: QPushButton) -> QPushButton:
        """An action that belongs with the message (e.g. "Mark summons issued")."""
        self._row.insertWidget(2, button, 0, Qt.AlignmentFlag.AlignVCenter)
        return button

    def show_message(self, kind: str, message: str) -> None:
        self.kind = kind
        self.text.setText(message)
        self.setAccessibleName(message)
        self.setAccessibleDescription(kind)
        self._restyle()
        self.show()

    def _restyle(self) -> None:
        c = colours()
        colour = {
            "info": c.accent,
            "warning": c.warning,
            "error": c.error,
            "success": c.success,
            "locked": c.text,
        }[self.kind]
        self.icon.setPixmap(icon(_ICONS[self.kind], _role(self.kind)).pixmap(22))
        self.setStyleSheet(
            f"QFrame#banner {{ background: {c.surface}; border: {c.border_width}px solid "
            f"{colour}; border-left: 6px solid {colour}; border-radius: 6px; }}"
            f"QFrame#banner QLabel {{ color: {c.text}; font-weight: 600; border: none; }}"
        )


def _role(kind: str) -> str:
    return {"info": "accent", "locked": "text"}.get(kind, kind)
