"""Controlled vocabularies: the fixed choices stored as short strings in the database."""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    DESK = "desk"
    CLERK = "clerk"
    ADMIN = "admin"
    # A group's officer (a volunteer, not hub staff): their groups' ways to get involved only.
    ORGANISER = "organiser"


class Language(StrEnum):
    ENGLISH = "en"
    WELSH = "cy"


class GroupRole(StrEnum):
    MEMBER = "member"
    ORGANISER = "organiser"
    CHAIR = "chair"
    TREASURER = "treasurer"
    SECRETARY = "secretary"


class GroupKind(StrEnum):
    COMMUNITY_GROUP = "group"
    PARISH_COUNCIL = "parish_council"
    COMMUNITY_COUNCIL = "community_council"
    COMMITTEE = "committee"


class OrganisationKind(StrEnum):
    PUBLIC_BODY = "public_body"
    BUSINESS = "business"
    VOLUNTARY_BODY = "voluntary_body"


class TagKind(StrEnum):
    SKILL = "skill"
    INTEREST = "interest"


class ConsentPurpose(StrEnum):
    CONTACT_EMAIL = "contact_email"
    CONTACT_PHONE = "contact_phone"
    CONTACT_POST = "contact_post"
    SHARE_WITH_GROUPS = "share_with_groups"
    NEWSLETTER = "newsletter"
    PHOTOGRAPHS = "photographs"


class ConsentChannel(StrEnum):
    DESK = "desk"
    KIOSK = "kiosk"
    PAPER_FORM = "paper"
    PHONE = "phone"
    IMPORT = "import"


class MeetingType(StrEnum):
    ORDINARY = "ordinary"
    ANNUAL = "annual"
    EXTRAORDINARY = "extraordinary"
    ANNUAL_PARISH = "annual_parish"
    COMMITTEE = "committee"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class AttendanceMode(StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"


class AttendeeRole(StrEnum):
    MEMBER = "member"
    OFFICER = "officer"
    GUEST = "guest"


class InterestKind(StrEnum):
    PECUNIARY = "pecuniary"
    OTHER_REGISTRABLE = "other_registrable"
    NON_REGISTRABLE = "non_registrable"


class VoteMethod(StrEnum):
    SHOW_OF_HANDS = "show_of_hands"
    RECORDED = "recorded"


class VoteChoice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class MotionOutcome(StrEnum):
    PENDING = "pending"
    CARRIED = "carried"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class MinutesStatus(StrEnum):
    NONE = "none"
    DRAFT = "draft"
    APPROVED = "approved"


class FeedbackSubject(StrEnum):
    HUB = "hub"
    GROUP = "group"
    ORGANISATION = "organisation"


class ModerationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"


class ActivityKind(StrEnum):
    VOLUNTEERED = "volunteered"
    MEETING_ATTENDED = "meeting_attended"
    EVENT_ORGANISED = "event_organised"
    DONATED = "donated"
    OTHER = "other"


class LocationKind(StrEnum):
    HUB = "hub"
    VENUE = "venue"
    HOME = "home"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class DayPart(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
