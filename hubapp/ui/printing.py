"""Printing and PDF export of documents the services write as HTML (agendas, minutes): one
renderer, Qt's rich-text document, so the PDF and the printed page are the same."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

# Body text for paper: a plain sans serif at a size councils print their papers in.
PAPER_FONT_POINTS = 11
# QTextDocument.print_ keeps 2 cm of margin inside the page's own margins: the PDF's page has
# none of its own (so 2 cm all round, as councils' papers have); a printer keeps the least
# margin it needs.
PDF_MARGINS_MM = QMarginsF(0, 0, 0, 0)
PDF_DPI = 300

# Qt's rich text takes margins and padding in px only (a "pt" margin is silently dropped);
# here 1 px is 1/96 inch, so 8 px is 6 pt.
PAPER_CSS = """
body { color: #111; }
h1 { font-size: 18pt; margin-top: 0px; margin-bottom: 6px; }
h2 { font-size: 14pt; margin-top: 12px; margin-bottom: 8px; }
h3 { font-size: 12pt; margin-top: 16px; margin-bottom: 5px; }
p { margin-top: 0px; margin-bottom: 7px; }
table { border-collapse: collapse; }
td, th { padding: 3px 8px 3px 0px; vertical-align: top; text-align: left; }
.muted { color: #555; }
.signature { margin-top: 36px; }
.minute { font-weight: bold; }
.confidential { color: #8a1c1c; }
"""


def document(html: str, title: str) -> QTextDocument:
    """The HTML as a paged document with the paper style and a title for the PDF."""
    doc = QTextDocument()
    doc.setDefaultStyleSheet(PAPER_CSS)
    font = QFont()
    font.setPointSize(PAPER_FONT_POINTS)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    return doc


def _a4_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        PDF_MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(html: str, path: Path, *, title: str, author: str = "hubapp") -> Path:
    """Writes the document to `path` as an A4 PDF (text, not pictures of text: it can be
    searched, copied and read aloud). Returns the path."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(_a4_layout())
    writer.setTitle(title)
    writer.setCreator(author)
    # With no page size of its own, the document is laid out on the writer's page and
    # numbered at the foot of each page.
    document(html, title).print_(writer)
    return path


def _printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def print_document(parent: QWidget, html: str, *, title: str) -> bool:
    """Asks which printer (the system's dialog) and prints. False if the user cancelled."""
    printer = _printer()
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Print {0}").format(title))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document(html, title).print_(printer)
    return True


def preview_document(parent: QWidget, html: str, *, title: str) -> QPrintPreviewDialog:
    """A print preview, from which the user can print. Shown, not run: returns the dialog."""
    printer = _printer()
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Preview: {0}").format(title))
    doc = document(html, title)
    dialog.paintRequested.connect(doc.print_)
    dialog.setAccessibleName(parent.tr("Print preview"))
    dialog.open()
    return dialog
