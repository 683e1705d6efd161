r"""The two losses the chapters use, each with its gradient with respect to its input.

Predictions and targets are rows of shape (1, m); each loss is an average over the m
examples, so each gradient carries a factor $1/m$.

Examples
--------
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
    r"""The mean squared error $L = \frac{1}{m} \sum_i (\hat y_i - y_i)^2$.

    Taught in [chapter 2](../univariate.md#forward-propagation).

    Parameters
    ----------
    yhat : ndarray, shape (1, m)
        The predictions $\hat y$.
    y : ndarray, shape (1, m)
        The targets.

    Returns
    -------
    float
        $L$.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.losses import mse
    >>> mse(np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]))
    2.5
    """
    r = yhat - y
    return float(np.vdot(r, r)) / r.shape[-1]


def mse_gradient(yhat, y):
    r"""The gradient of the mean squared error, $\partial L/\partial \hat y = \frac{2}{m}(\hat y - y)$.

    Taught in [chapter 2](../univariate.md#backward-propagation).

    Parameters
    ----------
    yhat : ndarray, shape (1, m)
        The predictions $\hat y$.
    y : ndarray, shape (1, m)
        The targets.

    Returns
    -------
    ndarray, shape (1, m)
        $\delta = \partial L/\partial \hat y$.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.losses import mse_gradient
    >>> mse_gradient(np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]])).tolist()
    [[1.0, 2.0]]
    """
    return (2.0 / y.shape[-1]) * (yhat - y)


def cross_entropy(z, y) -> float:
    r"""Binary cross-entropy of logits $z$ against labels $y$ in [0, 1].

    $L = -\frac{1}{m} \sum_i [y_i \log \sigma(z_i) + (1 - y_i) \log(1 - \sigma(z_i))]
    = \frac{1}{m} \sum_i [\mathrm{softplus}(z_i) - y_i z_i]$, which is finite for every
    finite $z$, where $\log \sigma(z)$ would give $-\infty$. Taught in
    [6.2 Backprop, visualized](../extended/backprop-graphs.md#the-loss-computed-from-the-logits).

    Parameters
    ----------
    z : ndarray, shape (1, m)
        The logits, $\hat y = \sigma(z)$.
    y : ndarray, shape (1, m)
        The labels (or probabilities) in [0, 1].

    Returns
    -------
    float
        $L$.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.losses import cross_entropy
    >>> cross_entropy(np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]]))
    1000.0
    """
    return float(np.mean(softplus(z) - y * z))


def cross_entropy_gradient(z, y):
    r"""The gradient of the cross-entropy with respect to the logits,
    $\partial L/\partial z = \frac{1}{m}(\sigma(z) - y)$.

    Taught in [6.2 Backprop, visualized](../extended/backprop-graphs.md#the-gradient-for-any-label).

    Parameters
    ----------
    z : ndarray, shape (1, m)
        The logits.
    y : ndarray, shape (1, m)
        The labels in [0, 1].

    Returns
    -------
    ndarray, shape (1, m)
        $\partial L/\partial z$.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.losses import cross_entropy_gradient
    >>> cross_entropy_gradient(np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]])).tolist()
    [[-0.25, 0.25]]
    """
    return (sigmoid(z) - y) / y.shape[-1]
