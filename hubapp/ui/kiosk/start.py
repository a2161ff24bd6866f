"""The start screen: a welcome and four big choices."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from hubapp.ui.kiosk.flow import KioskContext
from hubapp.ui.kiosk.widgets import COLUMN_PX, Tile, label, scrolling
from hubapp.ui.kiosk.words import translate

CHOICES = (
    ("join", "mdi6.account-plus-outline"),
    ("find", "mdi6.compass-outline"),
    ("feedback", "mdi6.emoticon-happy-outline"),
    ("checkin", "mdi6.calendar-check-outline"),
)


class StartScreen(QWidget):
    """Emits `chosen(key)`: "join", "find", "feedback" or "checkin"."""

    chosen = Signal(str)

    def __init__(self, kiosk: KioskContext) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.title = label("kioskTitle")
        self.lead = label("kioskLead")
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(24)
        for n, (key, icon_name) in enumerate(CHOICES):
            tile = Tile(icon_name)
            tile.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            self.tiles[key] = tile
            grid.addWidget(tile, n // 2, n % 2)
        for half in (0, 1):  # equal halves, so a longer title (Welsh) wraps in both alike
            grid.setColumnStretch(half, 1)
        column = QWidget()
        column.setObjectName("scrollBody")
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.lead)
        layout.addSpacing(24)
        layout.addLayout(grid, 1)
        # Centred on a wide screen; scrolls only if larger text will not fit a small one.
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 24, 40, 32)
        area = scrolling(column)
        area.setMaximumWidth(COLUMN_PX + 300)
        outer.addStretch(1)
        outer.addWidget(area, 100)
        outer.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # holds the focus until Tab moves it
        self.retranslate()

    def retranslate(self) -> None:
        hub = self.kiosk.hub_name
        title = (
            translate("kiosk", "Welcome to %1").replace("%1", hub)
            if hub
            else translate("kiosk", "Welcome")
        )
        self.title.setText(title)
        self.lead.setText(translate("kiosk", "What would you like to do? Touch a choice."))
        words = {
            "join": (
                translate("kiosk", "Join"),
                translate("kiosk", "Hear about groups and things to do."),
            ),
            "find": (
                translate("kiosk", "Find something to do"),
                translate("kiosk", "Volunteering, groups and activities."),
            ),
            "feedback": (
                translate("kiosk", "Tell us what you think"),
                translate("kiosk", "Quick, and no name needed."),
            ),
            "checkin": (
                translate("kiosk", "Check in"),
                translate("kiosk", "To a meeting or event today."),
            ),
        }
        for key, tile in self.tiles.items():
            tile.set_texts(*words[key])

    def recolour(self) -> None:
        size = 64 if self.kiosk.look.larger_text else 72
        for tile in self.tiles.values():
            tile.recolour(self.kiosk.look.colours, size)
