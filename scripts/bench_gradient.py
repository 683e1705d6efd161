"""What a gradient costs: one backward pass against loss evaluations. Run by scripts/bench-gradient.

For each model below, at the sizes of the chapter that teaches it and at two larger
sizes, it times one loss evaluation (`model.loss`: a forward pass and the loss), one
gradient by backpropagation, both as the chapters show it (`forward_cache`, then
`backward`) and as `model.gradients` computes it (for the two-layer models, the same
operations in reused arrays: `backprop._fast`), and, where it takes less than a few
seconds, one gradient by centered finite differences (`gradcheck.numerical_gradients`:
2P loss evaluations for P parameters). The steps of each comparison take turns within
every sample, on one BLAS thread (scripts/bench-gradient sets it). Results go to
docs/performance/gradient-cost.json, which chapter 4 reads: wall-clock times cannot be
measured while the site builds, whose output must not depend on the machine.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from backprop import gradcheck, models

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "performance" / "gradient-cost.json"
CASES = [  # model, n features, h hidden units, m examples, where the size comes from
    ("UnivariateRegression", 1, None, 50, "univariate.md"),
    ("MultivariateRegression", 2, None, 100, "multivariate.md"),
    ("TwoLayerLinear", 2, 3, 100, "two-layer-linear.md"),
    ("TwoLayerNonlinear", 1, 8, 100, "two-layer-nonlinear.md"),
    ("TwoLayerLinear", 64, 128, 256, "larger"),
    ("TwoLayerNonlinear", 64, 128, 256, "larger"),
    ("TwoLayerLinear", 784, 256, 1024, "larger"),
    ("TwoLayerNonlinear", 784, 256, 1024, "larger"),
]
FD_LIMIT = 20_000  # measure finite differences up to this many parameters


def make(name: str, n: int, h: int | None) -> models.Model:
    if name == "UnivariateRegression":
        return models.UnivariateRegression(seed=0)
    if h is None:
        return getattr(models, name)(n, seed=0)
    return getattr(models, name)(n, h, seed=0)


def timeit(*steps, seconds=1.0, samples=15) -> list[list[float]]:
    """Seconds per call of each step: `samples` samples each, every sample a batch of
    calls lasting about seconds / samples / len(steps). The steps take turns within each
    sample, so that they are timed under the same load on a shared machine."""
    calls = []
    for step in steps:
        step()  # warm up
        t0 = time.perf_counter()
        step()
        once = max(time.perf_counter() - t0, 1e-7)
        calls.append(max(1, int(seconds / samples / len(steps) / once)))
    times = [[] for _ in steps]
    gc.disable()
    try:
        for _ in range(samples):
            for i, step in enumerate(steps):
                t0 = time.perf_counter()
                for _ in range(calls[i]):
                    step()
                times[i].append((time.perf_counter() - t0) / calls[i])
    finally:
        gc.enable()
    return times


def summary(times: list[float]) -> dict:
    q = statistics.quantiles(times, n=4)
    return {
        "min": min(times),  # other work on a shared machine only ever adds time
        "median": statistics.median(times),
        "q1": q[0],
        "q3": q[2],
        "samples": len(times),
    }


def bench(name: str, n: int, h: int | None, m: int, source: str) -> dict:
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(n, m)), rng.normal(size=(1, m))
    model = make(name, n, h)
    P = sum(p.size for p in model.params.values())
    big = m * n * (h or 1) > 1e6
    t_loss, t_grad, t_plain = timeit(
        lambda: model.loss(X, y),
        lambda: model.gradients(X, y),
        lambda: models.Model.gradients(model, X, y),  # forward_cache, then backward
        seconds=6.0 if big else 2.0,
    )
    result = {
        "model": name,
        "source": source,
        "shape": {"n": n, "h": h, "m": m},
        "parameters": P,
        "loss": summary(t_loss),
        "gradients": summary(t_grad),
        "plain_passes": summary(t_plain),
        "finite_differences": None,
    }
    if P <= FD_LIMIT:
        # Backprop's and finite differences' gradients agree: the same thing was timed.
        errors = gradcheck.check(model, X, y)
        assert max(errors.values()) < 1e-6, (name, errors)
        (t_fd,) = timeit(
            lambda: gradcheck.numerical_gradients(model, X, y),
            seconds=6.0 if P > 1000 else 1.0,
            samples=3 if P > 1000 else 15,
        )
        result["finite_differences"] = summary(t_fd)
    return result


def main() -> None:
    results = {
        "machine": {
            "processor": platform.machine(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        },
        "cases": [],
    }
    for case in CASES:
        r = bench(*case)
        fd = r["finite_differences"]
        print(
            f"{r['model']:24s} {r['shape']!s:36s} P={r['parameters']:7d} "
            f"loss {r['loss']['min'] * 1e6:9.1f} µs  "
            f"gradient {r['gradients']['min'] * 1e6:9.1f} µs  "
            f"ratio {r['gradients']['min'] / r['loss']['min']:.2f} "
            f"(plain {r['plain_passes']['min'] / r['loss']['min']:.2f})  "
            + (f"finite differences {fd['min'] * 1e3:9.1f} ms" if fd else ""),
            file=sys.stderr,
        )
        results["cases"].append(r)
    OUT.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
