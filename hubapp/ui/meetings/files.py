"""Saving documents for a meeting: asking where (a method tests replace, since the system's
file dialog is modal), and writing PDFs and calendar files on the worker."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from hubapp.ui.context import AppContext
from hubapp.ui.printing import write_pdf


def safe_file_name(text: str) -> str:
    return re.sub(r"[^\w\- ]+", "", text).strip().replace(" ", "-")[:80] or "meeting"


def ask_save_path(parent: QWidget, caption: str, suggested: str, pattern: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(Path.home() / suggested), pattern)
    return path


def ask_open_path(parent: QWidget, caption: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, caption, str(Path.home()))
    return path


def save_pdf_in_background(
    ctx: AppContext,
    html: str,
    path: str,
    title: str,
    *,
    done: Callable[[Path], None],
    failed: Callable[[Exception], None],
    parent: QWidget | None = None,
) -> None:
    ctx.tasks.run(
        lambda _p: write_pdf(html, Path(path), title=title),
        on_success=done,
        on_failure=failed,
        label=QCoreApplication.translate("meetings", "Writing the PDF…"),
        parent=parent,
    )
