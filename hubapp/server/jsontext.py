"""JSON for the server's pull pages, where a first pull reads back and writes out hundreds of
thousands of stored rows: orjson (about four times the standard library's speed both ways,
measured on pull pages; docs/sync-benchmarks.md), with the standard library for the little
orjson refuses (integers beyond 64 bits), so any row a hub could push can be pulled back."""

from __future__ import annotations

import json
from typing import Any

import orjson


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
