"""One way to run work off the GUI thread (after Anki's CollectionOp): a plain function that
may report progress and honour cancel, plus callbacks delivered back on the GUI thread.
Jobs run one at a time on a single worker, so background writes never race each other.
A progress dialog appears only if a job with a label takes longer than half a second."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from hubapp.services.errors import ServiceError

T = TypeVar("T")
log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


class Cancelled(Exception):
    """Raised inside a job (by Progress.check) when the user pressed Cancel."""


class Progress:
    """Handed to a job: `report(done, total, what)`, and `check()` to stop if cancelled."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def report(self, done: int, total: int, what: str = "") -> None:
        self._emit(done, total, what)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def __call__(self, done: int, total: int, what: str = "") -> None:
        """So a Progress can be passed where services expect a progress callback."""
        self.check()
        self.report(done, total, what)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class Task(QRunnable, Generic[T]):
    def __init__(self, fn: Callable[[Progress], T]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = _Signals()
        self.progress = Progress(self.signals.progressed.emit)
        self.done = False

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except Exception as exc:  # delivered to the failure callback on the GUI thread
            if isinstance(exc, ServiceError | Cancelled):
                # Expected outcomes whose words may quote what was typed: log the kind only.
                log.info("background job ended: %s", type(exc).__name__)
            else:
                log.exception("background job failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Owns the worker. `synchronous=True` runs jobs inline (for quick unit tests)."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.synchronous = synchronous
        self._running: set[Task[Any]] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        fn: Callable[[Progress], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        label: str | None = None,
        parent: QWidget | None = None,
    ) -> Task[T]:
        task: Task[T] = Task(fn)
        dialog: list[QProgressDialog] = []
        timer = QTimer(self)
        timer.setSingleShot(True)

        def show_dialog() -> None:
            if task.done or label is None:
                return
            box = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
            box.setWindowTitle(label)
            box.setMinimumDuration(0)
            box.setAccessibleName(label)
            box.canceled.connect(task.progress.cancel)
            box.show()
            dialog.append(box)

        def on_progress(done: int, total: int, what: str) -> None:
            if dialog:
                dialog[0].setMaximum(max(total, 0))
                dialog[0].setValue(min(done, total) if total else 0)
                if what:
                    dialog[0].setLabelText(what)

        def finish() -> None:
            task.done = True
            timer.stop()
            if dialog:
                dialog[0].close()
                dialog[0].deleteLater()
            self._running.discard(task)

        @Slot(object)
        def succeeded(result: Any) -> None:
            finish()
            if on_success is not None:
                on_success(result)

        @Slot(object)
        def failed(exc: Exception) -> None:
            finish()
            if on_failure is not None:
                on_failure(exc)
            elif not isinstance(exc, Cancelled):
                raise exc

        task.signals.finished.connect(succeeded)
        task.signals.failed.connect(failed)
        task.signals.progressed.connect(on_progress)
        self._running.add(task)
        if self.synchronous:
            task.run()
        else:
            timer.timeout.connect(show_dialog)
            timer.start(PROGRESS_DELAY_MS)
            self.pool.start(task)
        return task

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
