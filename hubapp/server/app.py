"""The FastAPI application: /enrol, /sync, /rows/{table}/{id} and /health. Bodies may be gzip;
answers are gzip when large. Errors carry `detail` in words for a person."""

from __future__ import annotations

import gzip
import logging
import time
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from hubapp.server import admin, exchange, reference
from hubapp.server.pull import OutOfScope, one_row
from hubapp.sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SUPPORTED_VERSIONS,
    EnrolRequest,
    EnrolResponse,
    Problem,
    SyncRequest,
    SyncResponse,
    WireRow,
)

log = logging.getLogger("hubapp.server")
M = TypeVar("M", bound=BaseModel)
MAX_BODY = 64 * 1024 * 1024


class HttpProblem(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def server_time_ms() -> int:
    return time.time_ns() // 1_000_000


def check_protocol(version: int | None) -> None:
    if version is None or version in SUPPORTED_VERSIONS:
        return
    if version < min(SUPPORTED_VERSIONS):
        detail = (
            f"This hub runs an older version of hubapp (sync protocol {version}); the server "
            f"needs protocol {PROTOCOL_VERSION}. Please update hubapp. Changes made at the hub "
            "are kept and will be sent after the update."
        )
    else:
        detail = (
            f"This hub's hubapp is newer than the server (sync protocol {version}). Ask the "
            "network administrator to update hubapp-server. Changes made at the hub are kept."
        )
    raise HttpProblem(426, detail)


async def read_body(request: Request, model: type[M]) -> M:
    try:
        raw = await request.body()
    except ClientDisconnect as exc:  # the link was cut mid-request: nothing to do, nobody to tell
        raise HttpProblem(400, "The request was cut off.") from exc
    if len(raw) > MAX_BODY:
        raise HttpProblem(413, "That request is too large.")
    if request.headers.get("content-encoding", "").lower() == "gzip":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise HttpProblem(400, "The request body is not valid gzip.") from exc
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise HttpProblem(400, f"The request body is not valid: {exc.errors()[:3]}") from exc


def json_answer(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="hubapp-server", version=str(PROTOCOL_VERSION))
    app.add_middleware(GZipMiddleware, minimum_size=800)
    errors: dict[int | str, dict[str, Any]] = {
        code: {"model": Problem} for code in (400, 401, 403, 426)
    }

    @app.exception_handler(HttpProblem)
    async def _problem(request: Request, exc: HttpProblem) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    def protocol(
        x_hubapp_protocol: Annotated[int | None, Header(alias=PROTOCOL_HEADER)] = None,
    ) -> None:
        check_protocol(x_hubapp_protocol)

    def device(
        authorization: Annotated[str, Header()] = "",
        _: None = Depends(protocol),
    ) -> admin.Device:
        scheme, _sep, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HttpProblem(401, "This request has no device token. Enrol the hub first.")
        try:
            return admin.authenticate(engine, token.strip())
        except admin.NotAuthorised as exc:
            raise HttpProblem(401, str(exc)) from exc

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "protocol": PROTOCOL_VERSION, "server_time_ms": server_time_ms()}

    @app.post(
        "/enrol",
        responses={200: {"model": EnrolResponse}, **errors},
        openapi_extra={"requestBody": body_schema(EnrolRequest)},
        dependencies=[Depends(protocol)],
    )
    async def enrol(request: Request) -> Response:
        body = await read_body(request, EnrolRequest)
        check_protocol(body.protocol)
        try:
            dev, token, hub_name = await run_in_threadpool(
                admin.enrol, engine, body.code, body.device_name, body.node_id
            )
        except admin.EnrolmentRefused as exc:
            raise HttpProblem(403, str(exc)) from exc
        log.info("device %s enrolled for hub %s", dev.id, dev.hub_id)
        return json_answer(
            EnrolResponse(
                hub_id=dev.hub_id,
                hub_name=hub_name,
                device_id=dev.id,
                token=token,
                server_time_ms=server_time_ms(),
            )
        )

    @app.post(
        "/sync",
        responses={200: {"model": SyncResponse}, **errors},
        openapi_extra={"requestBody": body_schema(SyncRequest)},
    )
    async def sync(request: Request, dev: admin.Device = Depends(device)) -> Response:
        body = await read_body(request, SyncRequest)
        check_protocol(body.protocol)
        accept = request.headers.get("accept-encoding", "")
        try:
            out = await run_in_threadpool(exchange.answer, engine, dev, body, accept)
        except OutOfScope as exc:
            raise HttpProblem(403, str(exc)) from exc
        return Response(out.body, media_type=out.media_type, headers=out.headers)

    @app.get("/rows/{table}/{row_id}", responses={200: {"model": WireRow}, **errors})
    def get_row(table: str, row_id: str, dev: admin.Device = Depends(device)) -> Response:
        with engine.connect() as conn:
            try:
                return json_answer(one_row(conn, dev.hub_id, table, row_id))
            except OutOfScope as exc:
                raise HttpProblem(403, str(exc)) from exc
            except LookupError as exc:
                raise HttpProblem(404, "No such row.") from exc

    reference.add_routes(app, engine, device)  # reference data: docs/reference-data.md
    return app


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": model.model_json_schema()}},
    }
