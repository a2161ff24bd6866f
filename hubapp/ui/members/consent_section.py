"""Consent on the sign-up form: the privacy notice as the person hears it, then one tick box
per purpose, each recorded separately (with the wording's version) by the service."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from hubapp.services.consent import PRIVACY_NOTICE, PRIVACY_NOTICE_VERSION, PURPOSES

CONSENT_WIDTH = 600


def consent_words(text: str) -> str:
    return QCoreApplication.translate("consent", text)


class ConsentSection(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        notice = QLabel(consent_words(PRIVACY_NOTICE))
        notice.setWordWrap(True)
        notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        version = QLabel(
            self.tr("Privacy notice, version %1").replace("%1", PRIVACY_NOTICE_VERSION)
        )
        version.setObjectName("fieldHint")
        box = QFrame()
        box.setObjectName("noticeBox")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.setSpacing(4)
        inner.addWidget(notice)
        inner.addWidget(version)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(box)
        ask = QLabel(self.tr("Ask about each choice and tick only what they agree to:"))
        ask.setWordWrap(True)
        layout.addWidget(ask)
        for purpose in PURPOSES:
            check = QCheckBox(consent_words(purpose.label))
            check.setAccessibleDescription(consent_words(purpose.wording))
            wording = QLabel(consent_words(purpose.wording))
            wording.setObjectName("fieldHint")
            wording.setWordWrap(True)
            wording.setContentsMargins(28, 0, 0, 4)
            layout.addWidget(check)
            layout.addWidget(wording)
            self.boxes[purpose.purpose] = check
        self._loaded: dict[str, bool] = {}
        # Lines of about 60-70 characters: read aloud to the person, so easy to follow.
        self.setMaximumWidth(CONSENT_WIDTH)

    def answers(self) -> dict[str, bool]:
        """Every purpose asked about now, with the answer (a refusal is recorded too)."""
        return {purpose: box.isChecked() for purpose, box in self.boxes.items()}

    def changed_answers(self) -> dict[str, bool]:
        """When editing: only the purposes whose answer changed since loading."""
        return {
            purpose: granted
            for purpose, granted in self.answers().items()
            if granted != self._loaded.get(purpose, False)
        }

    def set_answers(self, granted: dict[str, bool]) -> None:
        self._loaded = dict(granted)
        for purpose, box in self.boxes.items():
            box.setChecked(granted.get(purpose, False))

    def clear(self) -> None:
        self.set_answers({})

    def first_box(self) -> QCheckBox:
        return next(iter(self.boxes.values()))
