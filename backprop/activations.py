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

    ``e^(−z)`` overflows for z ≲ −710, so both branches use ``e^(−|z|)`` ≤ 1:
    σ(z) = 1 / (1 + e^(−z)) for z ≥ 0 and σ(z) = e^z / (1 + e^z) for z < 0.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


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
