"""JSON for the server's pull pages, where a first pull reads back and writes out hundreds of
thousands of stored rows: orjson (about four times the standard library's speed both ways,
measured on pull pages; docs/sync-benchmarks.md). orjson reads an integer beyond 64 bits as a
float and writes NaN as null, so a push carrying either is refused (`unstorable`): what the
server stores, it sends back exactly."""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

INT64 = range(-(2**63), 2**63)


def unstorable(value: Any) -> str | None:
    """Why a pushed value could not be stored and sent back as it is (None: it can)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, int):
        return None if value in INT64 else "is a number too large to store"
    if isinstance(value, float):
        return None if math.isfinite(value) else "is not a finite number"
    if isinstance(value, dict):
        found = (unstorable(v) for v in value.values())
    elif isinstance(value, list):
        found = (unstorable(v) for v in value)
    else:
        return None
    return next((problem for problem in found if problem), None)


def loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)  # raises the standard error for text that is not JSON


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON (no spaces, characters unescaped)."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
