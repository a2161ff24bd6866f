"""The look of hubapp: colour sets (light, dark, high contrast), the app font, the Fusion palette,
the style sheet in resources/style.qss, and themed icons from the Material Design icon font."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from hubapp.ui.icon_font import IconColours, font_icon

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
APP_ICON = RESOURCES / "icons" / "hubapp.svg"
THEME_SETTING = "theme"
BASE_POINT_SIZE = 10.5


class ThemeChoice(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


@dataclass(frozen=True)
class Colours:
    """One colour set. Text colours (text, muted, accent, error, warning, success) keep at
    least 4.5:1 contrast against `surface` and `window`, and the borders of fields and
    controls (`border_strong`) 3:1; a test checks it."""

    dark: bool
    window: str
    surface: str
    surface_alt: str
    rail: str
    text: str
    muted: str
    border: str
    border_strong: str
    accent: str
    accent_hover: str
    on_accent: str
    accent_soft: str
    on_accent_soft: str
    focus: str
    error: str
    warning: str
    success: str
    toast_bg: str
    toast_text: str
    toast_action: str
    disabled: str
    border_width: int = 1


LIGHT = Colours(
    dark=False,
    window="#F4F6F8", surface="#FFFFFF", surface_alt="#EEF1F4", rail="#E9EDF1",
    text="#1B1F24", muted="#56606B", border="#D3D9DF", border_strong="#7A848E",
    accent="#00676A", accent_hover="#005A5C", on_accent="#FFFFFF",
    accent_soft="#D5ECEC", on_accent_soft="#00494B", focus="#00676A",
    error="#B3261E", warning="#8A5300", success="#1E6B34",
    toast_bg="#1F2A30", toast_text="#FFFFFF", toast_action="#8FE3DD", disabled="#8C949C",
)  # fmt: skip

DARK = Colours(
    dark=True,
    window="#15191D", surface="#1E2328", surface_alt="#262C32", rail="#1A1F23",
    text="#E6E9EC", muted="#A9B1BA", border="#343C44", border_strong="#6B757F",
    accent="#5CC8C2", accent_hover="#7ED6D1", on_accent="#00201F",
    accent_soft="#123B3B", on_accent_soft="#B9EEEA", focus="#7ED6D1",
    error="#FFB4AB", warning="#F2C46D", success="#7DD99A",
    toast_bg="#E6E9EC", toast_text="#15191D", toast_action="#00595C", disabled="#6B737B",
)  # fmt: skip

HIGH_CONTRAST = Colours(
    dark=True,
    window="#000000", surface="#000000", surface_alt="#1A1A1A", rail="#000000",
    text="#FFFFFF", muted="#FFFFFF", border="#FFFFFF", border_strong="#FFFFFF",
    accent="#FFD600", accent_hover="#FFE55C", on_accent="#000000",
    accent_soft="#FFD600", on_accent_soft="#000000", focus="#00E5FF",
    error="#FF8A80", warning="#FFD600", success="#7CFC9A",
    toast_bg="#FFFFFF", toast_text="#000000", toast_action="#000000", disabled="#BDBDBD",
    border_width=2,
)  # fmt: skip


class _ThemeEvents(QObject):
    changed = Signal()


_current: Colours = LIGHT
_choice: ThemeChoice = ThemeChoice.SYSTEM
_events: _ThemeEvents | None = None


def theme_events() -> _ThemeEvents:
    """`theme_events().changed` fires after a new theme is applied (to re-colour icons)."""
    global _events
    if _events is None:
        _events = _ThemeEvents()
    return _events


def colours() -> Colours:
    return _current


def current_choice() -> ThemeChoice:
    return _choice


def parse_choice(value: str | None) -> ThemeChoice:
    try:
        return ThemeChoice(value) if value else ThemeChoice.SYSTEM
    except ValueError:
        return ThemeChoice.SYSTEM


def colours_for(choice: ThemeChoice) -> Colours:
    if choice == ThemeChoice.HIGH_CONTRAST:
        return HIGH_CONTRAST
    if choice == ThemeChoice.DARK:
        return DARK
    if choice == ThemeChoice.LIGHT:
        return LIGHT
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def apply_theme(app: QApplication, choice: ThemeChoice = ThemeChoice.SYSTEM) -> None:
    """Fusion style, the base font, the palette and the style sheet for `choice`."""
    global _current, _choice
    _choice = choice
    _current = colours_for(choice)
    if app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    font = app.font()
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
        app.setFont(font)
    app.setPalette(palette_for(_current))
    app.setStyleSheet(style_sheet(_current, font))
    _follow_system(app)
    theme_events().changed.emit()


_following = False


def _follow_system(app: QApplication) -> None:
    """Re-apply when the computer switches between light and dark, if the user asked us to."""
    global _following
    if _following:
        return
    _following = True

    def on_scheme_changed(_scheme: Qt.ColorScheme) -> None:
        if _choice == ThemeChoice.SYSTEM:
            apply_theme(app, ThemeChoice.SYSTEM)

    app.styleHints().colorSchemeChanged.connect(on_scheme_changed)


def palette_for(c: Colours) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, c.window), (role.WindowText, c.text), (role.Base, c.surface),
        (role.AlternateBase, c.surface_alt), (role.Text, c.text), (role.Button, c.surface),
        (role.ButtonText, c.text), (role.BrightText, c.error), (role.Highlight, c.accent),
        (role.HighlightedText, c.on_accent), (role.Link, c.accent), (role.LinkVisited, c.accent),
        (role.ToolTipBase, c.toast_bg), (role.ToolTipText, c.toast_text),
        (role.PlaceholderText, c.muted), (role.Light, c.surface), (role.Midlight, c.surface_alt),
        (role.Mid, c.border), (role.Dark, c.border_strong), (role.Shadow, c.border_strong),
        (role.Accent, c.accent),
    ):  # fmt: skip
        p.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, QColor(c.disabled))
    return p


def style_sheet(c: Colours, font: QFont | None = None) -> str:
    base = (font or QApplication.font()).pointSizeF()
    values = {k: str(v) for k, v in asdict(c).items()}
    values.update(
        title_pt=f"{base * 1.8:.1f}",
        section_pt=f"{base * 1.3:.1f}",
        large_pt=f"{base * 1.2:.1f}",
        small_pt=f"{max(base * 0.92, 9.5):.1f}",
        focus_width=str(c.border_width + 1),
        arrow_down=_drawn("chevron-down", c.muted),
        arrow_up=_drawn("chevron-up", c.muted),
        check=_drawn("check", c.on_accent),
    )
    text = (RESOURCES / "style.qss").read_text(encoding="utf-8")
    return Template(text).substitute(values)


def _drawn(shape: str, colour: str) -> str:
    """Path of a small SVG (chevron, tick) drawn in `colour`: style sheets cannot colour
    an image, so there is one file per theme colour, e.g. icons/check-FFFFFF.svg."""
    folder = RESOURCES / "icons"
    path = folder / f"{shape}-{colour.lstrip('#').upper()}.svg"
    if not path.exists():
        path = sorted(folder.glob(f"{shape}-*.svg"))[0]
    return path.as_posix()


def icon(name: str, role: str = "text", *, checked_role: str | None = None) -> QIcon:
    """A Material Design icon (e.g. "mdi6.account-plus") in one of the theme's colours. In a
    selected row it takes the selection's text colour."""
    c = asdict(_current)
    checked = c[checked_role] if checked_role is not None else None
    colours = IconColours(
        color=c[role],
        color_disabled=c["disabled"],
        color_selected=c["on_accent"],
        color_on=checked,
        color_on_active=checked,
        color_on_selected=c["on_accent"],
    )
    return font_icon(name, colours)


@cache  # several screens show it; the files are read once
def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = RESOURCES / "icons" / f"hubapp-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    if icon.isNull():
        icon.addFile(str(APP_ICON))
    return icon


def relative_luminance(hex_colour: str) -> float:
    colour = QColor(hex_colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
