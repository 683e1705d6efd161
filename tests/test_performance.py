"""The benchmark results the Performance page shows are complete and were checked."""

import json
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parent.parent / "docs" / "performance" / "results.json"


@pytest.fixture(scope="module")
def results():
    return json.loads(RESULTS.read_text())


def test_every_model_and_size_was_measured(results):
    measured = {(r["model"], r["size"]) for r in results["steps"]}
    assert len(measured) == 6 * 4
    assert {r["optimizer"] for r in results["optimizers"]} == {"GD", "Momentum", "RMSprop", "Adam"}


def test_both_sides_computed_the_same_numbers(results):
    for r in results["steps"] + results["optimizers"]:
        assert r["max_relative_error"] <= 1e-10, r


def test_times_are_medians_within_their_spread(results):
    for r in results["steps"] + results["optimizers"]:
        for side in ("backprop", "torch"):
            t = r[side]
            assert 0 < t["q1"] <= t["median"] <= t["q3"], r
        assert r["ratio"] == pytest.approx(r["torch"]["median"] / r["backprop"]["median"])
