"""The groups screens: list, a group's page with its members, and the register-a-group form."""

from hubapp.ui.groups.page import GroupsPage

__all__ = ["GroupsPage"]
