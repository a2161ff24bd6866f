"""The import's fast id makers agree with the models' own: time-ordered UUID v7 for members,
and the stable UUID v5 that every hub computes for a member's skill or interest link."""

from __future__ import annotations

import uuid

from hubapp.models import stable_id, uuid7
from hubapp.services.csv_import.inserting import link_id, new_ids


def test_new_ids_are_distinct_version_7_uuids_of_now() -> None:
    ids = new_ids(5_000)
    assert len(set(ids)) == 5_000
    for text in ids[:500]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
    made_ms = int(ids[0].replace("-", "")[:12], 16)
    now_ms = int(uuid7().replace("-", "")[:12], 16)
    assert 0 <= now_ms - made_ms < 60_000


def test_link_id_is_the_stable_id_every_hub_computes() -> None:
    for i in range(200):
        member = str(uuid.uuid4())
        tag = stable_id("tag", "skill", f"skill-{i}")
        assert link_id(member, tag) == stable_id("member_tag", member, tag)
