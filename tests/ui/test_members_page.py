"""The members screen: finding people by typing, the lazy table, a member's page, editing,
deleting with Undo and withdrawing consent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from hubapp.models.database import Database
from hubapp.services import groups as group_service
from hubapp.services import members as member_service
from hubapp.services.member_profile import get_member_profile
from hubapp.services.member_search import members_count
from hubapp.services.members import MemberDetails
from hubapp.services.seeding import seed_members
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.members import MembersPage
from hubapp.ui.members.member_model import PAGE_SIZE


def sign_up(db: Database, first: str, last: str, **more: object) -> str:
    details = MemberDetails(first_name=first, last_name=last, **more)  # type: ignore[arg-type]
    return member_service.sign_up_member(
        db, details, staff_user_id=None, confirmed_different=True
    ).id


@pytest.fixture
def people(ctx: AppContext) -> dict[str, str]:
    return {
        "sian": sign_up(ctx.db, "Siân", "Llewellyn", email="sian@example.org",
                        phone="07700 900123", postcode="SA19 6AB",
                        consents={"contact_email": True}),
        "jon": sign_up(ctx.db, "Jon", "Jones", postcode="SA20 0AB", skills=["Driving"]),
        "gwen": sign_up(ctx.db, "Gwenllïan", "ap Dafydd", email="gwen@example.net"),
    }  # fmt: skip


def open_page(qtbot, ctx: AppContext) -> MembersPage:  # type: ignore[no-untyped-def]
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.resize(1180, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.list.shown_generation == page.list.generation)
    return page


@pytest.fixture
def page(qtbot, ctx: AppContext, people: dict[str, str]) -> Iterator[MembersPage]:  # type: ignore[no-untyped-def]
    yield open_page(qtbot, ctx)


def shown_names(page: MembersPage) -> list[str]:
    model = page.list.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_lists_everyone_with_a_count(page: MembersPage) -> None:
    assert shown_names(page) == ["Gwenllïan ap Dafydd", "Jon Jones", "Siân Llewellyn"]
    assert page.list.count.text() == "3 members"
    assert page.list.model.index(2, 3).data() == "07700 900123"  # phone in national format


def test_find_a_member_by_typing_and_open_them(
    qtbot, page: MembersPage, people: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    page.list.search.setFocus()
    with qtbot.waitSignal(page.list.searched):
        qtbot.keyClicks(page.list.search, "sian")  # no accent needed
    assert shown_names(page) == ["Siân Llewellyn"]
    assert page.list.count.text() == "1 of 3 members"
    assert page.list.delegate.typed == "sian"  # the cells mark what matched
    qtbot.keyClick(page.list.search, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.profile
    assert page.profile.title.text() == "Siân Llewellyn"
    # Back, and the search is still there.
    qtbot.keyClick(page.profile.edit, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.stack.currentWidget() is page.list
    assert page.list.search.text() == "sian"


def test_search_by_postcode_phone_and_email(qtbot, page: MembersPage) -> None:  # type: ignore[no-untyped-def]
    for typed, expected in (
        ("sa20", ["Jon Jones"]),
        ("07700 900", ["Siân Llewellyn"]),
        ("gwen@", ["Gwenllïan ap Dafydd"]),
        ("nobody", []),
    ):
        with qtbot.waitSignal(page.list.searched):
            page.list.search.setText(typed)
        assert shown_names(page) == expected, typed
    assert page.list.stack.currentWidget() is page.list.no_match
    page.list.no_match.button.click()
    qtbot.waitUntil(lambda: len(shown_names(page)) == 3)


def test_filters_and_sorting(
    qtbot, ctx: AppContext, people: dict[str, str], admin: SignedInStaff
) -> None:  # type: ignore[no-untyped-def]
    group = group_service.register_group(
        ctx.db, group_service.GroupDetails(name="Repair Café"), staff_user_id=admin.id
    )
    group_service.enlist_member(ctx.db, group.id, people["gwen"], staff_user_id=admin.id)
    page = open_page(qtbot, ctx)
    lst = page.list
    with qtbot.waitSignal(lst.searched):
        lst.group_filter.setCurrentIndex(lst.group_filter.findData(group.id))
    assert shown_names(page) == ["Gwenllïan ap Dafydd"]
    with qtbot.waitSignal(lst.searched):
        lst.group_filter.setCurrentIndex(0)
    driving = next(i for i in range(lst.tag_filter.count())
                   if lst.tag_filter.itemText(i).startswith("Driving"))  # fmt: skip
    with qtbot.waitSignal(lst.searched):
        lst.tag_filter.setCurrentIndex(driving)
    assert shown_names(page) == ["Jon Jones"]
    with qtbot.waitSignal(lst.searched):
        lst.tag_filter.setCurrentIndex(0)
    with qtbot.waitSignal(lst.searched):
        lst.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert shown_names(page) == ["Siân Llewellyn", "Jon Jones", "Gwenllïan ap Dafydd"]


def test_open_member_from_anywhere(
    page: MembersPage, ctx: AppContext, people: dict[str, str]
) -> None:
    ctx.events.open_member.emit(people["jon"])
    assert page.stack.currentWidget() is page.profile
    assert page.profile.title.text() == "Jon Jones"


def test_lazy_model_reads_only_the_rows_it_shows(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    seed_members(ctx.db, 3000)
    page = open_page(qtbot, ctx)
    model = page.list.model
    assert model.rowCount() == 3000
    page.list.table.viewport().repaint()  # paints now: no background job is running
    assert 0 < model.rows_fetched <= PAGE_SIZE
    # Jumping to the end reads the last page or two, not the 2,900 rows in between.
    page.list.table.scrollToBottom()
    page.list.table.viewport().repaint()
    assert model.rows_fetched <= 3 * PAGE_SIZE
    assert model.index(2999, 0).data()
    assert page.list.count.text() == "3,000 members"


def test_a_broad_search_shows_its_first_page_then_the_rest(
    qtbot, ctx: AppContext, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from hubapp.services import member_search
    from hubapp.ui.members import member_list

    # As if "s" matched 60,000 members: the first page comes at once, the rest after.
    monkeypatch.setattr(member_search, "WALK_ABOVE", 1)
    monkeypatch.setattr(member_list, "FIRST_KEYS", 1)
    page = open_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.list.model.complete)
    # What each shown result was for (a refresh of the empty search may still land first).
    shown: list[tuple[str, int, bool]] = []
    page.list.searched.connect(
        lambda: shown.append(
            (page.list.delegate.typed, page.list.model.rowCount(), page.list.model.complete)
        )
    )
    page.list.search.setText("s")
    qtbot.waitUntil(lambda: any(text == "s" for text, _, _ in shown), timeout=10_000)
    # The first page came alone, and the count was right from the start.
    assert next((n, done) for text, n, done in shown if text == "s") == (2, False)
    qtbot.waitUntil(lambda: page.list.model.complete, timeout=10_000)
    assert shown_names(page) == ["Jon Jones", "Siân Llewellyn"]  # SA20 0AB; Siân
    assert page.list.count.text() == "2 of 3 members"


def test_delete_asks_once_and_undo_brings_them_back(
    qtbot, page: MembersPage, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    notices: list[tuple[str, object]] = []
    ctx.events.notify.connect(lambda text, undo: notices.append((text, undo)))
    with qtbot.waitSignal(page.list.searched):
        page.list.search.setText("jon")
    qtbot.keyClick(page.list.search, Qt.Key.Key_Down)  # to the results
    assert page.focusWidget() is page.list.table

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "Jon Jones" in box.text()
        box.defaultButton().click()  # "Delete"

    QTimer.singleShot(0, confirm)
    with qtbot.waitSignal(page.list.searched, timeout=10_000):
        qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)
    assert shown_names(page) == []
    with ctx.db.read() as session:
        assert members_count(session) == 2
    text, undo = notices[-1]
    assert text == "Jon Jones deleted"
    with qtbot.waitSignal(page.list.searched, timeout=10_000):
        undo()  # type: ignore[operator]
    assert shown_names(page) == ["Jon Jones"]


def test_cancelling_the_question_deletes_nothing(qtbot, page: MembersPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page.list.table.setCurrentIndex(page.list.model.index(0, 0))
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)
    with ctx.db.read() as session:
        assert members_count(session) == 3


def test_member_page_shows_groups_consent_and_history(
    qtbot, ctx: AppContext, people: dict[str, str], admin: SignedInStaff
) -> None:  # type: ignore[no-untyped-def]
    group = group_service.register_group(
        ctx.db, group_service.GroupDetails(name="Repair Café"), staff_user_id=admin.id
    )
    group_service.enlist_member(ctx.db, group.id, people["sian"], "organiser",
                                staff_user_id=admin.id)  # fmt: skip
    page = open_page(qtbot, ctx)
    page.show_member(people["sian"])
    texts = [w.text() for kind in (QLabel, QPushButton) for w in page.profile.findChildren(kind)]
    assert "Repair Café" in texts
    assert any(t.startswith("Organiser") for t in texts)
    assert "✓ Given" in texts
    assert any(t.startswith("Signed up") for t in texts)


def test_withdraw_consent_is_one_action(
    qtbot, page: MembersPage, ctx: AppContext, people: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    page.show_member(people["sian"])
    withdraw = next(b for b in page.profile.findChildren(QPushButton) if b.text() == "Withdraw")
    with qtbot.waitSignal(ctx.events.members_changed, timeout=10_000):
        withdraw.click()
    profile = get_member_profile(ctx.db, people["sian"])
    assert not profile.consents["contact_email"].granted
    assert profile.history[0].what == "Consent withdrawn"
    # The page shows it at once, and there is nothing left to withdraw.
    qtbot.waitUntil(
        lambda: not any(b.text() == "Withdraw" for b in page.profile.findChildren(QPushButton)
                        if b.isVisible())
    )  # fmt: skip


def test_edit_saves_only_what_changed(
    qtbot, page: MembersPage, ctx: AppContext, people: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    page.show_member(people["jon"])
    qtbot.keyClick(page.profile.edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.stack.currentWidget() is page.editor
    form = page.editor.form
    assert form.edits["postcode"].text() == "SA20 0AB"
    phone = form.edits["phone"]
    phone.setFocus()
    qtbot.keyClicks(phone, "0155O")  # a letter O for a zero: caught as they leave
    with qtbot.waitSignal(page.editor.saved, raising=False, timeout=300) as blocked:
        qtbot.keyClick(phone, Qt.Key.Key_Return)
    assert not blocked.signal_triggered
    assert form.fields["phone"].has_error and page.focusWidget() is phone
    phone.clear()
    qtbot.keyClicks(phone, "01550 720123")
    with qtbot.waitSignal(page.editor.saved, timeout=10_000):
        qtbot.keyClick(phone, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.profile
    entry = get_member_profile(ctx.db, people["jon"]).history[0]
    assert (entry.what, entry.fields) == ("Changed details", ("phone",))


def test_empty_hub_offers_to_sign_up_the_first_member(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    assert page.list.stack.currentWidget() is page.list.empty
    assert page.list.toolbar.isHidden()
    with qtbot.waitSignal(page.sign_up_requested):
        page.list.empty.button.click()


def test_a_new_member_appears_without_reopening(qtbot, page: MembersPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    sign_up(ctx.db, "Aled", "Evans", postcode="SA19 6AA")
    with qtbot.waitSignal(page.list.searched):
        ctx.events.members_changed.emit()
    assert shown_names(page)[1] == "Aled Evans"  # by surname: ap Dafydd, Evans, Jones...
    assert page.list.count.text() == "4 members"
