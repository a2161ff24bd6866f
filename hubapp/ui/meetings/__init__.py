"""The meeting screens: schedule a meeting, build its agenda, take the register, run it item
by item, and turn what was recorded into minutes that are approved and locked."""

from hubapp.ui.meetings.page import MeetingsPage

__all__ = ["MeetingsPage"]
