"""Loading what an import compares rows with: members by id, their tags, the tag vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import (
    Member,
    MemberTag,
    Tag,
)
from hubapp.models.people import fold
from hubapp.services.vocabulary import resolve_tag, slugify

# SQLite allows many more, but short IN lists keep each lookup on its index.
IN_CHUNK = 500


def in_chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(values)
    for start in range(0, len(items), IN_CHUNK):
        yield items[start : start + IN_CHUNK]


class TagLookup:
    """Skill and interest names to tag ids, by the rule of `vocabulary.resolve_tag` (English
    or Welsh name, or slug), loaded once; new free tags are made only when writing."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.keys: dict[tuple[str, str], str] = {}
        self.deleted: set[str] = set()
        # A sheet names the same few skills thousands of times: each name is looked up once.
        self.found: dict[tuple[str, str], str | None] = {}
        for t in session.execute(
            select(Tag.id, Tag.kind, Tag.slug, Tag.name, Tag.name_cy, Tag.deleted)
        ):
            self._remember(t.kind, t.id, t.slug, t.name, t.name_cy, t.deleted)

    def _remember(
        self, kind: str, ident: str, slug: str, name: str, name_cy: str | None, deleted: bool
    ) -> None:
        for key in (fold(name), fold(name_cy or ""), slug, "\x1f" + slug):
            if key:
                self.keys.setdefault((kind, key), ident)
        if deleted:
            self.deleted.add(ident)
        self.found.clear()

    def find(self, kind: str, text: str) -> str | None:
        if (kind, text) not in self.found:
            self.found[kind, text] = self.keys.get((kind, fold(text))) or self.keys.get(
                (kind, "\x1f" + slugify(text))
            )
        return self.found[kind, text]

    def resolve(self, kind: str, text: str) -> str:
        found = self.find(kind, text)
        if found is not None and found not in self.deleted:
            return found
        tag = resolve_tag(self.session, kind, text)  # adds a free tag, or restores one
        self.deleted.discard(tag.id)
        self._remember(kind, tag.id, tag.slug, tag.name, tag.name_cy, False)
        return tag.id


def load_members(session: Session, ids: set[str]) -> dict[str, Member]:
    found: dict[str, Member] = {}
    for chunk in in_chunks(ids):
        found.update((m.id, m) for m in session.scalars(select(Member).where(Member.id.in_(chunk))))
    return found


def tag_links(session: Session, ids: Iterable[str]) -> dict[tuple[str, str], set[str]]:
    """(member id, tag kind) -> the ids of their live tags."""
    links: dict[tuple[str, str], set[str]] = {}
    query = (
        select(MemberTag.member_id, Tag.kind, Tag.id)
        .join(Tag, Tag.id == MemberTag.tag_id)
        .where(MemberTag.deleted.is_(False))
    )
    for chunk in in_chunks(ids):
        for member_id, kind, tag_id in session.execute(query.where(MemberTag.member_id.in_(chunk))):
            links.setdefault((member_id, kind), set()).add(tag_id)
    return links
