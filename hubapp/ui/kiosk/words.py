"""The kiosk's words and languages. Every string goes through `translate("kiosk", ...)`, the
form pyside6-lupdate finds (a subclass's `self.tr` would look under the wrong context), and
the Welsh catalogue is switched in and out with one QTranslator."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
CATALOGUE = "kiosk"  # kiosk_cy.ts / kiosk_cy.qm


def translate(context: str, source: str) -> str:
    """`source` in the chosen language (English when there is no translation yet)."""
    return QCoreApplication.translate(context, source)


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name pyside6-lupdate looks for
    """Marks `source` for the catalogue where it is defined; it is translated where shown."""
    return source


class Language(StrEnum):
    ENGLISH = "en"
    WELSH = "cy"


class LanguageSwitch:
    """Puts the Welsh catalogue in front of the app's translators, or takes it away."""

    def __init__(self) -> None:
        self._translator = QTranslator()
        self._loaded = self._translator.load(f"{CATALOGUE}_cy", str(TRANSLATIONS))
        if not self._loaded:
            log.warning("no Welsh kiosk catalogue in %s: Welsh screens show English", TRANSLATIONS)
        self.language = Language.ENGLISH

    @property
    def has_welsh(self) -> bool:
        return self._loaded

    def use(self, language: Language) -> None:
        app = QCoreApplication.instance()
        if app is None or language == self.language:
            self.language = language
            return
        if language == Language.WELSH and self._loaded:
            app.installTranslator(self._translator)
        else:
            app.removeTranslator(self._translator)
        self.language = language

    def close(self) -> None:
        """Takes the catalogue out again (when the kiosk window goes)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeTranslator(self._translator)
        self.language = Language.ENGLISH
