"""Material Design icons drawn from the icon font that qtawesome ships, without importing
qtawesome: its qtpy layer costs ~0.3 s of CPU at start-up, and only the one font is needed.
Colours per mode and state follow qtawesome's rules, so the icons look the same."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPixmap

PREFIX = "mdi6"
_FONT = "materialdesignicons6-webfont-*.ttf"  # the version in the name follows qtawesome's
_CHARMAP = "materialdesignicons6-webfont-charmap-*.json"


@dataclass(frozen=True)
class IconColours:
    """The colour for each (state, mode); unset ones fall back as in qtawesome."""

    color: str
    color_disabled: str
    color_selected: str | None = None
    color_on: str | None = None
    color_on_active: str | None = None
    color_on_selected: str | None = None

    def table(self) -> dict[tuple[QIcon.State, QIcon.Mode], str]:
        on = self.color_on or self.color
        active = on  # qtawesome: "active" (hovered) defaults to the "on" colour
        selected = self.color_selected or active
        state, mode = QIcon.State, QIcon.Mode
        return {
            (state.On, mode.Normal): on,
            (state.On, mode.Active): self.color_on_active or active,
            (state.On, mode.Selected): self.color_on_selected or selected,
            (state.On, mode.Disabled): self.color_disabled,
            (state.Off, mode.Normal): self.color,
            (state.Off, mode.Active): active,
            (state.Off, mode.Selected): selected,
            (state.Off, mode.Disabled): self.color_disabled,
        }


class _Font:
    """The font, registered with Qt once, and its name-to-character map."""

    family: str | None = None
    chars: dict[str, str] = {}

    @classmethod
    def load(cls) -> None:
        if cls.family is not None:
            return
        fonts = _fonts_folder()
        font_files, charmap_files = sorted(fonts.glob(_FONT)), sorted(fonts.glob(_CHARMAP))
        if not font_files or not charmap_files:
            raise RuntimeError(f"the Material Design icon font is missing from {fonts}")
        font_file, charmap_file = font_files[-1], charmap_files[-1]
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        families = QFontDatabase.applicationFontFamilies(font_id)
        if not families:
            raise RuntimeError(f"the icon font {font_file} could not be loaded")
        charmap = json.loads(charmap_file.read_text(encoding="utf-8"))
        cls.chars = {name: chr(int(code, 16)) for name, code in charmap.items()}
        cls.family = families[0]


def _fonts_folder() -> Path:
    """qtawesome's fonts folder: inside the bundle when frozen by PyInstaller (which copies
    only the fonts, not qtawesome itself: installers/hubapp.spec), else the installed package."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "qtawesome" / "fonts"
    spec = find_spec("qtawesome")  # finds the package without running it
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


class _GlyphEngine(QIconEngine):
    """Paints one glyph of the icon font, in the colour for the icon's mode and state."""

    def __init__(self, char: str, colours: dict[tuple[QIcon.State, QIcon.Mode], str]) -> None:
        super().__init__()
        self.char, self.colours = char, colours

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        assert _Font.family is not None
        painter.save()
        painter.setPen(QColor(self.colours[(state, mode)]))
        font = QFont(_Font.family)
        # As qtawesome: a 16 px icon gets a 14 px glyph, leaving room for the font's bearing.
        font.setPixelSize(max(1, round(0.875 * rect.height())))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.char, self.colours)


def font_icon(name: str, colours: IconColours) -> QIcon:
    """The icon called e.g. "mdi6.account-plus" (qtawesome's names) in `colours`."""
    prefix, _, glyph = name.partition(".")
    if prefix != PREFIX:
        raise ValueError(f"only {PREFIX} icons are available, not {name!r}")
    _Font.load()
    char = _Font.chars.get(glyph)
    if char is None:
        raise ValueError(f"no icon called {name!r}")
    return QIcon(_GlyphEngine(char, colours.table()))
