"""Skills and interests: a shipped controlled vocabulary (English and Welsh) plus free tags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import Tag, stable_id
from hubapp.models.people import fold
from hubapp.models.vocab import TagKind

SKILLS: list[tuple[str, str, str]] = [
    ("gardening", "Gardening", "Garddio"),
    ("driving", "Driving", "Gyrru"),
    ("cooking", "Cooking", "Coginio"),
    ("first-aid", "First aid", "Cymorth cyntaf"),
    ("it-support", "Computers and IT help", "Cymorth cyfrifiadurol"),
    ("accounts", "Bookkeeping and accounts", "Cadw cyfrifon"),
    ("fundraising", "Fundraising", "Codi arian"),
    ("event-planning", "Organising events", "Trefnu digwyddiadau"),
    ("diy", "DIY and repairs", "Gwaith trwsio"),
    ("teaching", "Teaching and tutoring", "Addysgu"),
    ("welsh-language", "Speaking Welsh", "Siarad Cymraeg"),
    ("befriending", "Befriending", "Cyfeillio"),
    ("social-media", "Social media", "Cyfryngau cymdeithasol"),
    ("writing", "Writing and newsletters", "Ysgrifennu"),
    ("photography", "Photography", "Ffotograffiaeth"),
    ("minute-taking", "Minute taking", "Cofnodi cyfarfodydd"),
    ("legal", "Legal knowledge", "Gwybodaeth gyfreithiol"),
    ("music", "Music", "Cerddoriaeth"),
]

INTERESTS: list[tuple[str, str, str]] = [
    ("environment", "Environment and nature", "Yr amgylchedd a natur"),
    ("older-people", "Supporting older people", "Cefnogi pobl hŷn"),
    ("young-people", "Young people", "Pobl ifanc"),
    ("arts", "Arts and crafts", "Celf a chrefft"),
    ("sport", "Sport and fitness", "Chwaraeon a ffitrwydd"),
    ("heritage", "Local history and heritage", "Hanes lleol a threftadaeth"),
    ("food", "Food and community meals", "Bwyd a phrydau cymunedol"),
    ("transport", "Community transport", "Trafnidiaeth gymunedol"),
    ("local-democracy", "Local democracy", "Democratiaeth leol"),
    ("reading", "Reading and libraries", "Darllen a llyfrgelloedd"),
    ("mental-health", "Wellbeing and mental health", "Lles ac iechyd meddwl"),
    ("animals", "Animals", "Anifeiliaid"),
    ("growing", "Growing food", "Tyfu bwyd"),
    ("digital-inclusion", "Getting people online", "Cynhwysiant digidol"),
    ("welsh-culture", "Welsh language and culture", "Iaith a diwylliant Cymru"),
    ("housing", "Housing", "Tai"),
]


@dataclass(frozen=True)
class TagChoice:
    id: str
    kind: str
    slug: str
    name: str
    name_cy: str | None
    controlled: bool


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def tag_id(kind: str, slug: str) -> str:
    return stable_id("tag", kind, slug)


def ensure_vocabulary(session: Session) -> None:
    """Adds any shipped vocabulary tag this database lacks (idempotent)."""
    existing = set(session.scalars(select(Tag.id)))
    for kind, entries in ((TagKind.SKILL, SKILLS), (TagKind.INTEREST, INTERESTS)):
        for slug, name, name_cy in entries:
            ident = tag_id(kind, slug)
            if ident not in existing:
                session.add(
                    Tag(id=ident, kind=kind, slug=slug, name=name, name_cy=name_cy, controlled=True)
                )


def list_tags(session: Session, kind: str) -> list[TagChoice]:
    rows = session.scalars(
        select(Tag).where(Tag.kind == kind, Tag.deleted.is_(False)).order_by(Tag.name)
    )
    return [TagChoice(t.id, t.kind, t.slug, t.name, t.name_cy, t.controlled) for t in rows]


def resolve_tag(session: Session, kind: str, text: str) -> Tag:
    """The tag a typed name means: a vocabulary entry (by English or Welsh name, or slug) or
    else a new free tag."""
    wanted = fold(text)
    slug = slugify(text)
    for tag in session.scalars(select(Tag).where(Tag.kind == kind)):
        if wanted in (fold(tag.name), fold(tag.name_cy or ""), tag.slug) or slug == tag.slug:
            if tag.deleted:
                tag.deleted = False
            return tag
    tag = Tag(id=tag_id(kind, slug), kind=kind, slug=slug, name=text.strip(), controlled=False)
    session.add(tag)
    return tag
