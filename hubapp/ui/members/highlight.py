"""Marks what was searched for inside the table's cells, the way the search matched it:
word starts, ignoring case and accents ("sian" marks "Siân"), and phone digits ignoring
spaces."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hubapp.ui import theme

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PHONEISH = re.compile(r"^[\d\s()+-]{4,}$")


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_spans(text: str, typed: str) -> list[tuple[int, int]]:
    """(start, end) ranges of `text` that the typed search matched."""
    typed = typed.strip()
    if not typed or not text:
        return []
    if _PHONEISH.match(typed):
        return _digit_spans(text, re.sub(r"\D", "", typed))
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(i)
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in {_fold_char(w) for w in _WORD.findall(typed)}:
        start = haystack.find(word)
        while start != -1:
            if start == 0 or not haystack[start - 1].isalnum():
                spans.append((origin[start], origin[start + len(word) - 1] + 1))
            start = haystack.find(word, start + 1)
    return _merge(spans)


def _digit_spans(text: str, digits: str) -> list[tuple[int, int]]:
    positions = [i for i, c in enumerate(text) if c.isdigit()]
    only = "".join(text[i] for i in positions)
    for wanted in (digits, "0" + digits):
        at = only.find(wanted) if wanted else -1
        if at != -1:
            return [(positions[at], positions[at + len(wanted) - 1] + 1)]
    return []


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class HighlightDelegate(QStyledItemDelegate):
    """Paints a cell as usual, with the matched parts marked (a soft background, or an
    underline on the selected row, so the mark never rests on colour alone there)."""

    typed = ""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        spans = match_spans(text, self.typed)
        if not spans:
            super().paint(painter, option, index)
            return
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        # The same margin Qt's own item painting leaves, so marked and plain cells line up.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = rect.adjusted(margin, 0, -margin, 0)
        metrics = opt.fontMetrics
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        c = theme.colours()
        top = rect.y() + (rect.height() - metrics.height()) // 2
        painter.save()
        painter.setFont(opt.font)
        for start, end in spans:
            if start >= len(shown) - (1 if shown != text else 0):
                continue
            end = min(end, len(shown))
            x = rect.x() + metrics.horizontalAdvance(shown[:start])
            width = metrics.horizontalAdvance(shown[start:end])
            if selected:
                painter.fillRect(QRect(x, top + metrics.height() - 2, width, 2),
                                 QColor(c.on_accent))  # fmt: skip
            else:
                painter.fillRect(QRect(x, top, width, metrics.height()), _mark_colour(c.dark))
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         shown)  # fmt: skip
        painter.restore()


def _mark_colour(dark: bool) -> QColor:
    # A highlighter-pen yellow; text keeps well over 4.5:1 against it in either scheme.
    return QColor("#5C4A00") if dark else QColor("#FFE27A")
