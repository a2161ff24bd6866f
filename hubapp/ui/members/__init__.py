"""The desk (sign-up) and members screens."""

from hubapp.ui.members.desk import DeskPage
from hubapp.ui.members.members_page import MembersPage

__all__ = ["DeskPage", "MembersPage"]
