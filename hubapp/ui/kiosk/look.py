"""How the kiosk looks: the app's light or high-contrast colours, large type (20 pt, or 26 pt
with "Larger text"), and touch-sized controls (every button and field at least 56 px high).
The look is set on the kiosk window itself, so the rest of the app keeps its own theme."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from string import Template

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from hubapp.ui import theme

BASE_PT = 20.0
LARGER_PT = 26.0
TOUCH_PX = 56  # at least 48 px, with room to spare for unsteady hands


@dataclass(frozen=True)
class Look:
    high_contrast: bool = False
    larger_text: bool = False

    @property
    def colours(self) -> theme.Colours:
        return theme.HIGH_CONTRAST if self.high_contrast else theme.LIGHT

    @property
    def point_size(self) -> float:
        return LARGER_PT if self.larger_text else BASE_PT


_KIOSK_QSS = Template(
    """
#kiosk { background: $window; }
#kiosk, #kiosk QWidget { font-size: ${base_pt}pt; }
#kioskBar, #kioskFooter { background: $surface; }
#kioskBar { border-bottom: ${border_width}px solid $border; }
#kioskFooter { border-top: ${border_width}px solid $border; }
QLabel { color: $text; }
QLabel#kioskHub { font-size: ${large_pt}pt; font-weight: 600; }
QLabel#kioskTitle { font-size: ${title_pt}pt; font-weight: 600; }
QLabel#kioskLead { font-size: ${large_pt}pt; color: $muted; }
QLabel#kioskBody { font-size: ${large_pt}pt; }
QLabel#kioskStep, QLabel#kioskHint, QLabel#tileText, QLabel#faceWord { color: $muted; }
QLabel#kioskNotice {
    background: $surface; border: ${border_width}px solid $border; border-radius: 16px;
    padding: 24px;
}
QLabel#kioskProblem { color: $error; font-weight: 600; }
QLabel#kioskDone { color: $success; font-weight: 600; }
QPushButton, QLineEdit, QPlainTextEdit, QComboBox {
    min-height: ${touch}px; border-radius: 12px;
}
QPushButton { padding: 4px 28px; }
QLineEdit { padding: 4px 16px; }
QPlainTextEdit { padding: 8px 16px; }
QPushButton#quiet {
    background: transparent; border: ${border_width}px solid transparent; color: $text;
}
QPushButton#quiet:hover { background: $surface_alt; border-color: $border; }
QPushButton#quiet:checked {
    background: $accent_soft; color: $on_accent_soft; border-color: $accent;
}
QPushButton#quiet:focus, QPushButton#chip:focus, QPushButton#tile:focus, QToolButton#face:focus,
QPushButton#result:focus {
    border: ${focus_width}px solid $focus;
}
QPushButton#tile, QPushButton#result {
    background: $surface; border: ${tile_border}px solid $border; border-radius: 24px;
    padding: 0;
}
QPushButton#tile:hover, QPushButton#result:hover { border-color: $accent; }
QPushButton#tile:pressed { background: $accent_soft; }
QPushButton#result:checked { border: ${focus_width}px solid $accent; }
#resultCard {
    background: $surface; border: ${tile_border}px solid $border; border-radius: 24px;
}
QLabel#tileTitle { font-size: ${section_pt}pt; font-weight: 600; }
QLabel#rowTitle { font-weight: 600; }
QPushButton#chip {
    background: $surface; border: ${tile_border}px solid $border_strong; border-radius: 28px;
    padding: 4px 28px;
}
QPushButton#chip:checked { background: $accent; color: $on_accent; border-color: $accent; }
QToolButton#face {
    background: $surface; color: $text; border: ${tile_border}px solid $border;
    border-radius: 24px; padding: 16px 8px;
}
QToolButton#face:hover { border-color: $accent; }
QToolButton#face:checked {
    background: $accent_soft; color: $on_accent_soft; border-color: $accent;
}
QCheckBox { spacing: 20px; }
QCheckBox::indicator { width: 36px; height: 36px; border-radius: 8px; }
#overlay { background: $veil; }
#overlayCard {
    background: $surface; border: ${tile_border}px solid $border_strong; border-radius: 24px;
}
QScrollArea { background: transparent; border: none; }
"""
)


def kiosk_font(look: Look, like: QFont | None = None) -> QFont:
    font = QFont(like) if like is not None else QFont()
    font.setPointSizeF(look.point_size)
    return font


def style_sheet(look: Look) -> str:
    c = look.colours
    font = kiosk_font(look)
    values = {k: str(v) for k, v in asdict(c).items()}
    base = look.point_size
    values.update(
        base_pt=f"{base:.1f}",
        title_pt=f"{base * 1.6:.1f}",
        section_pt=f"{base * 1.2:.1f}",
        large_pt=f"{base * 1.1:.1f}",
        touch=str(TOUCH_PX),
        focus_width=str(c.border_width + 2),
        tile_border=str(c.border_width + 1),
        veil="rgba(0, 0, 0, 200)" if look.high_contrast else "rgba(27, 31, 36, 150)",
    )
    return theme.style_sheet(c, font) + _KIOSK_QSS.substitute(values)


def apply_look(window: QWidget, look: Look) -> None:
    window.setFont(kiosk_font(look, window.font()))
    window.setPalette(theme.palette_for(look.colours))
    window.setStyleSheet(style_sheet(look))
