"""The main window with its real pages: links between sections work end to end."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from hubapp.ui.app import build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.members.members_page import MembersPage


def test_empty_members_list_offers_sign_up_which_opens_the_desk(
    qtbot: Any, ctx: AppContext
) -> None:
    window = build_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_section("members")
    page = window.page_by_key["members"]
    assert isinstance(page, MembersPage)
    button = page.list.empty.button
    qtbot.waitUntil(button.isVisible)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_section() == "desk"
