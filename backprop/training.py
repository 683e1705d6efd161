"""The training loop every chapter uses: gradients, one optimizer step, record, repeat.

Taught in [chapter 2](../univariate.md#gradient-descent).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backprop import _checks
from backprop.optim import Optimizer, minibatches


@dataclass
class History:
    """What a run of `train` recorded.

    Taught in [chapter 2](../univariate.md#gradient-descent).

    Attributes
    ----------
    loss : list of float
        `loss[k]` is the loss on the data of step k, measured before that step's update.
    params : list of dict of str to ndarray
        Copies of the parameters before the first step and after every step (only with
        `record_params=True`; empty otherwise).
    diverged : bool
        True when the loss became inf or NaN, which stops training.

    Examples
    --------
    >>> from backprop.training import History
    >>> History(loss=[4.0, 1.0]).final_loss
    1.0
    """

    loss: list[float] = field(default_factory=list)
    params: list[dict[str, np.ndarray]] = field(default_factory=list)
    diverged: bool = False

    @property
    def final_loss(self) -> float:
        """The loss of the last step: `loss[-1]`.

        Returns
        -------
        float
            The last recorded loss.

        Raises
        ------
        IndexError
            If nothing was recorded.

        Examples
        --------
        >>> from backprop.training import History
        >>> History(loss=[4.0, 1.0, 0.25]).final_loss
        0.25
        """
        return self.loss[-1]


def train(model, X, y, opt: Optimizer, epochs=100, batch_size=None, seed=0, record_params=False) -> History:
    """Train `model` on (X, y) with `opt`; return what happened as a `History`.

    Each step computes the loss and gradients (`model.gradients`) on a batch and lets
    `opt` update `model.params` in place. Taught in
    [chapter 2](../univariate.md#gradient-descent); mini-batches in
    [6.3 Optimizers](../extended/optimizers.md#mini-batch-gradient-descent).

    Parameters
    ----------
    model : Model
        Any model of `backprop.models`, trained in place.
    X : array_like, shape (n_features, m)
        The inputs, one example per column.
    y : array_like, shape (1, m)
        The targets.
    opt : Optimizer
        An optimizer of `backprop.optim`, e.g. `GD(lr=0.1)`.
    epochs : int, default 100
        Passes over the data.
    batch_size : int, optional
        `None` uses all m examples each step (one step per epoch); otherwise each epoch
        takes `ceil(m / batch_size)` steps over a fresh shuffle, drawn from one generator
        seeded with `seed`.
    seed : int, default 0
        Seeds the shuffles.
    record_params : bool, default False
        Keep a copy of the parameters after every step in `History.params`.

    Returns
    -------
    History
        The loss of every step, the parameters if recorded, and whether training diverged
        (a loss of inf or NaN stops it).

    Raises
    ------
    TypeError
        If `opt` is not an optimizer of `backprop.optim`, or `X` or `y` does not hold numbers.
    ValueError
        If a shape is wrong, an array is empty or holds NaN or inf, or `epochs` or
        `batch_size` is not a positive integer.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop import models, optim, train
    >>> x = np.array([[0.0, 1.0, 2.0]]); y = 2 * x + 1
    >>> model = models.UnivariateRegression(w=0.0, b=0.0)
    >>> hist = train(model, x, y, optim.GD(lr=0.1), epochs=500)
    >>> round(float(model.params["w"]), 6), round(float(model.params["b"]), 6)
    (2.0, 1.0)
    >>> hist.final_loss < 1e-12
    True
    """
    if not isinstance(opt, Optimizer):
        raise TypeError(f"opt must be a backprop.optim optimizer, got {type(opt).__name__}")
    epochs = _checks.positive_int("epochs", epochs)
    X = _checks.as_data("X", X, rows=model.n_features)
    y = _checks.as_targets(y, X.shape[1])
    if batch_size is not None:
        batch_size = _checks.positive_int("batch_size", batch_size)
    rng = np.random.default_rng(seed)
    hist = History()

    def snapshot():
        if record_params:
            hist.params.append({k: v.copy() for k, v in model.params.items()})

    snapshot()
    # A diverging run overflows on purpose (chapters show it); report it, don't warn.
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            batches = [(X, y)] if batch_size is None else minibatches(X, y, batch_size, rng)
            for Xb, yb in batches:
                loss, grads = model.gradients(Xb, yb)
                hist.loss.append(loss)
                if not np.isfinite(loss):
                    hist.diverged = True
                    return hist
                opt.step(model.params, grads)
                snapshot()
    return hist
