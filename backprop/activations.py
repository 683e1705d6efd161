"""Activation functions and their derivatives, computed without overflow.

>>> import numpy as np
>>> from backprop.activations import sigmoid, sigmoid_derivative
>>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
[0.0, 0.5, 1.0]
>>> float(sigmoid_derivative(np.array(0.0)))
0.25
"""

import numpy as np


def sigmoid(z, out=None):
    """σ(z) = 1 / (1 + e^(−z)), elementwise, into ``out`` if given (which may be ``z``).

    Stable at both ends, as IEEE arithmetic works: for z ≲ −710, e^(−z) overflows to inf
    and 1 / (1 + inf) = 0, the correct limit; for z ≳ 37, e^(−z) is below 1e-16 and σ = 1.
    The overflow is expected, so its warning is silenced (``scipy.special.expit`` does the
    same). Four passes over the array, in place: no temporary arrays.
    """
    z = np.asarray(z, dtype=np.float64)
    out = np.negative(z, out=np.empty_like(z) if out is None else out)
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def sigmoid_derivative(z):
    """σ'(z) = σ(z) (1 − σ(z)), elementwise."""
    s = sigmoid(z)
    return s * (1.0 - s)


def sigmoid_backward(a, rows, cols):
    """∂L/∂z for a = σ(z), when ∂L/∂a is the outer product ``rows @ cols``.

    σ'(z) = a (1 − a), and the chain rule multiplies it elementwise by ∂L/∂a. In a
    network ∂L/∂a = w2ᵀ δ, an (h, 1) column times a (1, m) row: rather than build that
    h-by-m matrix, scale the rows of a (1 − a) by ``rows`` and its columns by ``cols``,
    in place in one new array.

    >>> import numpy as np
    >>> a = np.array([[0.5, 0.9], [0.2, 0.5]])
    >>> rows, cols = np.array([[1.0], [2.0]]), np.array([[1.0, -1.0]])
    >>> np.allclose(sigmoid_backward(a, rows, cols), (rows @ cols) * a * (1 - a))
    True
    """
    dz = 1.0 - a
    dz *= a  # a (1 − a)
    dz *= rows  # row k times rows_k
    dz *= cols  # column i times cols_i
    return dz


def softplus(z):
    """log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)), finite for every finite z.

    >>> import numpy as np
    >>> softplus(np.array([-1000.0, 0.0, 1000.0])).round(6).tolist()
    [0.0, 0.693147, 1000.0]
    """
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
