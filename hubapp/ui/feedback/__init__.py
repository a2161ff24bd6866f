"""The Feedback section: moderating comments, reports per subject over time, and kiosk
sign-ups to review (staff screens; the kiosk's side is hubapp.ui.kiosk)."""

from hubapp.ui.feedback.page import FeedbackPage

__all__ = ["FeedbackPage"]
