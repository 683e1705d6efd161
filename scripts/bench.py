"""Benchmark the backprop package against eager PyTorch (CPU, float64). Run by scripts/bench.

For every model and size it times one training step (forward, backward, optimizer update)
of `backprop` and of the same computation in PyTorch (autograd + torch.optim), after
checking that both compute the same gradients and the same update (relative error at
most 1e-10). It also times each optimizer's update alone against torch.optim's default,
and, at the large size, the achieved GFLOP/s against numpy's own matmul measured in the
same run. Results go to docs/performance/results.json, which the Performance page draws.
"""

from __future__ import annotations

import gc
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

from backprop import gradcheck, models, optim

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "performance" / "results.json"
SIZES = {  # n features, h hidden units, m examples
    "tiny": (2, 8, 64),
    "small": (64, 128, 256),
    "medium": (784, 256, 1024),
    "large": (784, 1024, 8192),
}
MODELS = {
    "UnivariateRegression": (lambda n, h: models.UnivariateRegression(seed=0), "mse"),
    "MultivariateRegression": (lambda n, h: models.MultivariateRegression(n, seed=0), "mse"),
    "LogisticRegression": (lambda n, h: models.LogisticRegression(n, seed=0), "bce"),
    "TwoLayerLinear": (lambda n, h: models.TwoLayerLinear(n, h, seed=0), "mse"),
    "TwoLayerNonlinear": (lambda n, h: models.TwoLayerNonlinear(n, h, seed=0), "mse"),
    "TwoLayerPerceptron": (lambda n, h: models.TwoLayerPerceptron(n, h, seed=0), "bce"),
}
TOLERANCE = 1e-10
LR = 1e-3


def torch_forward(name: str, p: dict, X: torch.Tensor) -> torch.Tensor:
    """The model's output before the loss (ŷ for regression, the logits z for classifiers)."""
    if name == "UnivariateRegression":
        return p["w"] * X + p["b"]
    if name in ("MultivariateRegression", "LogisticRegression"):
        return p["w"] @ X + p["b"]
    hidden = p["W1"] @ X + p["b1"]
    if name in ("TwoLayerNonlinear", "TwoLayerPerceptron"):
        hidden = torch.sigmoid(hidden)
    return p["w2"] @ hidden + p["b2"]


def torch_loss(kind: str, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if kind == "mse":
        return torch.mean((out - y) ** 2)
    return torch.nn.functional.binary_cross_entropy_with_logits(out, y)


def timeit(*steps, seconds=1.0, samples=12) -> list[list[float]]:
    """Seconds per call of each step: `samples` samples each, every sample a batch of
    calls lasting about seconds / samples.

    The steps take their samples in blocks, in the order A B B A, so that a machine whose
    speed drifts during the run slows every step alike. Each block starts after a pause
    and a warm-up call: numpy's BLAS threads and PyTorch's OpenMP threads spin for a
    while after their last call, and would otherwise compete with the other side's
    threads for the two cores (taking samples in strict turns doubles PyTorch's times).
    """
    calls = []
    for step in steps:
        step()  # warm up: allocations, lazy initialisation
        t0 = time.perf_counter()
        step()
        once = max(time.perf_counter() - t0, 1e-7)
        calls.append(max(1, int(seconds / samples / once)))
    times = [[] for _ in steps]
    for order in (range(len(steps)), reversed(range(len(steps)))):
        for i in order:
            time.sleep(0.2)
            steps[i]()
            gc.disable()
            try:
                for _ in range(samples // 2):
                    t0 = time.perf_counter()
                    for _ in range(calls[i]):
                        steps[i]()
                    times[i].append((time.perf_counter() - t0) / calls[i])
            finally:
                gc.enable()
    return times


def summary(times: list[float]) -> dict:
    q = statistics.quantiles(times, n=4)
    return {"median": statistics.median(times), "q1": q[0], "q3": q[2]}


def bench_model(name: str, size: str) -> dict:
    make, kind = MODELS[name]
    n, h, m = SIZES[size]
    if name == "UnivariateRegression":
        n = 1
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, m))
    y = (rng.uniform(size=(1, m)) < 0.5).astype(float) if kind == "bce" else rng.normal(size=(1, m))
    model = make(n, h)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in model.params.items()}

    # Same numbers first: gradients, then one update.
    _, grads = model.gradients(X, y)
    loss = torch_loss(kind, torch_forward(name, tp, Xt), yt)
    loss.backward()
    grad_error = max(gradcheck.relative_error(grads[k], tp[k].grad.numpy()) for k in grads)
    opt, topt = optim.GD(LR), torch.optim.SGD(list(tp.values()), lr=LR)
    opt.step(model.params, grads)
    topt.step()
    update_error = max(gradcheck.relative_error(model.params[k], tp[k].detach().numpy()) for k in tp)
    assert grad_error <= TOLERANCE and update_error <= TOLERANCE, (name, size, grad_error, update_error)

    def ours():
        _, g = model.gradients(X, y)
        opt.step(model.params, g)

    def theirs():
        topt.zero_grad()
        torch_loss(kind, torch_forward(name, tp, Xt), yt).backward()
        topt.step()

    t_ours, t_theirs = timeit(ours, theirs, seconds=3.5 if size == "large" else 1.0)
    result = {
        "model": name,
        "size": size,
        "shape": {"n": n, "h": h, "m": m},
        "backprop": summary(t_ours),
        "torch": summary(t_theirs),
        "ratio": statistics.median(t_theirs) / statistics.median(t_ours),
        "max_relative_error": max(grad_error, update_error),
    }
    if name.startswith("TwoLayer") and size == "large":
        flops = 4 * h * n * m  # the two large matrix products, as in matmul_peak
        result["gflops"] = flops / statistics.median(t_ours) / 1e9
    if name.startswith("TwoLayer"):
        # The plain passes the chapters show, forward_cache then backward, against the
        # fast path `gradients` takes (backprop._fast: the same operations, reused arrays).
        plain_opt = optim.GD(LR)

        def plain():
            _, g = models.Model.gradients(model, X, y)
            plain_opt.step(model.params, g)

        t_plain, t_fast = timeit(plain, ours, seconds=3.5 if size == "large" else 1.0)
        result["plain_passes"] = summary(t_plain)
        result["fast_path_speedup"] = statistics.median(t_plain) / statistics.median(t_fast)
    return result


def matmul_peak(n: int, h: int, m: int) -> float:
    """numpy's rate, in GFLOP/s, on the two large matrix products of a two-layer training
    step alone, W1 X, (h, n) @ (n, m), and ∂L/∂z Xᵀ, (h, m) @ (m, n): the ceiling for a
    step, which also does element-wise work and the small products."""
    rng = np.random.default_rng(1)
    W1, X, dz = rng.normal(size=(h, n)), rng.normal(size=(n, m)), rng.normal(size=(h, m))

    def both():
        W1 @ X
        dz @ X.T

    (times,) = timeit(both, seconds=3.0)
    return 4 * h * n * m / statistics.median(times) / 1e9


OPTIMIZERS = {  # ours, and torch.optim's equivalent with its default settings otherwise
    "GD": (lambda: optim.GD(1e-3), lambda ps: torch.optim.SGD(ps, lr=1e-3)),
    # v ← βv + (1−β)g; θ ← θ − αv equals torch's SGD(lr=α(1−β), momentum=β)
    "Momentum": (
        lambda: optim.Momentum(1e-2, beta=0.9),
        lambda ps: torch.optim.SGD(ps, lr=1e-3, momentum=0.9),
    ),
    "RMSprop": (
        lambda: optim.RMSprop(1e-3, beta=0.9),
        lambda ps: torch.optim.RMSprop(ps, lr=1e-3, alpha=0.9),
    ),
    "Adam": (lambda: optim.Adam(1e-3), lambda ps: torch.optim.Adam(ps, lr=1e-3)),
}


def bench_optimizer(name: str, size: str) -> dict:
    """One update of the parameters of the two-layer network of that size."""
    n, h, _ = SIZES[size]
    rng = np.random.default_rng(2)
    shapes = {"W1": (h, n), "b1": (h, 1), "w2": (1, h), "b2": ()}
    params = {k: rng.normal(size=s) for k, s in shapes.items()}
    grads = {k: rng.normal(size=s) for k, s in shapes.items()}
    make_ours, make_theirs = OPTIMIZERS[name]
    ours = make_ours()
    tp = [torch.tensor(params[k]) for k in shapes]
    for t, k in zip(tp, shapes, strict=True):
        t.grad = torch.tensor(grads[k])
    theirs = make_theirs(tp)
    for _ in range(3):  # the same three updates on both sides
        ours.step(params, grads)
        theirs.step()
    error = max(gradcheck.relative_error(params[k], t.numpy()) for t, k in zip(tp, shapes, strict=True))
    assert error <= TOLERANCE, (name, error)
    t_ours, t_theirs = timeit(lambda: ours.step(params, grads), theirs.step, seconds=0.5)
    return {
        "optimizer": name,
        "size": size,
        "parameters": int(sum(np.prod(s) for s in shapes.values())),
        "backprop": summary(t_ours),
        "torch": summary(t_theirs),
        "ratio": statistics.median(t_theirs) / statistics.median(t_ours),
        "max_relative_error": error,
    }


def main() -> None:
    torch.set_default_dtype(torch.float64)
    started = time.perf_counter()
    results = {
        "machine": {
            "processor": platform.processor() or platform.machine(),
            "cores": torch.get_num_threads(),
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "torch": torch.__version__,
        },
        "steps": [],
        "optimizers": [],
    }
    print(f"{'model':24s} {'size':7s} {'backprop':>10s} {'torch':>10s} {'torch/bp':>9s}")
    for size in SIZES:
        for name in MODELS:
            r = bench_model(name, size)
            results["steps"].append(r)
            print(
                f"{name:24s} {size:7s} {r['backprop']['median'] * 1e3:8.3f}ms "
                f"{r['torch']['median'] * 1e3:8.3f}ms {r['ratio']:8.2f}x"
            )
    peak = matmul_peak(*SIZES["large"])
    results["matmul_peak_gflops"] = peak
    for r in results["steps"]:
        if "gflops" in r:
            r["fraction_of_peak"] = r["gflops"] / peak
            share = r["fraction_of_peak"]
            print(f"{r['model']:24s} large: {r['gflops']:.1f} GFLOP/s = {share:.0%} of matmul's {peak:.1f}")
    for size in SIZES:
        for name in OPTIMIZERS:
            r = bench_optimizer(name, size)
            results["optimizers"].append(r)
            print(
                f"{name:10s} {size:7s} update of {r['parameters']:>9,} parameters: "
                f"{r['backprop']['median'] * 1e3:7.3f} ms vs torch.optim {r['torch']['median'] * 1e3:7.3f} ms"
                f" = {r['ratio']:.2f}x"
            )
    results["seconds"] = round(time.perf_counter() - started, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} in {results['seconds']} s")


if __name__ == "__main__":
    main()
