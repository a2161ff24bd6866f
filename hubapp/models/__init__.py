"""The local schema: SQLAlchemy 2 typed models of every table a hub keeps."""

from hubapp.models.base import Base, Syncable, stable_id, utcnow, uuid7
from hubapp.models.changes import Change, ChangeStatus
from hubapp.models.engagement import (
    ExpressionOfInterest,
    Feedback,
    Opportunity,
    OpportunityTag,
    PostcodeDistrict,
)
from hubapp.models.groups import Group, GroupMembership, Organisation, Venue
from hubapp.models.hub import Hub, LocalSetting, StaffUser
from hubapp.models.meetings import (
    ActionItem,
    AgendaItem,
    Attendance,
    InterestDeclaration,
    Meeting,
    MinuteCorrection,
    Motion,
    Vote,
)
from hubapp.models.people import Activity, ConsentRecord, Member, MemberTag, Tag
from hubapp.models.sync_state import SyncConflict

__all__ = [
    "ActionItem",
    "Activity",
    "AgendaItem",
    "Attendance",
    "Base",
    "Change",
    "ChangeStatus",
    "ConsentRecord",
    "ExpressionOfInterest",
    "Feedback",
    "Group",
    "GroupMembership",
    "Hub",
    "InterestDeclaration",
    "LocalSetting",
    "Meeting",
    "Member",
    "MemberTag",
    "MinuteCorrection",
    "Motion",
    "Opportunity",
    "OpportunityTag",
    "Organisation",
    "PostcodeDistrict",
    "StaffUser",
    "SyncConflict",
    "Syncable",
    "Tag",
    "Venue",
    "Vote",
    "stable_id",
    "utcnow",
    "uuid7",
]
