"""Activation functions and their derivatives, computed without overflow.

>>> import numpy as np
>>> from backprop.activations import sigmoid, sigmoid_derivative
>>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
[0.0, 0.5, 1.0]
>>> float(sigmoid_derivative(np.array(0.0)))
0.25
"""

import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), elementwise.

    Stable at both ends, as IEEE arithmetic works: for z ≲ −710, e^(−z) overflows to inf
    and 1 / (1 + inf) = 0, the correct limit; for z ≳ 37, e^(−z) is below 1e-16 and σ = 1.
    The overflow is expected, so its warning is silenced (``scipy.special.expit`` does the
    same).
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):  # e^(−z) = inf for z < −709, and σ(z) = 0
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z):
    """σ'(z) = σ(z) (1 − σ(z)), elementwise."""
    s = sigmoid(z)
    return s * (1.0 - s)


def softplus(z):
    """log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)), finite for every finite z.

    >>> import numpy as np
    >>> softplus(np.array([-1000.0, 0.0, 1000.0])).round(6).tolist()
    [0.0, 0.693147, 1000.0]
    """
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
