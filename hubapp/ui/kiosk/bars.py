"""The strips above and below every kiosk screen: the hub's name and the language switch at
the top; Start again and the high-contrast and larger-text switches at the bottom."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from hubapp.ui import theme
from hubapp.ui.kiosk.look import Look
from hubapp.ui.kiosk.widgets import button, kiosk_icon, label, set_button_text
from hubapp.ui.kiosk.words import Language, translate

ICON_PX = 32


class TopBar(QFrame):
    """The hub's name on the left (its corner hides the staff gesture) and the language
    switch on the right, which always names the other language in that language."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("kioskBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.mark = QLabel()
        self.mark.setPixmap(theme.app_icon().pixmap(QSize(40, 40)))
        self.hub = label("kioskHub", wrap=False)
        self.language = button("quiet")
        self.language.setIconSize(QSize(ICON_PX, ICON_PX))
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 4, 24, 4)
        row.setSpacing(16)
        row.addWidget(self.mark)
        row.addWidget(self.hub, 1)
        row.addWidget(self.language)

    def retranslate(self, hub_name: str, language: Language) -> None:
        self.hub.setText(hub_name or "hubapp")
        if language == Language.WELSH:
            set_button_text(self.language, "English", "Change the language to English")
        else:
            set_button_text(self.language, "Cymraeg", "Newid yr iaith i’r Gymraeg")

    def recolour(self, look: Look) -> None:
        self.language.setIcon(kiosk_icon("mdi6.translate", look.colours))


class Footer(QFrame):
    """Start again (hidden on the start screen), High contrast and Larger text."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("kioskFooter")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.start_again = button("quiet")
        self.contrast = button("quiet")
        self.larger = button("quiet")
        for toggle in (self.contrast, self.larger):
            toggle.setCheckable(True)
        for widget in (self.start_again, self.contrast, self.larger):
            widget.setIconSize(QSize(ICON_PX, ICON_PX))
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 4, 24, 4)
        row.setSpacing(16)
        row.addWidget(self.start_again)
        row.addStretch(1)
        row.addWidget(self.contrast)
        row.addWidget(self.larger)

    def retranslate(self) -> None:
        set_button_text(
            self.start_again,
            translate("kiosk", "Start again"),
            translate("kiosk", "Clears everything on this screen and goes back to the start"),
        )
        set_button_text(self.contrast, translate("kiosk", "High contrast"))
        set_button_text(self.larger, translate("kiosk", "Larger text"))

    def recolour(self, look: Look) -> None:
        c = look.colours
        self.start_again.setIcon(kiosk_icon("mdi6.restart", c))
        self.contrast.setIcon(kiosk_icon("mdi6.contrast-circle", c, on_role="on_accent_soft"))
        self.larger.setIcon(kiosk_icon("mdi6.format-size", c, on_role="on_accent_soft"))
        for toggle, on in ((self.contrast, look.high_contrast), (self.larger, look.larger_text)):
            toggle.blockSignals(True)
            toggle.setChecked(on)
            toggle.blockSignals(False)
