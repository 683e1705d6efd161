"""Small seeded synthetic data sets for the chapters; examples are columns.

>>> from backprop import data
>>> x, y = data.noisy_line(m=5, seed=0)
>>> x.shape, y.shape
((1, 5), (1, 5))
"""

from __future__ import annotations

import numpy as np

from backprop import _checks


def noisy_line(m=50, w=2.0, b=-1.0, noise=0.5, seed=0):
    """x uniform on [−2, 2] and y = w x + b + noise, both of shape (1, m)."""
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    x = rng.uniform(-2.0, 2.0, (1, m))
    return x, w * x + b + noise * rng.normal(size=(1, m))


def noisy_plane(m=100, w=(1.5, -2.0), b=0.5, noise=0.3, scales=None, seed=0):
    """X (n, m) with standard normal features, each multiplied by its entry of ``scales``,
    and y = w X + b + noise with ``w`` given for the unscaled features.

    Unequal ``scales`` make an ill-conditioned problem: the chapter on feature scaling
    uses them.
    """
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    w = np.asarray(w, dtype=np.float64).reshape(1, -1)
    scales = np.ones(w.shape[1]) if scales is None else np.asarray(scales, dtype=np.float64)
    Z = rng.normal(size=(w.shape[1], m))
    y = w @ Z + b + noise * rng.normal(size=(1, m))
    return Z * scales.reshape(-1, 1), y


def wiggly_curve(m=100, noise=0.05, seed=0):
    """A 1-D curve no line fits: y = sin(1.5 x) + 0.3 x with x uniform on [−3, 3]."""
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    x = np.sort(rng.uniform(-3.0, 3.0, (1, m)), axis=1)
    return x, np.sin(1.5 * x) + 0.3 * x + noise * rng.normal(size=(1, m))


def two_classes(m=200, separable=True, seed=0):
    """Two 2-D classes, labels 0/1 in a (1, m) row.

    ``separable=True``: two Gaussian blobs that a line nearly separates. ``separable=False``: a
    ring around a blob, which needs a hidden layer.
    """
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    y = (np.arange(m) % 2).reshape(1, m).astype(np.float64)
    if separable:
        centers = np.where(y == 1, 1.5, -1.5)
        X = centers + rng.normal(size=(2, m))
    else:
        radius = np.where(y == 1, 2.5, 0.0) + 0.4 * rng.normal(size=(1, m))
        angle = rng.uniform(0.0, 2 * np.pi, (1, m))
        X = np.vstack([radius * np.cos(angle), radius * np.sin(angle)])
    return X, y


def standardize(X):
    """Shift and scale each feature (row) to mean 0 and standard deviation 1.

    Returns ``(Z, mean, std)`` with ``Z = (X − mean) / std``; keep ``mean`` and ``std``
    to transform new data the same way. A constant feature cannot be scaled and is an error.

    >>> import numpy as np
    >>> Z, mean, std = standardize(np.array([[1.0, 2.0, 3.0], [10.0, 30.0, 50.0]]))
    >>> Z.round(4).tolist(), mean.ravel().tolist()
    ([[-1.2247, 0.0, 1.2247], [-1.2247, 0.0, 1.2247]], [2.0, 30.0])
    """
    X = _checks.as_data("X", X)
    mean = X.mean(axis=1, keepdims=True)
    std = X.std(axis=1, keepdims=True)
    if (std == 0).any():
        rows = np.flatnonzero(std.ravel() == 0).tolist()
        raise ValueError(f"X has constant feature(s) at row(s) {rows}: they cannot be standardized")
    return (X - mean) / std, mean, std
