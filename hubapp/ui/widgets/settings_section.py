"""A card of the settings pages: a heading, a line saying what it is for, and its controls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout


class SettingsSection(QFrame):
    """A card with a heading, a line saying what it is for, and its controls in `content`."""

    def __init__(self, title: str, description: str = "") -> None:
        super().__init__()
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.content = QVBoxLayout(self)
        self.content.setContentsMargins(24, 16, 24, 24)
        self.content.setSpacing(8)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        self.content.addWidget(heading)
        if description:
            self.description = QLabel(description)
            self.description.setObjectName("muted")
            self.description.setWordWrap(True)
            self.content.addWidget(self.description)
