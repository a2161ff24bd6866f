"""Likely duplicates of the person being typed into a member form, looked up a moment after the
librarian stops typing a name, email, phone or postcode (the desk and sign-up into a group)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from hubapp.services.duplicates import find_likely_duplicates
from hubapp.ui.context import AppContext
from hubapp.ui.members.member_form import MemberForm

DUPLICATE_CHECK_DELAY_MS = 150


class DuplicateWatch(QObject):
    found = Signal(list)  # list[DuplicateMatch]; empty when there is nothing to look up yet

    def __init__(self, ctx: AppContext, form: MemberForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DUPLICATE_CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        form.identity_edited.connect(self._timer.start)

    def stop(self) -> None:
        """Forget a check still waiting (saving makes its own)."""
        self._timer.stop()

    def check_now(self) -> None:
        self._timer.stop()
        probe = self.form.probe()
        if not (probe.email or probe.phone or probe.postcode):
            self.found.emit([])
            return
        # Indexed lookups on a handful of rows (0.7-1.8 ms at 100,000 members, p95 5.3 ms:
        # docs/benchmarks.md; WAL, so a background write never blocks it), once typing
        # pauses. So it runs here rather than queueing behind a long background job.
        with self.ctx.db.read() as session:
            matches = find_likely_duplicates(session, probe)
        self.found.emit(matches)
