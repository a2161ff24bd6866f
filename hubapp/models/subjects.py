"""Which tables hold rows about one member, and the column naming that member. Sync scopes
them (a hub holds a member's rows or none of them, sync/protocol.py) and erasure blanks them
(models/erasure.py)."""

from __future__ import annotations

# Member-scope tables and the column naming the member ("id": the row is the member).
MEMBER_TABLES = {
    "members": "id",
    "member_tags": "member_id",
    "consent_records": "member_id",
    "activities": "member_id",
    "group_memberships": "member_id",
    "expressions_of_interest": "member_id",
}
