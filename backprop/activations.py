r"""Activation functions and their derivatives, computed without overflow.

Taught in [chapter 5](../two-layer-nonlinear.md#the-sigmoid).

Examples
--------
>>> import numpy as np
>>> from backprop.activations import sigmoid, sigmoid_derivative
>>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
[0.0, 0.5, 1.0]
>>> float(sigmoid_derivative(np.array(0.0)))
0.25
"""

import numpy as np


def sigmoid(z):
    r"""The logistic sigmoid $\sigma(z) = 1 / (1 + e^{-z})$, elementwise.

    Stable at both ends, as IEEE arithmetic works: for $z \lesssim -710$, $e^{-z}$
    overflows to inf and $1 / (1 + \infty) = 0$, the correct limit; for $z \gtrsim 37$,
    $e^{-z}$ is below $10^{-16}$ and $\sigma = 1$. The overflow is expected, so its warning
    is silenced (`scipy.special.expit` does the same). Taught in
    [chapter 5](../two-layer-nonlinear.md#the-sigmoid).

    Parameters
    ----------
    z : array_like
        Any shape; converted to float64.

    Returns
    -------
    ndarray
        $\sigma(z)$, of the shape of `z`, in [0, 1].

    Raises
    ------
    ValueError
        If `z` does not convert to a float64 array.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.activations import sigmoid
    >>> sigmoid(np.array([-1000.0, 0.0, 2.0])).round(4).tolist()
    [0.0, 0.5, 0.8808]
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):  # e^(−z) = inf for z < −709, and σ(z) = 0
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    r"""The sigmoid's derivative $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$, elementwise.

    Taught in [chapter 5](../two-layer-nonlinear.md#the-sigmoid).

    Parameters
    ----------
    z : array_like
        Any shape.

    Returns
    -------
    ndarray
        $\sigma'(z)$, of the shape of `z`, in [0, 1/4].

    Raises
    ------
    ValueError
        If `z` does not convert to a float64 array.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.activations import sigmoid_derivative
    >>> sigmoid_derivative(np.array([0.0, 1000.0])).tolist()
    [0.25, 0.0]
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def softplus(z):
    r"""$\log(1 + e^z) = \max(z, 0) + \log(1 + e^{-|z|})$, elementwise, finite for every
    finite $z$.

    The cross-entropy from logits is written with it. Taught in
    [6.2 Backprop, visualized](../extended/backprop-graphs.md#the-loss-computed-from-the-logits).

    Parameters
    ----------
    z : array_like
        Any shape.

    Returns
    -------
    ndarray
        softplus(z), of the shape of `z`, positive.

    Raises
    ------
    ValueError
        If `z` does not convert to a float64 array.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.activations import softplus
    >>> softplus(np.array([-1000.0, 0.0, 1000.0])).round(6).tolist()
    [0.0, 0.693147, 1000.0]
    """
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
