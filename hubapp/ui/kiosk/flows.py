"""The four flows behind the start screen's choices, by key."""

from __future__ import annotations

from hubapp.ui.kiosk.checkin import CheckInFlow
from hubapp.ui.kiosk.feedback import FeedbackFlow
from hubapp.ui.kiosk.find import FindFlow
from hubapp.ui.kiosk.flow import Flow, KioskContext
from hubapp.ui.kiosk.join import JoinFlow


def make_flows(kiosk: KioskContext) -> dict[str, Flow]:
    return {
        "join": JoinFlow(kiosk),
        "find": FindFlow(kiosk),
        "feedback": FeedbackFlow(kiosk),
        "checkin": CheckInFlow(kiosk),
    }
