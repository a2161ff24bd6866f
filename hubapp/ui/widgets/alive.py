"""Answers from background jobs for a widget that may have gone meanwhile (its screen
closed while the job ran): delivered only while the widget still exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

T = TypeVar("T")


def while_alive(widget: QWidget, callback: Callable[[T], Any]) -> Callable[[T], None]:
    def deliver(result: T) -> None:
        if isValid(widget):
            callback(result)

    return deliver
