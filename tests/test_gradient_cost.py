"""The measured cost of a gradient that chapter 4 shows is complete, current and consistent.

The times come from scripts/bench-gradient (docs/performance/gradient-cost.json); the
chapter's own claims about them are asserts in its hidden blocks, which Sybil runs.
"""

import json
import sys
from pathlib import Path

import pytest

from backprop import models

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "performance" / "gradient-cost.json"
sys.path.insert(0, str(ROOT / "scripts"))
import bench_gradient  # noqa: E402  (scripts/ is not a package)


@pytest.fixture(scope="module")
def cases():
    return json.loads(RESULTS.read_text())["cases"]


def test_every_case_of_the_benchmark_was_measured(cases):
    measured = [(c["model"], c["shape"]["n"], c["shape"]["h"], c["shape"]["m"], c["source"]) for c in cases]
    assert measured == list(bench_gradient.CASES)


def test_the_chapters_models_are_measured_at_their_chapters_sizes(cases):
    by_source = {c["source"]: c for c in cases}
    for chapter in ("univariate.md", "multivariate.md", "two-layer-linear.md", "two-layer-nonlinear.md"):
        assert chapter in by_source, chapter
        assert (ROOT / "docs" / chapter).exists()


def test_parameter_counts_are_the_packages(cases):
    for c in cases:
        model = bench_gradient.make(c["model"], c["shape"]["n"], c["shape"]["h"])
        assert isinstance(model, getattr(models, c["model"]))
        assert c["parameters"] == sum(p.size for p in model.params.values())


def test_times_are_medians_within_their_spread(cases):
    for c in cases:
        timed = [c["loss"], c["gradients"], c["plain_passes"]]
        if c["finite_differences"] is not None:
            timed.append(c["finite_differences"])
        for t in timed:
            assert t["samples"] >= 3
            assert 0 < t["min"] <= t["q1"] <= t["median"] <= t["q3"], c


def test_finite_differences_were_run_exactly_where_affordable(cases):
    for c in cases:
        assert (c["finite_differences"] is not None) == (c["parameters"] <= bench_gradient.FD_LIMIT), c
