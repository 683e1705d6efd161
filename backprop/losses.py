"""The two losses the chapters use, each with its gradient with respect to its input.

Predictions and targets are rows of shape (1, m); each loss is an average over the m
examples, so each gradient carries a factor 1/m.

>>> import numpy as np
>>> from backprop.losses import mse, mse_gradient
>>> yhat, y = np.array([[1.0, 2.0]]), np.array([[0.0, 2.0]])
>>> mse(yhat, y)
0.5
>>> mse_gradient(yhat, y).tolist()
[[1.0, 0.0]]
"""

import numpy as np

from backprop.activations import sigmoid, softplus


def mse(yhat, y) -> float:
    """Mean squared error L = (1/m) Σ (ŷ_i − y_i)²."""
    r = yhat - y
    return float(np.vdot(r, r)) / r.shape[-1]


def mse_gradient(yhat, y):
    """∂L/∂ŷ = (2/m)(ŷ − y), shape (1, m)."""
    return (2.0 / y.shape[-1]) * (yhat - y)


def cross_entropy(z, y) -> float:
    """Binary cross-entropy of logits z against labels y in [0, 1].

    L = −(1/m) Σ [y log σ(z) + (1 − y) log(1 − σ(z))] = (1/m) Σ [softplus(z) − y z],
    which is finite for every finite z, where log σ(z) would give −inf.

    >>> import numpy as np
    >>> cross_entropy(np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]]))
    1000.0
    """
    return float(np.mean(softplus(z) - y * z))


def cross_entropy_gradient(z, y):
    """∂L/∂z = (1/m)(σ(z) − y), shape (1, m)."""
    return (sigmoid(z) - y) / y.shape[-1]
