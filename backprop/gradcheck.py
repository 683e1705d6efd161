"""Gradient checking: is backprop right? Compare it with centered finite differences.

>>> import numpy as np
>>> from backprop import gradcheck, models
>>> rng = np.random.default_rng(0)
>>> X, y = rng.normal(size=(3, 5)), rng.normal(size=(1, 5))
>>> model = models.TwoLayerNonlinear(3, 4, seed=0)
>>> errors = gradcheck.check(model, X, y)
>>> max(errors.values()) < 1e-7
True
"""

from __future__ import annotations

import numpy as np

from backprop import _checks


def numerical_gradients(model, X, y, eps=1e-6) -> dict[str, np.ndarray]:
    """∂L/∂θ_i ≈ (L(θ + ε e_i) − L(θ − ε e_i)) / 2ε for every entry of every parameter.

    Costs two loss evaluations per parameter entry: a check, not a way to train.
    The parameters are restored exactly afterwards.
    """
    eps = _checks.positive_float("eps", eps)
    grads = {}
    for name, theta in model.params.items():
        g = np.zeros_like(theta)
        for i in np.ndindex(theta.shape):
            old = theta[i]
            theta[i] = old + eps
            plus = model.loss(X, y)
            theta[i] = old - eps
            minus = model.loss(X, y)
            theta[i] = old
            g[i] = (plus - minus) / (2 * eps)
        grads[name] = g
    return grads


def relative_error(a, b) -> float:
    """|a − b| / max(|a|, |b|, tiny), with |·| the Euclidean norm over all entries.

    Below about 1e-7 the two agree to the precision finite differences allow; above
    about 1e-4 one of them is wrong.

    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> round(relative_error([1.0], [1.1]), 4)
    0.0909
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare shapes {a.shape} and {b.shape}")
    scale = max(np.linalg.norm(a), np.linalg.norm(b), np.finfo(np.float64).tiny)
    return float(np.linalg.norm(a - b) / scale)


def check(model, X, y, eps=1e-6) -> dict[str, float]:
    """The relative error between backprop and finite differences, per parameter."""
    _, grads = model.gradients(X, y)
    numeric = numerical_gradients(model, X, y, eps)
    return {name: relative_error(grads[name], numeric[name]) for name in grads}
