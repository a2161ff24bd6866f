"""A small bar chart of the average rating month by month (bar height: the average, out of
5; under each bar the month and how many ratings). Drawn with QPainter; the same figures
are in the table beside it and in the chart's accessible description."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hubapp.services.feedback import MonthFigures
from hubapp.ui.feedback.words import average_text, month_short, month_text, t
from hubapp.ui.theme import colours, theme_events

MAX_RATING = 5.0
MAX_BAR_WIDTH = 36


def with_empty_months(months: list[MonthFigures]) -> list[MonthFigures]:
    """Every month from the first to the last, a month with no feedback as count 0."""
    if not months:
        return []
    by_month = {m.month: m for m in months}
    out = []
    at = months[0].month
    while at <= months[-1].month:
        out.append(by_month.get(at, MonthFigures(at, 0, 0.0)))
        at = date(at.year + at.month // 12, at.month % 12 + 1, 1)
    return out


class MonthChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[MonthFigures] = []
        self.setAccessibleName(t("Average rating by month"))
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        theme_events().changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(400, 170)

    def set_months(self, months: list[MonthFigures]) -> None:
        self.months = with_empty_months(months)
        words = [
            t("%1: %2 from %3").replace("%1", month_text(m.month))
            .replace("%2", average_text(m.average)).replace("%3", str(m.count))
            if m.count else t("%1: none").replace("%1", month_text(m.month))
            for m in self.months
        ]  # fmt: skip
        self.setAccessibleDescription("; ".join(words))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.months:
            return
        c = colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        top, bottom = line + 6, self.height() - 2 * line - 6
        left, right = 28, self.width() - 4
        height = max(bottom - top, 10)
        painter.setPen(QPen(QColor(c.border), 1))
        for level in (1, 3, 5):  # faint guide lines, labelled down the left
            y = bottom - height * level / MAX_RATING
            painter.drawLine(int(left), int(y), int(right), int(y))
        painter.setPen(QPen(QColor(c.border_strong), 1))
        painter.drawLine(int(left), int(bottom), int(right), int(bottom))
        painter.setPen(QColor(c.muted))
        for level in (1, 3, 5):
            y = bottom - height * level / MAX_RATING
            box = QRectF(0, y - line / 2, left - 6, line)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(level))  # fmt: skip
        slot = (right - left) / len(self.months)
        bar = min(MAX_BAR_WIDTH, slot * 0.6)
        for n, month in enumerate(self.months):
            centre = left + slot * (n + 0.5)
            if month.count:
                bar_height = height * month.average / MAX_RATING
                rect = QRectF(centre - bar / 2, bottom - bar_height, bar, bar_height)
                painter.fillRect(rect, QColor(c.accent))
                painter.setPen(QColor(c.text))
                above = QRectF(centre - slot / 2, rect.top() - line - 2, slot, line)
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, average_text(month.average))
            painter.setPen(QColor(c.text))
            painter.drawText(QRectF(centre - slot / 2, bottom + 4, slot, line),
                             Qt.AlignmentFlag.AlignCenter, month_short(month.month))  # fmt: skip
            painter.setPen(QColor(c.muted))
            painter.drawText(QRectF(centre - slot / 2, bottom + 4 + line, slot, line),
                             Qt.AlignmentFlag.AlignCenter, f"({month.count})")  # fmt: skip
        painter.end()
