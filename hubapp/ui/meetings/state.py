"""The open meeting, shared by its tabs: read on the worker, re-read after every change, and
one way to run a change so that a refusal is shown in words and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.meetings.views import MeetingView
from hubapp.ui.context import AppContext
from hubapp.ui.meetings.words import error_text, t


def problem_text(exc: Exception) -> str:
    """A service's refusal in the user's words; a validation's first problem on its own."""
    if isinstance(exc, ValidationFailed) and exc.problems:
        return error_text(next(iter(exc.problems.values())))
    if isinstance(exc, ServiceError):
        return error_text(str(exc))
    return t("That did not work. Nothing you typed has been lost; please try again.")


class MeetingState(QObject):
    changed = Signal(object)  # MeetingView
    problem = Signal(str)  # a refusal for the banner
    written = Signal()  # a change was saved (the list of meetings may need a refresh)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = ""
        self.view: MeetingView | None = None
        self._generation = 0

    def open(self, meeting_id: str) -> None:
        if meeting_id != self.meeting_id:
            self.view = None
        self.meeting_id = meeting_id
        self.reload()

    def reload(self) -> None:
        if not self.meeting_id:
            return
        self._generation += 1
        generation, db, meeting_id = self._generation, self.ctx.db, self.meeting_id
        self.ctx.tasks.run(
            lambda _p: get_meeting(db, meeting_id),
            on_success=lambda view: self._show(view, generation),
            on_failure=lambda exc: self.problem.emit(problem_text(exc)),
        )

    def _show(self, view: MeetingView, generation: int) -> None:
        if generation != self._generation or view.id != self.meeting_id:
            return  # an older answer, or another meeting was opened meanwhile
        self.view = view
        self.changed.emit(view)

    def write(
        self,
        work: Callable[[], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], bool] | None = None,
        say: str = "",
    ) -> None:
        """Runs `work` on the worker, then re-reads the meeting. `failed` may show a problem
        next to its field and return True; otherwise the problem goes to the banner."""

        def succeeded(result: Any) -> None:
            if done is not None:
                done(result)
            if say:
                self.ctx.events.notify.emit(say, None)
            self.written.emit()
            self.reload()

        def went_wrong(exc: Exception) -> None:
            if failed is None or not failed(exc):
                self.problem.emit(problem_text(exc))
            self.reload()

        self.ctx.tasks.run(lambda _p: work(), on_success=succeeded, on_failure=went_wrong)
