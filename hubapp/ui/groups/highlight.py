"""Shows the current search inside list cells: matched letters are drawn bold on the accent's
soft colour (weight and colour, so the match does not rest on colour alone)."""

from __future__ import annotations

import html
import unicodedata

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hubapp.models.people import fold
from hubapp.ui.theme import colours


def match_spans(text: str, typed: str) -> list[tuple[int, int]]:
    """Where the typed words occur in `text`, ignoring case and accents, as (start, end)."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        ).casefold()
        for c in plain:
            folded.append(c)
            origin.append(i)
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in set(fold(typed).split()):
        start = haystack.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = haystack.find(word, end)
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted_html(text: str, typed: str) -> str:
    c = colours()
    out: list[str] = []
    last = 0
    for start, end in match_spans(text, typed):
        out.append(html.escape(text[last:start]))
        out.append(
            f'<b style="background-color:{c.accent_soft}; color:{c.on_accent_soft}">'
            f"{html.escape(text[start:end])}</b>"
        )
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


class HighlightDelegate(QStyledItemDelegate):
    """Paints the cell normally, then its text with the matches of `typed` marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.typed = ""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = str(index.data() or "")
        if not self.typed.strip() or not match_spans(text, self.typed):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(highlighted_html(text, self.typed))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(group))
        painter.save()
        top = rect.top() + (rect.height() - doc.size().height()) / 2
        painter.translate(rect.left() + 4, top)
        painter.setClipRect(QRectF(0, 0, rect.width() - 4, doc.size().height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()
