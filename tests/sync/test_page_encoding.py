"""The fast paths under pull pages: the server's JSON (orjson, with the standard library for
what orjson refuses) and the collector paused while a page's objects are made."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator

import pytest

from hubapp.models.collector import collector_paused
from hubapp.server import jsontext
from hubapp.server.exchange import encoded

BIG = 2**63 - 1  # the largest integer stored and sent back as it is


def test_json_round_trips_what_a_hub_could_push() -> None:
    value = {"name": "Gwenllïan Ŵyn", "miles": BIG, "ok": True, "none": None, "x": [1.5, "é"]}
    text = jsontext.dumps(value)
    assert json.loads(text) == value
    assert jsontext.loads(text) == value
    assert jsontext.loads(json.dumps(value)) == value
    assert "Ŵyn".encode() in jsontext.dumps({"n": "Ŵyn"})  # UTF-8, not \u escapes


def test_values_that_could_not_come_back_as_they_went_are_named() -> None:
    assert jsontext.unstorable({"mon": ["morning"], "n": [1, 2.5, BIG, -(2**63)]}) is None
    assert jsontext.unstorable(2**63) == "is a number too large to store"
    assert jsontext.unstorable({"a": [{"b": -(2**70) + 1}]}) == "is a number too large to store"
    assert jsontext.unstorable(float("nan")) == "is not a finite number"
    assert jsontext.unstorable([float("inf")]) == "is not a finite number"
    assert jsontext.loads(jsontext.dumps({"n": BIG})) == {"n": BIG}


def test_text_that_is_not_json_is_still_an_error() -> None:
    with pytest.raises(ValueError):
        jsontext.loads('{"name": ')


def test_an_answer_is_the_same_json_as_before() -> None:
    data = {"cursor": 7, "blocks": [{"table": "members", "values": [["Siân", None, BIG]]}]}
    answer = encoded(data, "")
    assert answer.headers == {}
    assert json.loads(answer.body) == data
    assert b" " not in answer.body  # compact


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_starts_again_when_the_last_batch_ends() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer batch is still under way
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_overlapping_batches_in_threads_leave_the_collector_on() -> None:
    inside = threading.Barrier(2, timeout=10)
    leave = threading.Event()
    seen: list[bool] = []

    def batch() -> None:
        with collector_paused():
            inside.wait()
            leave.wait(10)
            seen.append(gc.isenabled())

    worker = threading.Thread(target=batch)
    worker.start()
    with collector_paused():
        inside.wait()  # both batches under way
        leave.set()
        worker.join(10)
        assert not gc.isenabled()  # the worker's end did not start it under this batch
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_an_error_in_a_batch_still_starts_the_collector_again(collector_on: None) -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("page garbled")
    assert gc.isenabled()
