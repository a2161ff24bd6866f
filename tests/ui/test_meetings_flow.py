"""A whole meeting run through the meeting screens, as a clerk would: schedule it, build the
agenda, take the register, hit and lose the quorum, record a declaration, a motion with an
amendment, a recorded vote and a casting vote, generate the minutes, approve and lock them.
Real widgets, a real database, the real background worker."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QComboBox

from hubapp.models.database import Database
from hubapp.services.meetings import approval
from hubapp.services.meetings.guards import MinutesLocked
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.meetings import MeetingsPage, files
from tests.meetings.council import Council, make_council


@pytest.fixture
def council(db: Database, admin: SignedInStaff) -> Council:
    return make_council(db, admin)


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> MeetingsPage:
    widget = MeetingsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1190, 740)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.list.has_loaded)
    return widget


def settle(qtbot: Any, ctx: AppContext) -> None:
    """Waits for the worker to finish every write and the re-reads that follow."""
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)


def choose(combo: QComboBox, value: object) -> None:
    """Picks an entry as the keyboard or mouse would (the screens listen to `activated`)."""
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def pick(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    # The system's save dialog is modal: answer it with `path`.
    monkeypatch.setattr(files, "ask_save_path", lambda *_a: str(path))


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_a_whole_meeting_through_the_screens(
    qtbot: Any,
    page: MeetingsPage,
    ctx: AppContext,
    council: Council,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    m, names = council.members, council.names
    later = council.meeting(datetime(2027, 5, 4, 19, 0))  # where the minutes are approved

    # -- schedule ---------------------------------------------------------------------------
    page.list.reload()
    settle(qtbot, ctx)
    qtbot.keyClick(page.list.new_button, Qt.Key.Key_Space)
    dialog = page.schedule_dialog
    assert dialog is not None and dialog.isVisible()
    form = dialog.form
    pick(form.group, council.group_id)
    settle(qtbot, ctx)
    assert form.chair.findData(m[0]) >= 0  # the chair is chosen from the group's members
    form.day.setDate(QDate(2027, 4, 6))
    form.starts.setTime(QTime(19, 0))
    assert form.ends.time() == QTime(21, 30)
    form.save()  # nowhere given: refused, next to the field, nothing lost
    settle(qtbot, ctx)
    assert form.fields["venue_id"].has_error and dialog.isVisible()
    assert form.day.date() == QDate(2027, 4, 6)
    qtbot.keyClicks(form.venue, "Village hall, Llanfair")
    form.clerk.setText("Bethan Rees")
    qtbot.keyClick(form.save_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    view = page.state.view
    assert view is not None and view.group_id == council.group_id
    assert view.chair_member_id == m[0] and view.venue_text == "Village hall, Llanfair"
    assert page.tabs.currentWidget() is page.agenda
    assert "Issue the summons by" in page.header.notice.text.text()
    qtbot.keyClick(page.header.issued_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert page.state.view.notice_issued_on == date.today()
    assert page.header.notice.kind == "success"
    meeting_id = view.id
    assert [i.standard_kind for i in view.items][:2] == ["apologies", "declarations"]

    # -- agenda -----------------------------------------------------------------------------
    agenda = page.agenda
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow())
    agenda.list.setFocus()
    for title in ("Bench for the green", "Public toilets: winter opening", "Village website"):
        qtbot.keyClick(agenda.list, Qt.Key.Key_Insert)
        assert agenda.title.hasFocus()
        qtbot.keyClicks(agenda.title, title)
        qtbot.keyClick(agenda.title, Qt.Key.Key_Return)
        settle(qtbot, ctx)
    titles = [i.title for i in page.state.view.items]
    assert titles[8:] == [
        "Bench for the green",
        "Public toilets: winter opening",
        "Village website",
    ]
    # "Any other business" is refused, next to the title, and the words stay.
    qtbot.keyClick(agenda.list, Qt.Key.Key_Insert)
    qtbot.keyClicks(agenda.title, "Any other business")
    qtbot.keyClick(agenda.title, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    assert agenda.fields["title"].has_error
    assert "any other business" in agenda.fields["title"].error.text()
    assert agenda.title.text() == "Any other business"
    # Alt+Up moves the toilets above the bench.
    agenda.list.setCurrentRow(9)
    agenda.list.setFocus()
    qtbot.keyClick(agenda.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, ctx)
    titles = [i.title for i in page.state.view.items]
    assert titles[8:10] == ["Public toilets: winter opening", "Bench for the green"]
    assert len(titles) == 11
    toilets, bench, website = 9, 10, 11

    ics = tmp_path / "meeting.ics"
    save_to(monkeypatch, ics)
    qtbot.keyClick(agenda.ics_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: agenda.last_saved == ics)
    event = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]
    assert str(event.get("summary")) == "Ordinary meeting of Llanfair Parish Council"
    assert event.decoded("dtstart").hour == 19
    assert "10. Bench for the green" in str(event.get("description"))

    summons = tmp_path / "summons.pdf"
    save_to(monkeypatch, summons)
    qtbot.keyClick(agenda.pdf_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: agenda.last_saved == summons, timeout=10_000)
    text = pdf_text(summons)
    assert "Llanfair Parish Council" in text and "10. Bench for the green" in text
    assert "summoned" in text

    # -- attendance: two present is not a quorum; everyone else makes one ---------------------
    page.tabs.setCurrentWidget(page.attendance)
    register = page.attendance
    for n in (0, 1):
        choose(register.rows[m[n]].status, "present")
        settle(qtbot, ctx)
    assert register.quorum.kind == "warning"
    assert "Not quorate" in register.quorum.text.text()
    choose(register.rows[m[6]].status, "apologies")
    settle(qtbot, ctx)
    line = register.rows[m[6]]
    assert line.reason.isEnabled()
    qtbot.keyClicks(line.reason, "On holiday")
    line.reason.editingFinished.emit()
    settle(qtbot, ctx)
    choose(line.accepted, True)
    settle(qtbot, ctx)
    qtbot.keyClick(register.all_present, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert register.quorum.kind == "success"
    register.rows[m[5]].mode.click()  # Rhys joins remotely
    settle(qtbot, ctx)
    qtbot.keyClicks(register.officer_name, "Bethan Rees")
    qtbot.keyClicks(register.officer_post, "Clerk")
    qtbot.keyClick(register.officer_post, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    register.public.setValue(3)
    register.public.editingFinished.emit()
    settle(qtbot, ctx)
    rows = {r.member_id: r for r in page.state.view.attendance}
    assert rows[m[6]].status == "apologies" and rows[m[6]].apologies_reason == "On holiday"
    assert rows[m[6]].apologies_accepted is True
    assert rows[m[5]].mode == "remote"
    assert page.state.view.public_count == 3
    assert register.officers.item(0).text() == "Bethan Rees (Clerk)"
    # Four councillors leave before the last item: the meeting loses its quorum there.
    for n in (2, 3, 4, 5):
        spin = register.rows[m[n]].left
        spin.setValue(website)
        spin.editingFinished.emit()
        settle(qtbot, ctx)
    assert register.quorum.kind == "warning"
    assert "Not quorate at items 11" in register.quorum.text.text()

    # -- run the meeting --------------------------------------------------------------------
    page.tabs.setCurrentWidget(page.run)
    run = page.run
    run.go_to(website)
    assert run.quorum.kind == "error" and "Not quorate" in run.quorum.text.text()
    qtbot.keyClick(run, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert run.item is not None and run.item.number == bench
    assert run.quorum.kind == "success"

    # A pecuniary interest: Ffion leaves the bench vote.
    pick(run.declarer, m[4])
    pick(run.interest, "pecuniary")
    qtbot.keyClicks(run.interest_note, "Her firm quoted for the bench")
    qtbot.keyClick(run.interest_note, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    assert run.declarations.count() == 1
    assert names[m[4]] in run.declarations.item(0).text()

    run.notes.setFocus()
    qtbot.keyClicks(run.notes, "Two quotes were considered.")
    qtbot.keyClick(run.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, ctx)
    assert page.state.view.item(bench).notes == "Two quotes were considered."

    motions = run.motions
    assert motions.proposer.findData(m[4]) < 0  # declared pecuniary: cannot propose
    qtbot.keyClicks(motions.wording, "To buy one oak bench")
    pick(motions.proposer, m[1])
    pick(motions.seconder, m[2])
    qtbot.keyClick(motions.propose_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert motions.list.count() == 1 and motions.amend_button.isVisible()
    qtbot.keyClick(motions.amend_button, Qt.Key.Key_Space)
    assert motions.wording.toPlainText() == "To buy one oak bench"
    motions.wording.selectAll()
    qtbot.keyClicks(motions.wording, "To buy two oak benches")
    pick(motions.proposer, m[3])
    pick(motions.seconder, m[5])
    qtbot.keyClick(motions.propose_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert motions.list.count() == 2
    vote = motions.vote
    assert vote.motion is not None and vote.motion.is_amendment  # the amendment comes first
    vote.votes_for.setValue(3)
    vote.votes_against.setValue(2)
    qtbot.keyClick(vote.count_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert vote.motion is not None and not vote.motion.is_amendment
    # A recorded vote: Ffion is greyed out with the reason; the rest vote by name.
    qtbot.keyClick(vote.recorded_radio, Qt.Key.Key_Space)
    assert vote.method_stack.currentIndex() == 1
    assert m[4] not in vote.groups
    greyed = next(v for v in vote.voters if v.member_id == m[4])
    assert not greyed.may_vote and "pecuniary" in greyed.why_not
    for n, choice in ((0, "for"), (1, "for"), (2, "for"), (3, "against"), (5, "abstain")):
        vote.choose(m[n], choice)
    qtbot.keyClick(vote.close_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    bench_motion = next(
        x for x in page.state.view.motions if x.item_number == bench and not x.is_amendment
    )
    assert bench_motion.outcome == "carried" and bench_motion.vote_method == "recorded"
    assert bench_motion.text == "To buy two oak benches"
    assert bench_motion.minute_number == "26/1"
    assert "RESOLVED 26/1" in motions.list.item(0).text()

    # An action on the bench.
    qtbot.keyClicks(run.action_text, "Order the benches")
    pick(run.action_owner, m[1])
    run.set_due(date(2027, 5, 1))
    qtbot.keyClick(run.add_action_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert run.actions_list.count() == 1
    assert page.state.view.actions[0].due_on == date(2027, 5, 1)
    # Ticked done with the keyboard; a second action added by mistake is deleted.
    run.actions_list.setFocus()
    run.actions_list.setCurrentRow(0)
    qtbot.keyClick(run.actions_list, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert page.state.view.actions[0].status == "done"
    assert run.actions_list.item(0).checkState() == Qt.CheckState.Checked
    qtbot.keyClicks(run.action_text, "Order three benches")
    qtbot.keyClick(run.action_text, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    assert run.actions_list.count() == 2
    run.actions_list.setFocus()
    run.actions_list.setCurrentRow(1)
    qtbot.keyClick(run.actions_list, Qt.Key.Key_Delete)
    settle(qtbot, ctx)
    assert [a.description for a in page.state.view.actions] == ["Order the benches"]
    assert run.actions_list.count() == 1

    # A tie on the toilets, settled by the chair's casting vote.
    qtbot.keyClick(run, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert run.item is not None and run.item.number == toilets
    qtbot.keyClicks(motions.wording, "To open the toilets all winter")
    pick(motions.proposer, m[1])
    pick(motions.seconder, m[3])
    qtbot.keyClick(motions.propose_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    vote.votes_for.setValue(3)
    vote.votes_against.setValue(3)
    qtbot.keyClick(vote.count_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert vote.casting_row.isVisible() and "tied" in vote.casting.text.text()
    qtbot.keyClick(vote.casting_for, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    tie = next(x for x in page.state.view.motions if x.item_number == toilets)
    assert tie.outcome == "carried" and tie.casting_vote == "for"
    assert tie.minute_number == "26/2"

    # No business at the inquorate item: the service refuses, the banner says why.
    qtbot.keyClick(run, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(run, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert run.item is not None and run.item.number == website
    assert motions.proposer.count() == 3  # "Choose…" and the two still present
    qtbot.keyClicks(motions.wording, "To build a website")
    pick(motions.proposer, m[0])
    pick(motions.seconder, m[1])
    qtbot.keyClick(motions.propose_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    vote.votes_for.setValue(2)
    qtbot.keyClick(vote.count_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert page.problem.isVisible() and "Not quorate" in page.problem.text.text()

    # -- minutes ----------------------------------------------------------------------------
    page.tabs.setCurrentWidget(page.minutes)
    minutes = page.minutes
    qtbot.keyClick(minutes.generate_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    draft = minutes.editor.toPlainText()
    assert "RESOLVED (as amended) (26/1): To buy two oak benches" in draft
    assert "casting vote for" in draft and "(26/2)" in draft
    assert "declared a disclosable pecuniary interest" in draft
    minutes.editor.moveCursor(minutes.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(minutes.editor, "The meeting closed at 21:05.")
    qtbot.keyClick(minutes.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, ctx)
    assert page.state.view.minutes_text.endswith("The meeting closed at 21:05.")
    assert minutes.approve_at.findData(later) >= 0
    pick(minutes.approve_at, later)
    qtbot.keyClick(minutes.approve_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)

    # Locked: the banner says so, the editor is read-only, and the service refuses.
    assert page.state.view.locked
    assert minutes.status.kind == "locked" and "locked" in minutes.status.text.text()
    assert minutes.editor.isReadOnly() and not minutes.save_button.isEnabled()
    before = minutes.editor.toPlainText()
    minutes.editor.setFocus()
    qtbot.keyClicks(minutes.editor, "A silent edit")
    assert minutes.editor.toPlainText() == before
    with pytest.raises(MinutesLocked):
        approval.save_minutes_text(ctx.db, meeting_id, "changed", staff_user_id=ctx.staff_id)
    assert not run.declare_button.isEnabled() and run.notes.isReadOnly()
    assert not motions.isEnabled()
    # A correction is recorded as such.
    qtbot.keyClicks(minutes.correction, "Item 10: the benches are oak, not pine.")
    qtbot.keyClick(minutes.correct_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert "not pine" in minutes.corrections.item(0).text()
    assert get_meeting(ctx.db, meeting_id).minutes_text == before

    pdf = tmp_path / "minutes.pdf"
    save_to(monkeypatch, pdf)
    qtbot.keyClick(minutes.pdf_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: minutes.last_saved == pdf, timeout=10_000)
    text = pdf_text(pdf)
    assert "Llanfair Parish Council" in text
    assert "RESOLVED (as amended) (26/1): To buy two oak benches" in text
    assert "(26/2): To open the toilets all winter" in text
    assert "Approved as a correct record" in text
    assert "not pine" in text

    # The public summary, written from the record and saved.
    qtbot.keyClick(minutes.summary_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert "To buy two oak benches" in minutes.summary.toPlainText()
    qtbot.keyClick(minutes.save_summary_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert "What was decided" in page.state.view.public_summary
