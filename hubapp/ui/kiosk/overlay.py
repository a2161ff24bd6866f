"""Cards shown over the whole kiosk screen: the base (a dark veil with a centred card), and
the idle warning that gives the visitor time to carry on before everything is wiped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from hubapp.ui.kiosk.widgets import button, label, set_button_text
from hubapp.ui.kiosk.words import translate


class Overlay(QFrame):
    """Covers its parent window (and follows its size); the card in the middle holds the
    content. While it shows, nothing beneath it can be reached."""

    # True when it opens, False when it closes: the window disables what lies beneath.
    showing = Signal(bool)

    def __init__(self, host: QWidget, card_width: int = 880) -> None:
        super().__init__(host)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card = QFrame()
        self.card.setObjectName("overlayCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card.setMaximumWidth(card_width)
        self.content = QVBoxLayout(self.card)
        self.content.setContentsMargins(56, 48, 56, 48)
        self.content.setSpacing(20)
        grid = QGridLayout(self)
        grid.setContentsMargins(48, 48, 48, 48)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(self.card, 1, 1)
        host.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        host = self.parentWidget()
        if watched is host and host is not None and event.type() == QEvent.Type.Resize:
            self.setGeometry(host.rect())
        return False

    def open(self) -> None:
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        self.show()
        self.raise_()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.showing.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.showing.emit(False)


class IdleWarning(Overlay):
    """ "Are you still there?" with a countdown. `carry_on` when the visitor says so;
    `expired` when the time runs out or they choose to start again now."""

    carry_on = Signal()
    expired = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("overlay")
        self.remaining = 0
        self.title = label("kioskTitle")
        self.words = label("kioskLead")
        self.stay = button("primary")
        self.leave = button()
        self.stay.clicked.connect(self._carry_on)
        self.leave.clicked.connect(self._expire)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.leave)
        row.addStretch(1)
        row.addWidget(self.stay)
        self.content.addWidget(self.title)
        self.content.addWidget(self.words)
        self.content.addSpacing(16)
        self.content.addLayout(row)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._count_down)
        self.retranslate()

    def start(self, seconds: int, *, tick_ms: int = 1000) -> None:
        self.remaining = max(1, seconds)
        self.tick.setInterval(tick_ms)
        self.retranslate()
        self.open()
        self.stay.setFocus(Qt.FocusReason.OtherFocusReason)
        self.tick.start()

    def stop(self) -> None:
        self.tick.stop()
        self.hide()

    def retranslate(self) -> None:
        self.title.setText(translate("kiosk", "Are you still there?"))
        self.title.setAccessibleName(self.title.text())
        words = (
            translate("kiosk", "To keep your details private, this screen will start again "
                      "in 1 second.")
            if self.remaining == 1
            else translate("kiosk", "To keep your details private, this screen will start "
                           "again in %1 seconds.").replace("%1", str(self.remaining))
        )  # fmt: skip
        self.words.setText(words)
        set_button_text(self.stay, translate("kiosk", "Carry on"))
        set_button_text(self.leave, translate("kiosk", "Start again now"))

    def _count_down(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._expire()
        else:
            self.retranslate()

    def _carry_on(self) -> None:
        self.stop()
        self.carry_on.emit()

    def _expire(self) -> None:
        self.stop()
        self.expired.emit()
