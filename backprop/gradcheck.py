"""Gradient checking: is backprop right? Compare it with centered finite differences.

Taught in [6.1 Scalar operations](../extended/scalar-ops.md#checking-gradients-with-finite-differences).

Examples
--------
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
    r"""Centered finite differences, for every entry $\theta_p$ of every parameter,
    $\partial L/\partial\theta_p \approx
    (L(\theta + \varepsilon u_p) - L(\theta - \varepsilon u_p)) / 2\varepsilon$,
    where $u_p$ is the unit vector along $\theta_p$.

    Costs two loss evaluations per parameter entry: a check, not a way to train. The
    parameters are restored exactly afterwards. Taught in
    [6.1 Scalar operations](../extended/scalar-ops.md#checking-gradients-with-finite-differences).

    Parameters
    ----------
    model : Model
        Any object with a `params` dict of arrays and a `loss(X, y)` method, such as
        every model of `backprop.models`.
    X : array_like, shape (n_features, m)
        The inputs.
    y : array_like, shape (1, m)
        The targets.
    eps : float, default 1e-6
        The step $\varepsilon$, positive.

    Returns
    -------
    dict of str to ndarray
        The estimated gradient of every parameter, with its name and shape.

    Raises
    ------
    ValueError
        If `eps` is not positive, or `model.loss` rejects `X` or `y` (a wrong shape, NaN or
        inf).
    TypeError
        If `eps` is not a real number, or `X` or `y` does not hold numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop import models
    >>> from backprop.gradcheck import numerical_gradients
    >>> model = models.UnivariateRegression(w=1.0, b=0.0)
    >>> grads = numerical_gradients(model, np.array([[1.0, 2.0]]), np.array([[1.0, 4.0]]))
    >>> round(float(grads["w"]), 6), round(float(grads["b"]), 6)
    (-4.0, -2.0)
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
    r"""$\lVert a - b \rVert / \max(\lVert a \rVert, \lVert b \rVert, \text{tiny})$, with
    $\lVert \cdot \rVert$ the Euclidean norm (the length) over all entries.

    For a backprop gradient against centered differences with the default step, a
    correct gradient typically gives below $10^{-7}$ and above about $10^{-4}$ suggests a
    bug; but where the gradient is small next to the loss (saturated units), or near a
    kink, a correct gradient can exceed $10^{-7}$: check again with a larger step.
    Taught in [6.1 Scalar operations](../extended/scalar-ops.md#checking-gradients-with-finite-differences).

    Parameters
    ----------
    a, b : array_like
        Two arrays of the same shape, e.g. a gradient and its estimate.

    Returns
    -------
    float
        The relative error, 0 when they are equal.

    Raises
    ------
    ValueError
        If `a` and `b` have different shapes.

    Examples
    --------
    >>> from backprop.gradcheck import relative_error
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
    r"""The relative error between backprop and finite differences, per parameter.

    Used from [chapter 2](../univariate.md#the-implementation) on.

    Parameters
    ----------
    model : Model
        Any object with `params`, `loss(X, y)` and `gradients(X, y)`, such as every model
        of `backprop.models`; its `gradients` is what is checked.
    X : array_like, shape (n_features, m)
        The inputs.
    y : array_like, shape (1, m)
        The targets.
    eps : float, default 1e-6
        The finite-difference step $\varepsilon$.

    Returns
    -------
    dict of str to float
        `relative_error(backprop, finite differences)` of every parameter.

    Raises
    ------
    ValueError
        If `eps` is not positive, or `X` or `y` has a wrong shape or holds NaN or inf.
    TypeError
        If `eps` is not a real number, or `X` or `y` does not hold numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop import models
    >>> from backprop.gradcheck import check
    >>> errors = check(models.UnivariateRegression(w=1.0), np.array([[1.0, 2.0]]), np.array([[1.0, 4.0]]))
    >>> sorted(errors), max(errors.values()) < 1e-7
    (['b', 'w'], True)
    """
    _, grads = model.gradients(X, y)
    numeric = numerical_gradients(model, X, y, eps)
    return {name: relative_error(grads[name], numeric[name]) for name in grads}
