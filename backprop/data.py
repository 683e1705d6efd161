"""Small seeded synthetic data sets for the chapters; examples are columns.

Examples
--------
>>> from backprop import data
>>> x, y = data.noisy_line(m=5, seed=0)
>>> x.shape, y.shape
((1, 5), (1, 5))
"""

from __future__ import annotations

import numpy as np

from backprop import _checks


def noisy_line(m=50, w=2.0, b=-1.0, noise=0.5, seed=0):
    r"""Points near a line: $x$ uniform on [−2, 2] and $y = w x + b + \text{noise}$.

    Used from [chapter 2](../univariate.md) on.

    Parameters
    ----------
    m : int, default 50
        The number of examples.
    w, b : float, default 2.0 and -1.0
        The line.
    noise : float, default 0.5
        The standard deviation of the Gaussian noise added to $y$.
    seed : int, default 0
        Seeds $x$ and the noise.

    Returns
    -------
    x : ndarray, shape (1, m)
        The inputs.
    y : ndarray, shape (1, m)
        The targets.

    Raises
    ------
    ValueError
        If `m` is not a positive integer.

    Examples
    --------
    >>> from backprop.data import noisy_line
    >>> x, y = noisy_line(m=3, noise=0.0)
    >>> bool((y == 2 * x - 1).all())
    True
    """
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    x = rng.uniform(-2.0, 2.0, (1, m))
    return x, w * x + b + noise * rng.normal(size=(1, m))


def noisy_plane(m=100, w=(1.5, -2.0), b=0.5, noise=0.3, scales=None, seed=0):
    r"""Points near a plane: standard normal features, each multiplied by its entry of
    `scales`, and $y = w X + b + \text{noise}$ with `w` given for the unscaled features.

    Unequal `scales` make an ill-conditioned problem:
    [chapter 3](../multivariate.md#feature-scaling) uses them.

    Parameters
    ----------
    m : int, default 100
        The number of examples.
    w : array_like, default (1.5, -2.0)
        One weight per feature; n = len(w).
    b : float, default 0.5
        The bias.
    noise : float, default 0.3
        The standard deviation of the Gaussian noise added to $y$.
    scales : array_like, optional
        One factor per feature; by default all 1.
    seed : int, default 0
        Seeds the features and the noise.

    Returns
    -------
    X : ndarray, shape (n, m)
        The inputs.
    y : ndarray, shape (1, m)
        The targets.

    Raises
    ------
    ValueError
        If `m` is not a positive integer.

    Examples
    --------
    >>> from backprop.data import noisy_plane
    >>> X, y = noisy_plane(m=4, w=(1.0, 2.0, 3.0))
    >>> X.shape, y.shape
    ((3, 4), (1, 4))
    """
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    w = np.asarray(w, dtype=np.float64).reshape(1, -1)
    scales = np.ones(w.shape[1]) if scales is None else np.asarray(scales, dtype=np.float64)
    Z = rng.normal(size=(w.shape[1], m))
    y = w @ Z + b + noise * rng.normal(size=(1, m))
    return Z * scales.reshape(-1, 1), y


def wiggly_curve(m=100, noise=0.05, seed=0):
    r"""A 1-D curve no line fits: $y = \sin(1.5 x) + 0.3 x + \text{noise}$, $x$ uniform on
    [−3, 3] and sorted.

    Used in [chapter 5](../two-layer-nonlinear.md#fitting-a-curve).

    Parameters
    ----------
    m : int, default 100
        The number of examples.
    noise : float, default 0.05
        The standard deviation of the Gaussian noise added to $y$.
    seed : int, default 0
        Seeds $x$ and the noise.

    Returns
    -------
    x : ndarray, shape (1, m)
        The inputs, increasing.
    y : ndarray, shape (1, m)
        The targets.

    Raises
    ------
    ValueError
        If `m` is not a positive integer.

    Examples
    --------
    >>> from backprop.data import wiggly_curve
    >>> x, y = wiggly_curve(m=5)
    >>> bool((x[0, :-1] <= x[0, 1:]).all())
    True
    """
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    x = np.sort(rng.uniform(-3.0, 3.0, (1, m)), axis=1)
    return x, np.sin(1.5 * x) + 0.3 * x + noise * rng.normal(size=(1, m))


def two_classes(m=200, layout="blobs", seed=0):
    """Two 2-D classes, labels 0 and 1 alternating in a (1, m) row.

    `layout="blobs"`: two Gaussian blobs, centred at (−1.5, −1.5) and (1.5, 1.5) with
    unit variance, that overlap a little, so that a line separates them all but a few
    points. `layout="ring"`: a ring of radius 2.5 (class 1) around a blob at the origin
    (class 0), which no line separates: it needs a hidden layer. Used in
    [6.2 Backprop, visualized](../extended/backprop-graphs.md).

    Parameters
    ----------
    m : int, default 200
        The number of examples.
    layout : {"blobs", "ring"}, default "blobs"
        Two blobs, or a ring around a blob.
    seed : int, default 0
        Seeds the points.

    Returns
    -------
    X : ndarray, shape (2, m)
        The points, one per column.
    y : ndarray, shape (1, m)
        The labels, 0.0 or 1.0.

    Raises
    ------
    ValueError
        If `m` is not a positive integer, or `layout` is neither "blobs" nor "ring".

    Examples
    --------
    >>> from backprop.data import two_classes
    >>> X, y = two_classes(m=4)
    >>> X.shape, y.tolist()
    ((2, 4), [[0.0, 1.0, 0.0, 1.0]])
    >>> X, y = two_classes(m=4, layout="ring")
    >>> X.shape
    (2, 4)
    """
    rng = np.random.default_rng(seed)
    m = _checks.positive_int("m", m)
    if layout not in ("blobs", "ring"):
        raise ValueError(f"layout must be 'blobs' or 'ring', got {layout!r}")
    y = (np.arange(m) % 2).reshape(1, m).astype(np.float64)
    if layout == "blobs":
        centers = np.where(y == 1, 1.5, -1.5)
        X = centers + rng.normal(size=(2, m))
    else:
        radius = np.where(y == 1, 2.5, 0.0) + 0.4 * rng.normal(size=(1, m))
        angle = rng.uniform(0.0, 2 * np.pi, (1, m))
        X = np.vstack([radius * np.cos(angle), radius * np.sin(angle)])
    return X, y


def standardize(X):
    """Shift and scale each feature (row) to mean 0 and standard deviation 1.

    Keep `mean` and `std` to transform new data the same way. Taught in
    [chapter 3](../multivariate.md#feature-scaling).

    Parameters
    ----------
    X : array_like, shape (n, m)
        The inputs, one example per column.

    Returns
    -------
    Z : ndarray, shape (n, m)
        `(X - mean) / std`.
    mean : ndarray, shape (n, 1)
        Each feature's mean.
    std : ndarray, shape (n, 1)
        Each feature's standard deviation.

    Raises
    ------
    ValueError
        If a feature is constant (it cannot be scaled), or `X` is not 2-D, is empty or
        holds NaN or inf.
    TypeError
        If `X` does not hold numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.data import standardize
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
