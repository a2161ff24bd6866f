"""When a person is free: a grid of days by morning, afternoon and evening. It is one stop in
the Tab order (arrow keys move inside it, Space ticks), so it never slows the form down."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from hubapp.ui.members.words import day_names, part_names


class AvailabilityGrid(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Availability"))
        self._days = day_names()
        self._parts = part_names()
        self.boxes: dict[tuple[str, str], QCheckBox] = {}
        self._cells: list[list[QCheckBox]] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        for col, (_, short, _full) in enumerate(self._days, start=1):
            label = QLabel(short)
            label.setObjectName("fieldHint")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, col)
        for row, (part, part_label) in enumerate(self._parts, start=1):
            label = QLabel(part_label)
            label.setObjectName("fieldHint")
            grid.addWidget(label, row, 0)
            cells: list[QCheckBox] = []
            for col, (day, _short, full) in enumerate(self._days, start=1):
                box = QCheckBox()
                box.setAccessibleName(f"{full} {part_label.lower()}")
                box.setToolTip(f"{full} {part_label.lower()}")
                box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                box.installEventFilter(self)
                box.toggled.connect(lambda _on: self.changed.emit())
                grid.addWidget(box, row, col, Qt.AlignmentFlag.AlignCenter)
                self.boxes[(day, part)] = box
                cells.append(box)
            self._cells.append(cells)
        grid.setColumnStretch(len(self._days) + 1, 1)
        self._current = (0, 0)
        self._rove_to(0, 0, focus=False)
        self.setFocusProxy(self._cells[0][0])
        # A focus policy of its own, so that its label's Alt+letter reaches the grid.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _rove_to(self, row: int, col: int, *, focus: bool = True) -> None:
        """Only the current box takes Tab focus (a roving tab stop)."""
        old = self._cells[self._current[0]][self._current[1]]
        old.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._current = (row, col)
        box = self._cells[row][col]
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(box)
        if focus:
            box.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QCheckBox):
            if event.type() == QEvent.Type.FocusIn:
                for r, cells in enumerate(self._cells):
                    if watched in cells and (r, cells.index(watched)) != self._current:
                        self._rove_to(r, cells.index(watched), focus=False)
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                moves = {
                    Qt.Key.Key_Left: (0, -1),
                    Qt.Key.Key_Right: (0, 1),
                    Qt.Key.Key_Up: (-1, 0),
                    Qt.Key.Key_Down: (1, 0),
                }
                step = moves.get(Qt.Key(event.key()))
                if step is not None:
                    row = min(max(self._current[0] + step[0], 0), len(self._cells) - 1)
                    col = min(max(self._current[1] + step[1], 0), len(self._cells[0]) - 1)
                    self._rove_to(row, col)
                    return True
        return super().eventFilter(watched, event)

    def focus_chain(self) -> list[QCheckBox]:
        """Every box in reading order, for the form's Tab order (only one takes Tab)."""
        return [box for cells in self._cells for box in cells]

    def values(self) -> dict[str, list[str]]:
        chosen: dict[str, list[str]] = {}
        for (day, part), box in self.boxes.items():
            if box.isChecked():
                chosen.setdefault(day, []).append(part)
        return chosen

    def set_values(self, values: dict[str, list[str]]) -> None:
        for (day, part), box in self.boxes.items():
            box.setChecked(part in values.get(day, []))

    def clear(self) -> None:
        self.set_values({})
        self._rove_to(0, 0, focus=False)
