"""The card on a group's page that shows what the group is, who to contact and who can see it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hubapp.services.groups import GroupProfile
from hubapp.ui.groups.words import format_day, visibility_icon_name, visibility_label
from hubapp.ui.theme import icon, theme_events

CARD_WIDTH = 290


class DetailsCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFixedWidth(CARD_WIDTH)
        self.values: dict[str, QLabel] = {}
        self.is_public = True
        theme_events().changed.connect(self._recolour)
        self.rows: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        title = QLabel(self.tr("About the group"))
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        for key, label in (
            ("welsh_name", self.tr("Welsh name")),
            ("purpose", self.tr("What the group does")),
            ("category", self.tr("Category")),
            ("area_served", self.tr("Area served")),
            ("contact", self.tr("Contact")),
            ("registered", self.tr("Registered")),
        ):
            layout.addWidget(self._row(key, label))
        visibility = QHBoxLayout()
        visibility.setSpacing(8)
        self.visibility_icon = QLabel()
        self.visibility_text = QLabel()
        self.visibility_text.setWordWrap(True)
        visibility.addWidget(self.visibility_icon, 0, Qt.AlignmentFlag.AlignTop)
        visibility.addWidget(self.visibility_text, 1)
        heading = QLabel(self.tr("Who can see it"))
        heading.setObjectName("fieldLabel")
        layout.addWidget(heading)
        layout.addLayout(visibility)
        layout.addStretch(1)

    def _row(self, key: str, label: str) -> QWidget:
        row = QWidget()
        box = QVBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        heading = QLabel(label)
        heading.setObjectName("fieldLabel")
        value = QLabel()
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(heading)
        box.addWidget(value)
        self.values[key] = value
        self.rows[key] = row
        return row

    def _recolour(self) -> None:
        self.visibility_icon.setPixmap(icon(visibility_icon_name(self.is_public)).pixmap(20))

    def show_group(self, profile: GroupProfile) -> None:
        d = profile.details
        contact = "\n".join(x for x in (d.contact_name, d.contact_email, d.contact_phone) if x)
        texts = {
            "welsh_name": d.welsh_name,
            "purpose": d.purpose,
            "category": d.category,
            "area_served": d.area_served,
            "contact": contact,
            "registered": format_day(profile.created_at.astimezone().date()),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
            self.rows[key].setVisible(bool(text))
        self.is_public = d.is_public
        self._recolour()
        if d.is_public:
            words = self.tr("Public: shown to visitors and shared with other hubs.")
        else:
            words = self.tr("Private: seen only by staff.")
        self.visibility_text.setText(words)
        self.visibility_text.setAccessibleName(visibility_label(d.is_public))
