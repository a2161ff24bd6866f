"""Feedback: anonymous by default, repeat presses ignored, comments flagged and moderated,
reports with only approved comments, and the kiosk's list of subjects."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from hubapp.models import Change, Feedback
from hubapp.models.database import Database
from hubapp.services import feedback
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.feedback_flags import comment_flags
from tests.kiosk_services.conftest import Community

T0 = 1_000.0  # a monotonic clock reading, for the repeat-press rule


def test_feedback_is_anonymous_and_its_rating_counts_at_once(
    db: Database, community: Community
) -> None:
    feedback_id = feedback.submit_feedback(
        db, "hub", None, 5, reason="Friendly welcome", device_key="kiosk-1", now=T0
    )
    assert feedback_id is not None
    with db.read() as session:
        row = session.get(Feedback, feedback_id)
        assert row is not None
        assert row.member_id is None and row.subject_id == community.hub_id
        assert row.moderation_status == "approved"  # no words, nothing to moderate
        change = session.scalars(select(Change).where(Change.row_id == feedback_id)).one()
    assert change.staff_user_id is None and change.subject_id is None
    assert "device" not in str(change.fields)  # the device is not stored
    [summary] = feedback.feedback_summary(db, "hub")
    assert (summary.count, summary.average, summary.by_rating) == (1, 5.0, (0, 0, 0, 0, 1))


def test_rapid_repeat_presses_are_ignored(db: Database, community: Community) -> None:
    window = feedback.REPEAT_WINDOW_SECONDS
    first = feedback.submit_feedback(db, "hub", None, 4, device_key="kiosk-1", now=T0)
    assert first is not None
    assert feedback.submit_feedback(db, "hub", None, 4, device_key="kiosk-1", now=T0 + 1) is None
    # Another subject, or another kiosk, is not a repeat.
    group = feedback.submit_feedback(
        db, "group", community.gardening_club, 4, device_key="kiosk-1", now=T0 + 1
    )
    other = feedback.submit_feedback(db, "hub", None, 2, device_key="kiosk-2", now=T0 + 1)
    assert group is not None and other is not None
    later = feedback.submit_feedback(db, "hub", None, 3, device_key="kiosk-1", now=T0 + window)
    assert later is not None
    assert feedback.feedback_summary(db, "hub")[0].count == 3


def test_comments_are_flagged_for_abuse_and_personal_data() -> None:
    assert comment_flags("Lovely staff, thank you") == []
    assert comment_flags("This place is shit") == ["abuse"]
    assert comment_flags("Ring me on 07700 900123") == ["phone"]
    assert comment_flags("or +44 1550 720123") == ["phone"]
    assert comment_flags("write to sian@example.org") == ["email"]
    assert comment_flags("I live at SA20 0AB") == ["postcode"]
    assert comment_flags("The 280 bus at 10:15 on 3/4/2026 was late") == []


def test_moderation_queue_approve_hide_and_reply(db: Database, community: Community) -> None:
    kind, council = "public_body", community.council_body
    calm = feedback.submit_feedback(db, kind, council, 2, comment="Potholes again", now=T0)
    rude = feedback.submit_feedback(
        db, kind, council, 1, comment="Useless bastards, call 07700 900123", device_key="b", now=T0
    )
    assert calm and rude
    queue = feedback.moderation_queue(db)
    assert [i.id for i in queue] == [rude, calm]  # flagged first
    assert queue[0].flags == ("abuse", "phone")
    assert queue[0].subject_name == "Carmarthenshire County Council"
    assert queue[0].subject_kind == "public_body"
    summary = feedback.feedback_summary(db, kind, council)[0]
    assert summary.count == 2 and summary.comments == ()  # ratings count; words wait
    feedback.hide(db, rude, staff_user_id=community.staff_id)
    feedback.reply(db, calm, "Reported to the highways team.", staff_user_id=community.staff_id)
    assert feedback.moderation_queue(db) == []
    summary = feedback.feedback_summary(db, kind, council)[0]
    assert summary.count == 2 and summary.average == 1.5
    assert [(c.comment, c.reply) for c in summary.comments] == [
        ("Potholes again", "Reported to the highways team.")
    ]
    with db.read() as session:
        hidden = session.get(Feedback, rude)
        assert hidden is not None and hidden.moderation_status == "hidden"
        assert hidden.moderated_by == community.staff_id and hidden.moderated_at is not None
    with pytest.raises(ValidationFailed):
        feedback.reply(db, calm, "  ", staff_user_id=community.staff_id)
    with pytest.raises(NotFound):
        feedback.approve(db, "no-such-feedback", staff_user_id=community.staff_id)


def test_bad_feedback_is_refused_with_words(db: Database, community: Community) -> None:
    with pytest.raises(ValidationFailed) as failed:
        feedback.submit_feedback(db, "weather", None, 6, comment="x" * 3000)
    assert list(failed.value.problems) == ["subject_kind", "rating", "comment"]
    with pytest.raises(NotFound):
        feedback.submit_feedback(db, "group", "no-such-group", 3)
    with pytest.raises(NotFound):  # a public body is not a business
        feedback.submit_feedback(db, "business", community.council_body, 3)


def test_the_summary_goes_month_by_month(db: Database, community: Community) -> None:
    when = {
        datetime(2026, 9, 3, 10, tzinfo=UTC): 5,
        datetime(2026, 9, 20, 10, tzinfo=UTC): 3,
        datetime(2026, 10, 1, 10, tzinfo=UTC): 2,
    }
    ids = [
        feedback.submit_feedback(
            db, "group", community.gardening_club, rating, device_key=str(at), now=T0
        )
        for at, rating in when.items()
    ]
    with db.write() as session:
        for feedback_id, at in zip(ids, when, strict=True):
            row = session.get(Feedback, feedback_id)
            assert row is not None
            row.created_at = at
    [summary] = feedback.feedback_summary(db, "group", community.gardening_club)
    assert summary.subject_name == "Llandovery Gardening Club"
    assert [(m.month, m.count, m.average) for m in summary.months] == [
        (date(2026, 9, 1), 2, 4.0),
        (date(2026, 10, 1), 1, 2.0),
    ]
    october = feedback.feedback_summary(db, since=date(2026, 10, 1), until=date(2026, 10, 31))
    assert [(s.subject_kind, s.count) for s in october] == [("group", 1)]


def test_the_kiosk_lists_the_hub_groups_and_organisations(
    db: Database, community: Community
) -> None:
    subjects = feedback.feedback_subjects(db)
    assert [(s.kind, s.name) for s in subjects] == [
        ("hub", "Llandovery Library"),
        ("group", "Community Car Scheme"),
        ("group", "Llandovery Gardening Club"),
        ("public_body", "Carmarthenshire County Council"),
    ]
