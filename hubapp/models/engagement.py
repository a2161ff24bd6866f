"""Ways to get involved, interest shown in them, feedback, and postcode reference data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hubapp.models.base import Base, Syncable


class Opportunity(Syncable, Base):
    __tablename__ = "opportunities"

    hub_id: Mapped[str | None] = mapped_column(ForeignKey("hubs.id"), index=True)
    group_id: Mapped[str | None] = mapped_column(ForeignKey("groups.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    one_off_at: Mapped[datetime | None] = mapped_column()
    # {"days": ["tue", "thu"], "start": "10:00", "end": "12:00"} for a regular slot (times
    # optional); older rows may hold {"tue": ["morning"], ...} like Member.availability.
    recurrence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    location_kind: Mapped[str] = mapped_column(String(20), default="hub")
    venue_id: Mapped[str | None] = mapped_column(ForeignKey("venues.id"))
    postcode: Mapped[str | None] = mapped_column(String(8))
    step_free: Mapped[bool] = mapped_column(default=False)
    transport_available: Mapped[bool] = mapped_column(default=False)
    suitable_under_18: Mapped[bool] = mapped_column(default=False)
    welsh_needed: Mapped[bool] = mapped_column(default=False)
    time_commitment: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)


class OpportunityTag(Syncable, Base):
    """A skill or interest an opportunity wants or suits. Id is stable (opportunity + tag)."""

    __tablename__ = "opportunity_tags"

    opportunity_id: Mapped[str] = mapped_column(ForeignKey("opportunities.id"), index=True)
    tag_id: Mapped[str] = mapped_column(ForeignKey("tags.id"), index=True)


class ExpressionOfInterest(Syncable, Base):
    __tablename__ = "expressions_of_interest"

    opportunity_id: Mapped[str] = mapped_column(ForeignKey("opportunities.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), index=True)
    # A kiosk visitor who is not a member leaves a name and an email or phone number.
    visitor_name: Mapped[str | None] = mapped_column(String(200))
    visitor_contact: Mapped[str | None] = mapped_column(String(254))
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new")
    channel: Mapped[str] = mapped_column(String(20), default="desk")


class Feedback(Syncable, Base):
    """Quick feedback. Anonymous unless `member_id` is set on purpose."""

    __tablename__ = "feedback"

    hub_id: Mapped[str | None] = mapped_column(ForeignKey("hubs.id"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str | None] = mapped_column(String(36), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(80))
    comment: Mapped[str | None] = mapped_column(Text)
    moderation_status: Mapped[str] = mapped_column(String(20), default="pending")
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reply: Mapped[str | None] = mapped_column(Text)
    # Who last approved, hid or replied to it, and when.
    moderated_by: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    moderated_at: Mapped[datetime | None] = mapped_column()
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    channel: Mapped[str] = mapped_column(String(20), default="kiosk")
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"))

    # Covers the feedback reports (per subject, month by month) without reading the rows.
    __table_args__ = (
        Index(
            "ix_feedback_subject_time", "subject_kind", "subject_id", "created_at", "rating",
            "deleted",
        ),
    )  # fmt: skip


# The local setting naming the version of the postcode districts held: "sample" (shipped
# with hubapp) or the server's version number (docs/reference-data.md).
POSTCODE_DISTRICTS_VERSION_SETTING = "reference.postcode_districts.version"


class PostcodeDistrict(Base):
    """Reference data: the centroid of a postcode district ("SA19"), for offline distances."""

    __tablename__ = "postcode_districts"

    district: Mapped[str] = mapped_column(String(4), primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
