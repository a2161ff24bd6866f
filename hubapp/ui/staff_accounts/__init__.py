"""Staff accounts in Settings, and the words for staff roles."""

from hubapp.ui.staff_accounts.accounts import StaffAccounts
from hubapp.ui.staff_accounts.words import role_label

__all__ = ["StaffAccounts", "role_label"]
