"""A compact, keyboard-first picker for skills or interests: type to see matching words from
the shipped vocabulary (English or Welsh), Enter or comma adds one, any other words become
free tags, and Backspace in the empty field removes the last one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolButton, QVBoxLayout, QWidget

from hubapp.models.people import fold
from hubapp.services.vocabulary import TagChoice
from hubapp.ui import theme
from hubapp.ui.members.flow_layout import FlowLayout


class _TagInput(QLineEdit):
    """The text field: Enter adds what is typed (or the highlighted suggestion); Enter in the
    empty field is left to the form (it saves)."""

    add_requested = Signal(str)
    remove_last_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        completer = self.completer()
        popup = completer.popup() if completer else None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Comma):
            typed = self.text().strip()
            if popup is not None and popup.isVisible():
                index = popup.currentIndex()
                chosen = index.data() if index.isValid() else completer.currentCompletion()
                popup.hide()
                self.add_requested.emit(str(chosen or typed))
                event.accept()
                return
            if typed:
                self.add_requested.emit(typed)
                event.accept()
                return
            if key == Qt.Key.Key_Comma:
                event.accept()
                return
        elif key == Qt.Key.Key_Backspace and not self.text():
            self.remove_last_requested.emit()
            event.accept()
            return
        elif key == Qt.Key.Key_Down and not self.text() and completer is not None:
            completer.setCompletionPrefix("")
            completer.complete()
            event.accept()
            return
        super().keyPressEvent(event)


class TagPicker(QWidget):
    changed = Signal()

    def __init__(self, name: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[str] = []
        self._canonical: dict[str, str] = {}
        self.chips = QWidget()
        self.chips_layout = FlowLayout(self.chips, spacing=6)
        self.chips.setVisible(False)
        self.input = _TagInput()
        self.input.setPlaceholderText(placeholder)
        self.input.setAccessibleName(name)
        self.setAccessibleName(name)
        self.input.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(8)
        completer.activated.connect(self._on_completion)
        self.input.setCompleter(completer)
        self.input.add_requested.connect(self.add)
        self.input.remove_last_requested.connect(self._remove_last)
        self.setFocusProxy(self.input)
        # A focus policy of its own, so that its label's Alt+letter reaches the field.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.input)
        layout.addWidget(self.chips)
        theme.theme_events().changed.connect(self._restyle)
        self._restyle()

    def set_choices(self, choices: list[TagChoice]) -> None:
        names: list[str] = []
        self._canonical.clear()
        for choice in choices:
            names.append(choice.name)
            self._canonical[fold(choice.name)] = choice.name
            if choice.name_cy:
                names.append(choice.name_cy)
                self._canonical[fold(choice.name_cy)] = choice.name
        self._model.setStringList(names)

    def tags(self) -> list[str]:
        """The chosen tags, plus anything still typed in the field (nothing typed is lost)."""
        pending = self.input.text().strip()
        if pending and not self._has(pending):
            return [*self._tags, self._canonical.get(fold(pending), pending)]
        return list(self._tags)

    def set_tags(self, tags: list[str]) -> None:
        self._tags = []
        self.input.clear()
        for tag in tags:
            self._append(tag)
        self._rebuild()

    def clear(self) -> None:
        self.set_tags([])

    def add(self, text: str) -> None:
        text = text.strip().strip(",").strip()
        self.input.clear()
        if text and not self._has(text):
            self._append(text)
            self._rebuild()
            self.changed.emit()

    def _has(self, text: str) -> bool:
        wanted = fold(self._canonical.get(fold(text), text))
        return any(fold(t) == wanted for t in self._tags)

    def _append(self, text: str) -> None:
        self._tags.append(self._canonical.get(fold(text), text.strip()))

    def _on_completion(self, text: str) -> None:
        # The completer writes its text into the field after this signal; add and clear
        # once it has.
        QTimer.singleShot(0, lambda: self.add(text))

    def _remove_last(self) -> None:
        if self._tags:
            self.remove(self._tags[-1])

    def remove(self, tag: str) -> None:
        if tag in self._tags:
            self._tags.remove(tag)
            self._rebuild()
            self.changed.emit()

    def _rebuild(self) -> None:
        while (item := self.chips_layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for tag in self._tags:
            chip = QToolButton()
            chip.setObjectName("chip")
            chip.setText(f"{tag}  ✕")
            chip.setToolTip(self.tr("Remove “%1”").replace("%1", tag))
            chip.setAccessibleName(self.tr("Remove %1").replace("%1", tag))
            # Out of the Tab order, so a trained librarian tabs straight past; Backspace in
            # the empty field removes the last one.
            chip.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            chip.clicked.connect(lambda _=False, t=tag: self.remove(t))
            self.chips_layout.addWidget(chip)
        self.chips.setVisible(bool(self._tags))
        self.input.setAccessibleDescription(
            self.tr("Chosen: %1").replace("%1", ", ".join(self._tags)) if self._tags else ""
        )
        self.chips.updateGeometry()

    def _restyle(self) -> None:
        c = theme.colours()
        self.chips.setStyleSheet(
            f"QToolButton#chip {{ background: {c.accent_soft}; color: {c.on_accent_soft};"
            f" border: 1px solid {c.accent_soft}; border-radius: 12px; padding: 2px 10px; }}"
            f" QToolButton#chip:hover {{ border-color: {c.accent}; }}"
        )
