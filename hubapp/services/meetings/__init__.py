"""Meetings from summons to signed minutes: scheduling, agenda, notice, attendance, quorum,
declarations, motions and votes, actions, minutes and the six-month attendance rule.

Every function takes a `Database`; writes also take `staff_user_id`. Results are frozen
dataclasses (`hubapp.services.meetings.views`), never live ORM rows."""
