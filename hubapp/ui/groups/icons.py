"""Icons that follow the theme: set once, re-coloured whenever light, dark or high contrast
is switched (the keeper is a child of its screen, so it goes when the screen goes)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon

from hubapp.ui.theme import icon, theme_events


class HasIcon(Protocol):
    def setIcon(self, icon: QIcon) -> None: ...


class IconKeeper(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._items: list[tuple[HasIcon, str, str]] = []
        theme_events().changed.connect(self.recolour)

    def set(self, target: HasIcon, name: str, role: str = "text") -> None:
        self._items.append((target, name, role))
        target.setIcon(icon(name, role))

    def recolour(self) -> None:
        for target, name, role in self._items:
            target.setIcon(icon(name, role))
