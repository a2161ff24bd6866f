"""Finding members fast at 100,000 and more: a full-text index (SQLite FTS5) for what is
typed, indexed lookups for group and tag filters, and keys first, rows on demand, so that a
list view only ever loads the rows it shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from hubapp.models.people import fold
from hubapp.services.validation import format_phone

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PHONEISH = re.compile(r"^[\d\s()+-]{4,}$")
_UK_MOBILE = re.compile(r"^\+447\d{9}$")

# Every order ends with the rowid, so that rows with equal keys (two "Jon Jones") keep a
# stable place between queries; the rowid is free, unlike the text id.
SORT_ORDERS = {
    "name": "m.sort_key, m.rowid",
    "name_desc": "m.sort_key DESC, m.rowid DESC",
    "postcode": "m.postcode IS NULL, m.postcode, m.sort_key, m.rowid",
    "postcode_desc": "m.postcode IS NULL, m.postcode DESC, m.sort_key, m.rowid",
    "joined": "m.created_at, m.rowid",
    "joined_desc": "m.created_at DESC, m.rowid DESC",
    "email": "m.email IS NULL, m.email, m.sort_key, m.rowid",
    "email_desc": "m.email IS NULL, m.email DESC, m.sort_key, m.rowid",
    "phone": "m.phone IS NULL, m.phone, m.sort_key, m.rowid",
    "phone_desc": "m.phone IS NULL, m.phone DESC, m.sort_key, m.rowid",
}


@dataclass(frozen=True)
class MemberQuery:
    text: str = ""
    group_id: str | None = None
    tag_ids: tuple[str, ...] = field(default_factory=tuple)
    order: str = "name"


@dataclass(frozen=True)
class MemberRow:
    key: int
    id: str
    display_name: str
    full_name: str
    email: str
    phone: str
    postcode: str
    joined: datetime
    first_name: str = ""
    preferred_name: str = ""


def fts_expression(typed: str) -> str | None:
    """What the user typed as an FTS5 query: every word must match as a prefix. A phone
    number typed with spaces ("07700 900123") becomes one token, as it is indexed; typed
    without its leading 0 ("7700 9") it still finds the national form."""
    typed = typed.strip()
    if not typed:
        return None
    if _PHONEISH.match(typed):
        digits = re.sub(r"\D", "", typed)
        if not digits:
            return None
        if digits[0] not in "04":
            return f'"{digits}"* OR "0{digits}"*'
        return f'"{digits}"*'
    words = _WORD.findall(typed)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def _raw(session: Session, sql: str, params: dict[str, Any]) -> list[Any]:
    """Runs SQL on the session's own DB-API connection: for lists of 100,000 plain keys,
    SQLAlchemy's row objects would cost more than the query."""
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    return dbapi.execute(sql, params).fetchall()  # type: ignore[no-any-return]


def _all_live_keys_by_name(session: Session, descending: bool) -> list[int]:
    """Every live member by name, without visiting the member rows: the sort-key index
    alone gives the order (a covering scan), and the few tombstones are taken out after."""
    direction = "DESC" if descending else ""
    ordered = _raw(
        session,
        "SELECT rowid FROM members INDEXED BY ix_members_sort_key "
        f"ORDER BY sort_key {direction}, rowid {direction}",
        {},
    )
    dead = {
        row[0]
        for row in _raw(
            session, "SELECT rowid FROM members WHERE deleted != 0 OR erased_at IS NOT NULL", {}
        )
    }
    if not dead:
        return [row[0] for row in ordered]
    return [row[0] for row in ordered if row[0] not in dead]


def search_member_keys(session: Session, query: MemberQuery) -> list[int]:
    """Row keys of matching, not-deleted members, in the requested order."""
    expression = fts_expression(query.text)
    if query.text.strip() and expression is None:
        return []
    unfiltered = expression is None and not query.group_id and not query.tag_ids
    if unfiltered and query.order in ("name", "name_desc"):
        return _all_live_keys_by_name(session, query.order == "name_desc")
    where = ["m.deleted = 0", "m.erased_at IS NULL"]
    params: dict[str, object] = {}
    # Each filter is a set of rowids or ids found through its own index, so SQLite starts
    # from the smallest set rather than walking all members in sort order.
    if expression:
        where.append("m.rowid IN (SELECT rowid FROM members_fts WHERE members_fts MATCH :fts)")
        params["fts"] = expression
    if query.group_id:
        where.append(
            "m.id IN (SELECT member_id FROM group_memberships "
            "WHERE group_id = :group_id AND deleted = 0)"
        )
        params["group_id"] = query.group_id
    for i, tag_id in enumerate(query.tag_ids):
        where.append(
            f"m.id IN (SELECT member_id FROM member_tags WHERE tag_id = :tag{i} AND deleted = 0)"
        )
        params[f"tag{i}"] = tag_id
    order = SORT_ORDERS.get(query.order, SORT_ORDERS["name"])
    # "+m.sort_key" style hints are not needed: with an IN-filter SQLite looks rows up by
    # rowid and sorts the (few) matches in memory, which beats walking an order index.
    sql = f"SELECT m.rowid FROM members m WHERE {' AND '.join(where)} ORDER BY {order}"
    return [row[0] for row in _raw(session, sql, params)]


# Above this many matches, the first page comes from walking the name index and stopping
# after a page, rather than from sorting every match ("s" matches most of a large hub).
WALK_ABOVE = 3_000


@dataclass(frozen=True)
class FirstKeys:
    """The first keys of a search, in order, and how many members match in all.
    `complete` when `keys` holds every match; otherwise search_member_keys gives the rest."""

    keys: list[int]
    total: int
    complete: bool


def search_first_keys(session: Session, query: MemberQuery, limit: int = 200) -> FirstKeys:
    """What a list shows at once, fast however broad the search: at 100,000 members "s"
    matches 60,000, and sorting them all takes ~150 ms; counting them and walking the name
    index for the first page takes ~15 ms."""
    expression = fts_expression(query.text)
    by_name_only = query.order in ("name", "name_desc") and not (query.group_id or query.tag_ids)
    if by_name_only and (expression or not query.text.strip()):
        params: dict[str, object] = {"limit": limit}
        if expression:
            params["fts"] = expression
            count_sql = "SELECT count(*) FROM members_fts WHERE members_fts MATCH :fts"
            total = int(_raw(session, count_sql, params)[0][0])
            # The full-text index holds live members only (its triggers see to it).
            live = "rowid IN (SELECT rowid FROM members_fts WHERE members_fts MATCH :fts)"
        else:
            total = members_count(session)
            live = "deleted = 0 AND erased_at IS NULL"
        if total > WALK_ABOVE:
            way = "DESC" if query.order == "name_desc" else ""
            sql = (
                f"SELECT rowid FROM members INDEXED BY ix_members_sort_key WHERE {live} "
                f"ORDER BY sort_key {way}, rowid {way} LIMIT :limit"
            )
            return FirstKeys([row[0] for row in _raw(session, sql, params)], total, False)
    keys = search_member_keys(session, query)
    return FirstKeys(keys, len(keys), True)


def members_count(session: Session) -> int:
    """How many live members the hub has."""
    return int(
        session.execute(
            text("SELECT count(*) FROM members WHERE deleted = 0 AND erased_at IS NULL")
        ).scalar_one()
    )


def display_phone(e164: str) -> str:
    """National format for the list. UK mobiles (most numbers) are formatted directly:
    parsing with phonenumbers costs ~0.1 ms a number, too much for a page of rows."""
    if _UK_MOBILE.match(e164):
        return f"0{e164[3:7]} {e164[7:]}"
    return format_phone(e164)


def _as_utc(value: str | datetime) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC)


def member_rows(session: Session, keys: list[int]) -> list[MemberRow]:
    """The rows for some keys, in the order of `keys`."""
    if not keys:
        return []
    placeholders = ",".join(str(int(k)) for k in keys)
    rows = _raw(
        session,
        "SELECT rowid, id, first_name, last_name, preferred_name, email, phone, postcode, "
        f"created_at FROM members WHERE rowid IN ({placeholders})",
        {},
    )
    by_key = {}
    for rowid, ident, first_name, last_name, preferred, email, phone, postcode, created in rows:
        first = preferred or first_name
        by_key[rowid] = MemberRow(
            key=rowid,
            id=ident,
            display_name=f"{first} {last_name}".strip(),
            full_name=f"{first_name} {last_name}".strip(),
            email=email or "",
            phone=display_phone(phone) if phone else "",
            postcode=postcode or "",
            joined=_as_utc(created),
            first_name=first_name,
            preferred_name=preferred or "",
        )
    return [by_key[k] for k in keys if k in by_key]


@dataclass(frozen=True)
class GroupChoice:
    id: str
    name: str


def group_choices(session: Session) -> list[GroupChoice]:
    """Live groups by name, for "members of this group" filters and pickers: names only,
    so it stays instant however many members the groups have."""
    rows = _raw(session, "SELECT id, name FROM groups WHERE deleted = 0", {})
    return sorted((GroupChoice(i, n) for i, n in rows), key=lambda g: (fold(g.name), g.id))


def key_of_member(session: Session, member_id: str) -> int | None:
    """The row key of a member (to select them in a list after saving)."""
    row = _raw(session, "SELECT rowid FROM members WHERE id = :id", {"id": member_id})
    return int(row[0][0]) if row else None
