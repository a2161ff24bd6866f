"""Generating many realistic members fast, for benchmarks and the demo.

Rows go in through bulk inserts (one executemany per table and chunk, each chunk one
transaction), not the ORM one row at a time, yet carry every column the ORM would set:
time-ordered ids, UTC timestamps stored naive as UTCDateTime does, tombstone flag, origin
hub, the insert's clock stamp and the sort key. With `journal=True` (the default) every row
also gets the `changes` entry ChangeCapture would write, in the same transaction: seeded
members then look exactly like members signed up at the desk and not yet synced, which is
what a sync benchmark needs. `journal=False` is for measuring search on a bare table.
"""

from __future__ import annotations

import itertools
import json
import operator
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Connection, Table, func, select

from hubapp.models import Change, ConsentRecord, Hub, Member, MemberTag
from hubapp.models.base import INSERT_STAMP_KEY, UTCDateTime
from hubapp.models.changes import ChangeStatus
from hubapp.models.database import Database
from hubapp.models.vocab import ConsentChannel, ConsentPurpose
from hubapp.services import fake_people as fake
from hubapp.services.bulk_rows import (
    SearchIndexFill,
    cached_sort_key,
    fast_stable_id,
    journalled_columns,
    save_clock,
)
from hubapp.services.consent import PRIVACY_NOTICE_VERSION
from hubapp.services.vocabulary import INTERESTS, SKILLS, ensure_vocabulary, tag_id

Progress = Callable[[int, int, str], None]
CHUNK = 5_000
SEEDED_HUB_NAME = "Seeded hub"


@dataclass(frozen=True)
class _TableSpec:
    """How one table's rows are written: the INSERT, its JSON columns, its journal fields."""

    name: str
    sql: str
    values: Callable[[dict[str, Any]], tuple[Any, ...]]
    json_columns: tuple[str, ...]
    time_columns: tuple[str, ...]
    fields: tuple[str, ...]
    subject: str

    @classmethod
    def of(cls, model: type[Any], subject: str) -> _TableSpec:
        table = model.__table__
        assert isinstance(table, Table)
        columns = [c for c in table.columns if not (c.primary_key and c.autoincrement is True)]
        names = [c.name for c in columns]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        fields = tuple(journalled_columns(model)[0])
        json_columns = tuple(c.name for c in columns if isinstance(c.type, JSON))
        time_columns = tuple(
            c.name for c in columns if isinstance(c.type, UTCDateTime) and c.name in fields
        )
        values = operator.itemgetter(*names)
        return cls(table.name, sql, values, json_columns, time_columns, fields, subject)


_MEMBERS = _TableSpec.of(Member, "id")
_TAGS = _TableSpec.of(MemberTag, "member_id")
_CONSENTS = _TableSpec.of(ConsentRecord, "member_id")
# The journal's columns, in the order its rows are built below (checked against the model,
# so a new column cannot be silently left empty).
_CHANGE_COLUMNS = (
    "change_id", "table_name", "row_id", "subject_id", "op", "fields", "hlc", "origin",
    "status", "staff_user_id", "attempts", "last_error", "created_at",
)  # fmt: skip
assert set(_CHANGE_COLUMNS) == {c.name for c in Change.__table__.columns} - {"seq"}
_CHANGES_SQL = (
    f"INSERT INTO changes ({', '.join(_CHANGE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _CHANGE_COLUMNS)})"
)


@dataclass
class SeedReport:
    hub_id: str
    member_ids: list[str] = field(default_factory=list)
    tag_links: int = 0
    consents: int = 0
    journal_entries: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.member_ids) / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"Seeded {len(self.member_ids):,} members in {self.seconds:.1f} s "
            f"({self.rate:,.0f} members a second), with {self.tag_links:,} skills and "
            f"interests, {self.consents:,} consent records and {self.journal_entries:,} "
            "journal entries."
        )


def ensure_hub(db: Database, name: str = SEEDED_HUB_NAME) -> str:
    """This database's hub, created (without staff) if there is none yet; also makes sure
    the shipped skills and interests exist, since seeded members link to them."""
    if db.hub_id is not None:
        with db.write() as session:
            ensure_vocabulary(session)
        return db.hub_id
    with db.write() as session:
        hub = Hub(name=name)
        session.add(hub)
        session.flush()
        hub.origin_hub_id = hub.id
        db.hub_id = hub.id
        ensure_vocabulary(session)
        hub_id = hub.id
    db.set_setting("hub_id", hub_id)
    return hub_id


def seed_members(
    db: Database,
    n: int,
    progress: Progress | None = None,
    *,
    seed: int = 2026,
    journal: bool = True,
    consents: bool = False,
) -> str:
    """Adds `n` members and returns a one-line summary (what `hubapp seed` prints)."""
    report = seed_member_rows(db, n, progress, seed=seed, journal=journal, consents=consents)
    return report.summary()


def seed_member_rows(
    db: Database,
    n: int,
    progress: Progress | None = None,
    *,
    seed: int = 2026,
    journal: bool = True,
    consents: bool = False,
    staff_user_id: str | None = None,
    chunk: int = CHUNK,
) -> SeedReport:
    """Adds `n` members (the same `seed` gives the same people) and reports what was written.

    Names, places and choices follow from `seed`; ids and timestamps do not. The serials that
    keep emails and phone numbers unique continue after the members already present, so
    seeding twice never repeats an email address.
    """
    started = time.perf_counter()
    hub_id = ensure_hub(db)
    with db.read() as session:
        existing = int(session.scalar(select(func.count()).select_from(Member)) or 0)
    serials = fake.Serials(existing, existing, existing)
    maker = _RowMaker(random.Random(seed), hub_id, serials, n, staff_user_id, consents)
    sizes = [min(chunk, n - start) for start in range(0, n, chunk)]
    report = SeedReport(hub_id)

    def prepare(size: int) -> _Batch:
        return _prepared(maker.batch(size), str(db.clock.now()), staff_user_id, journal)

    writer = db.engine.execution_options(sqlite_begin="IMMEDIATE")
    # (Making the next chunk on a second thread while SQLite writes this one was tried: it
    # is slower, as sqlite3 needs the GIL back for every row it binds.)
    with writer.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        search_index = SearchIndexFill.read(raw)
        # A bigger page cache for the duration: the random (uuid5) keys of skill links and
        # the email and name indexes otherwise send inserts back to the disk for pages.
        raw.execute("PRAGMA cache_size=-262144")
        # Every reference is right by construction (the hub, tags from the vocabulary, the
        # member just made), and checking each one costs about a sixth of the insert time.
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            for size in sizes:
                batch = prepare(size)
                with conn.begin():
                    after = search_index.pause(raw) if search_index else None
                    _write(conn, batch)
                    if search_index and after is not None:
                        search_index.resume(raw, after, len(batch.members))
                    save_clock(raw, db)
                report.journal_entries += len(batch.changes)
                report.member_ids.extend(row["id"] for row in batch.members)
                report.tag_links += len(batch.tags)
                report.consents += len(batch.consents)
                if progress is not None:
                    progress(len(report.member_ids), n, "Seeding members")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
            raw.execute("PRAGMA cache_size=-2000")
    report.seconds = time.perf_counter() - started
    return report


def _write(conn: Connection, batch: _Batch) -> None:
    # Straight to the driver, inside the connection's transaction: SQLAlchemy's per-row
    # parameter handling would cost more than SQLite's own work here.
    raw = conn.connection.dbapi_connection
    assert raw is not None
    for spec, rows in ((_MEMBERS, batch.members), (_TAGS, batch.tags), (_CONSENTS, batch.consents)):
        if rows:
            raw.executemany(spec.sql, map(spec.values, rows))
    if batch.changes:
        raw.executemany(_CHANGES_SQL, batch.changes)


def _prepared(batch: _Batch, stamp: str, staff_user_id: str | None, journal: bool) -> _Batch:
    """Turns a chunk's rows into what goes into the database: the insert's clock stamp,
    JSON text, UTC times as stored, and (if `journal`) the entries ChangeCapture would
    write, whose fields are the row's data columns in their wire form."""
    clock = json.dumps({INSERT_STAMP_KEY: stamp})
    now = datetime.now(UTC)
    now_text = db_time(now)
    change_ids = _sequential_uuid7s(now, len(batch.members) + len(batch.tags) + len(batch.consents))
    pending = ChangeStatus.PENDING.value
    for spec, rows in ((_MEMBERS, batch.members), (_TAGS, batch.tags), (_CONSENTS, batch.consents)):
        for row in rows:
            if journal:
                fields = {key: row[key] for key in spec.fields}
                for name in spec.time_columns:
                    if fields[name] is not None:
                        fields[name] = fields[name].isoformat()
                batch.changes.append(
                    (next(change_ids), spec.name, row["id"], row[spec.subject], "insert",
                     json.dumps(fields), stamp, "local", pending, staff_user_id, 0, None,
                     now_text)
                )  # fmt: skip
            row["clock"] = clock
            for name in spec.json_columns:
                if name != "clock":
                    row[name] = json.dumps(row[name])
            for name in spec.time_columns:
                if row[name] is not None:
                    row[name] = db_time(row[name])
    return batch


@dataclass
class _Batch:
    members: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    changes: list[tuple[Any, ...]] = field(default_factory=list)


class _RowMaker:
    """Makes one chunk's rows at a time as dicts keyed by column name. Members join in
    order, so their time-ordered ids are appended to the primary key, not scattered."""

    def __init__(
        self,
        rng: random.Random,
        hub_id: str,
        serials: fake.Serials,
        total: int,
        staff_user_id: str | None,
        consents: bool,
    ) -> None:
        self.rng = rng
        self.hub_id = hub_id
        self.serials = serials
        self.staff_user_id = staff_user_id
        self.consents = consents
        # Members join in order over the last five years (in milliseconds since the epoch).
        now_ms = time.time_ns() // 1_000_000
        self.joined_ms = float(now_ms - 5 * 365 * 86_400_000)
        self.step_ms = (now_ms - self.joined_ms) / max(total, 1)
        # Every choice of 0 to 3 skills (and of interests), so a person's take one pick.
        skills = [tag_id("skill", slug) for slug, _, _ in SKILLS]
        interests = [tag_id("interest", slug) for slug, _, _ in INTERESTS]
        self.skill_sets = [list(itertools.combinations(skills, k)) for k in range(4)]
        self.interest_sets = [list(itertools.combinations(interests, k)) for k in range(4)]

    def batch(self, size: int) -> _Batch:
        out = _Batch()
        for _ in range(size):
            self.joined_ms += self.step_ms
            member = self._member(int(self.joined_ms))
            out.members.append(member)
            self._tag_links(member, out.tags)
            if self.consents:
                self._consent_records(member, out.consents)
        return out

    def _base(self, row_id: str, stored: str) -> dict[str, Any]:
        return {
            "id": row_id,
            "created_at": stored,
            "updated_at": stored,
            "deleted": False,
            "origin_hub_id": self.hub_id,
        }

    def _member(self, joined_ms: int) -> dict[str, Any]:
        data = fake.member_fields(self.rng, self.serials)
        stored = (_EPOCH + timedelta(milliseconds=joined_ms)).isoformat(" ", "microseconds")
        row = {"hub_id": self.hub_id, **data, **self._base(uuid7_at(joined_ms), stored)}
        row["sort_key"] = cached_sort_key(data["last_name"], data["first_name"])
        row["_joined_ms"] = joined_ms
        return row

    def _tag_links(self, member: dict[str, Any], out: list[dict[str, Any]]) -> None:
        rng = self.rng
        chosen = fake.pick(rng, self.skill_sets[fake.pick(rng, _TAG_COUNTS)])
        chosen += fake.pick(rng, self.interest_sets[fake.pick(rng, _TAG_COUNTS)])
        member_id = member["id"]
        for tag in chosen:
            row = self._base(fast_stable_id("member_tag", member_id, tag), member["created_at"])
            row["member_id"] = member_id
            row["tag_id"] = tag
            out.append(row)

    def _consent_records(self, member: dict[str, Any], out: list[dict[str, Any]]) -> None:
        rng = self.rng
        asked = [(ConsentPurpose.SHARE_WITH_GROUPS, 0.75), (ConsentPurpose.NEWSLETTER, 0.5)]
        if member["email"]:
            asked.append((ConsentPurpose.CONTACT_EMAIL, 0.9))
        if member["phone"]:
            asked.append((ConsentPurpose.CONTACT_PHONE, 0.7))
        if rng.random() < 0.3:
            asked.append((ConsentPurpose.PHOTOGRAPHS, 0.4))
        channel = fake.pick(rng, _CHANNELS)
        joined = _EPOCH.replace(tzinfo=UTC) + timedelta(milliseconds=member["_joined_ms"])
        for purpose, likelihood in asked:
            row = self._base(uuid7_at(member["_joined_ms"]), member["created_at"])
            row.update(
                member_id=member["id"],
                purpose=purpose.value,
                granted=rng.random() < likelihood,
                wording_version=PRIVACY_NOTICE_VERSION,
                channel=channel.value,
                staff_user_id=self.staff_user_id,
                recorded_at=joined,
            )
            out.append(row)


# How many skills (and, separately, interests) people give: none 45%, one 30%, two 17%...
_TAG_COUNTS = (0,) * 45 + (1,) * 30 + (2,) * 17 + (3,) * 8
_CHANNELS = (ConsentChannel.DESK,) * 6 + (ConsentChannel.PAPER_FORM,) * 3 + (ConsentChannel.KIOSK,)


_EPOCH = datetime(1970, 1, 1)  # naive UTC, as UTCDateTime stores times


# Ids must never repeat, even when the same seed runs twice, so they take their randomness
# from a generator seeded by the operating system, not from `seed`.
_ids = random.Random()


def uuid7_at(moment: datetime | int) -> str:
    """A version 7 UUID (as models.base.uuid7 makes) for a moment (or milliseconds since the
    epoch): a member who joined three years ago gets an id that sorts three years back."""
    ms = moment if isinstance(moment, int) else int(moment.timestamp() * 1000)
    rand = _ids.getrandbits(74)
    value = (ms & _MS_MASK) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | (rand & _B_MASK)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_MS_MASK = (1 << 48) - 1
_B_MASK = (1 << 62) - 1


def _sequential_uuid7s(moment: datetime, count: int) -> Iterator[str]:
    """`count` version 7 UUIDs for one moment, in increasing order (a counter in the bits
    RFC 9562 allows for one), so the journal's unique index is appended to, not scattered."""
    head = f"{int(moment.timestamp() * 1000) & _MS_MASK:012x}"
    prefix = f"{head[:8]}-{head[8:12]}-7"
    tail = f"{_ids.getrandbits(48):012x}"
    for i in range(count):
        yield f"{prefix}{i >> 14 & 0xFFF:03x}-{0x8000 | i & 0x3FFF:04x}-{tail}"


def db_time(moment: datetime) -> str:
    """An aware datetime as UTCDateTime stores it: naive UTC text with microseconds."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
