"""The throwaway PostgreSQL cluster (tests/pg.py) works: later server tests stand on it."""

from __future__ import annotations

import pytest
from sqlalchemy import Integer, String, create_engine, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

pytestmark = pytest.mark.postgres


class _Base(DeclarativeBase):
    pass


class _Note(_Base):
    __tablename__ = "pg_smoke_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(String(100))


def test_select_one(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://")
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar_one() == 1
            assert conn.dialect.name == "postgresql"
    finally:
        engine.dispose()


def test_create_insert_select_round_trip(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        _Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            session.add_all([_Note(body="Siân’s café"), _Note(body="Gwenllïan")])
        with Session(engine) as session:
            bodies = session.scalars(select(_Note.body).order_by(_Note.id)).all()
        assert bodies == ["Siân’s café", "Gwenllïan"]
        _Base.metadata.drop_all(engine)
    finally:
        engine.dispose()
