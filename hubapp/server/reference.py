"""Reference data on the server: importing postcode-district centroids from the ONS Postcode
Directory (`hubapp-server import-postcodes FILE.csv`) and serving them to hubs at
/reference/postcode-districts, whole, only to a hub whose version differs.
See docs/reference-data.md."""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from starlette.concurrency import run_in_threadpool

from hubapp.server.schema import postcode_districts, reference_versions
from hubapp.server.store import writer
from hubapp.sync.reference import (
    POSTCODE_DISTRICTS_PATH,
    PostcodeDistrictsAnswer,
    ReferenceRequest,
)

POSTCODE_DISTRICTS = "postcode_districts"
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_INSERT_BATCH = 1_000


class ImportProblem(Exception):
    """The file cannot be imported; `str()` says why in words."""


@dataclass
class PostcodeImport:
    """What an import read and kept."""

    postcodes: int = 0
    terminated: int = 0
    without_location: int = 0
    unreadable: int = 0
    districts: int = 0
    version: int = 0

    def __str__(self) -> str:
        return (
            f"Imported {self.districts:,} postcode districts (version {self.version}) from "
            f"{self.postcodes:,} postcodes; skipped {self.terminated:,} terminated, "
            f"{self.without_location:,} without a location and {self.unreadable:,} unreadable."
        )


def _columns(header: list[str]) -> tuple[int, int, int, int | None]:
    names = [h.strip().lower() for h in header]
    missing = [n for n in ("lat", "long") if n not in names]
    code = next((names.index(n) for n in ("pcds", "pcd", "pcd2") if n in names), None)
    if code is None:
        missing.insert(0, "pcds")
    if missing or code is None:
        raise ImportProblem(
            f"This is not an ONS Postcode Directory CSV: it has no {', '.join(missing)} "
            "column. Use the file from the ONSPD download's Data folder."
        )
    doterm = names.index("doterm") if "doterm" in names else None
    return code, names.index("lat"), names.index("long"), doterm


def read_onspd(path: Path) -> tuple[list[tuple[str, float, float]], PostcodeImport]:
    """District centroids (the mean position of each outward code's live postcodes), read a
    row at a time so a file of any size fits in memory."""
    report = PostcodeImport()
    sums: dict[str, list[float]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            code, lat_at, lon_at, term_at = _columns(next(reader))
        except StopIteration as exc:
            raise ImportProblem("The file is empty.") from exc
        for row in reader:
            report.postcodes += 1
            if term_at is not None and term_at < len(row) and row[term_at].strip():
                report.terminated += 1
                continue
            try:
                lat, lon = float(row[lat_at]), float(row[lon_at])
                postcode = row[code].strip().upper()
            except (ValueError, IndexError):
                report.unreadable += 1
                continue
            if not (49.0 <= lat <= 61.5 and -9.0 <= lon <= 2.5):  # ONS writes 99.999999
                report.without_location += 1
                continue
            outward = postcode.split()[0] if " " in postcode else postcode[:-3]
            if not _OUTWARD.match(outward):
                report.unreadable += 1
                continue
            total = sums.setdefault(outward, [0.0, 0.0, 0.0])
            total[0] += lat
            total[1] += lon
            total[2] += 1
    districts = [(d, round(t[0] / t[2], 5), round(t[1] / t[2], 5)) for d, t in sorted(sums.items())]
    report.districts = len(districts)
    return districts, report


def import_postcodes(engine: Engine, path: Path) -> PostcodeImport:
    """Replaces the server's postcode districts with those in an ONSPD CSV file, in one
    transaction, and moves the version on so every hub fetches them at its next sync."""
    districts, report = read_onspd(path)
    if not districts:
        raise ImportProblem("The file has no live postcodes with a location; nothing changed.")
    with writer(engine).begin() as conn:
        conn.execute(delete(postcode_districts))
        for start in range(0, len(districts), _INSERT_BATCH):
            conn.execute(
                insert(postcode_districts),
                [
                    {"district": d, "latitude": lat, "longitude": lon}
                    for d, lat, lon in districts[start : start + _INSERT_BATCH]
                ],
            )
        report.version = _next_version(conn, POSTCODE_DISTRICTS, len(districts))
    return report


def _next_version(conn: Connection, name: str, count: int) -> int:
    now = datetime.now(UTC)
    current = conn.execute(
        select(reference_versions.c.version).where(reference_versions.c.name == name)
    ).scalar()
    version = int(current or 0) + 1
    values = {"version": version, "row_count": count, "updated_at": now}
    if current is None:
        conn.execute(insert(reference_versions).values(name=name, **values))
    else:
        conn.execute(
            update(reference_versions).where(reference_versions.c.name == name).values(**values)
        )
    return version


def postcode_districts_answer(engine: Engine, have_version: int) -> PostcodeDistrictsAnswer:
    """The districts if the hub's version differs from the server's, else the version only."""
    with engine.connect() as conn:
        version = int(
            conn.execute(
                select(reference_versions.c.version).where(
                    reference_versions.c.name == POSTCODE_DISTRICTS
                )
            ).scalar()
            or 0
        )
        if version == 0 or version == have_version:
            return PostcodeDistrictsAnswer(version=version)
        rows = conn.execute(
            select(
                postcode_districts.c.district,
                postcode_districts.c.latitude,
                postcode_districts.c.longitude,
            ).order_by(postcode_districts.c.district)
        ).all()
    return PostcodeDistrictsAnswer(version=version, districts=[(d, a, b) for d, a, b in rows])


def add_routes(app: FastAPI, engine: Engine, device: Callable[..., Any]) -> None:
    """Adds POST /reference/postcode-districts (enrolled devices only)."""

    @app.post(POSTCODE_DISTRICTS_PATH, responses={200: {"model": PostcodeDistrictsAnswer}})
    async def reference_postcode_districts(
        request: Request, _device: Any = Depends(device)
    ) -> Response:
        raw = await request.body()
        if request.headers.get("content-encoding", "").lower() == "gzip":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError):
                return JSONResponse({"detail": "The request body is not valid gzip."}, 400)
        try:
            body = ReferenceRequest.model_validate_json(raw or b"{}")
        except ValidationError:
            return JSONResponse({"detail": "The request body is not valid."}, 400)
        answer = await run_in_threadpool(postcode_districts_answer, engine, body.have_version)
        return Response(answer.model_dump_json(), media_type="application/json")
