"""Optimizers: one small class per update rule, plus mini-batch iteration.

An optimizer is a learning rate, its hyperparameters and a state per parameter
(velocities, squared-gradient averages, the step count). `step(params, grads)` applies
the rule to every parameter, updating the arrays in place so that a model holding them
sees the new values. Each rule's `update` is the formula of its chapter, line by line.

Examples
--------
>>> import numpy as np
>>> from backprop import optim
>>> params, grads = {"w": np.array([1.0, 2.0])}, {"w": np.array([0.5, -0.5])}
>>> optim.GD(lr=0.1).step(params, grads)
>>> params["w"].tolist()
[0.95, 2.05]
"""

from __future__ import annotations

import numpy as np

from backprop import _checks


class Optimizer:
    r"""Base class: checks the arguments of `step` and keeps a state dict per parameter.

    A subclass defines `update(theta, g, state)`, the rule for one parameter. Gradient
    descent is taught in [chapter 2](../univariate.md#gradient-descent), the other rules
    in [6.3 Optimizers](../extended/optimizers.md).

    Parameters
    ----------
    lr : float
        The learning rate $\alpha$, positive.

    Attributes
    ----------
    lr : float
        The learning rate.
    state : dict of str to dict
        Per parameter name, what the rule keeps between steps.

    Raises
    ------
    ValueError
        If `lr` is not positive or not finite.
    TypeError
        If `lr` is not a real number.

    Examples
    --------
    >>> from backprop.optim import GD
    >>> GD(lr=0.1)
    GD(lr=0.1)
    >>> GD(lr=0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be positive, got 0.0
    """

    def __init__(self, lr):
        self.lr = _checks.positive_float("lr", lr)
        self.state: dict[str, dict] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every array in `params` in place using `grads` of the same names and shapes.

        Parameters
        ----------
        params : dict of str to ndarray
            The parameters, float64 numpy arrays (a model's `params`), changed in place.
        grads : dict of str to array_like
            Their gradients, under the same names and with the same shapes.

        Raises
        ------
        ValueError
            If `grads` and `params` have different names, or a gradient's shape differs
            from its parameter's.
        TypeError
            If a parameter is not a float64 numpy array, or a gradient does not hold numbers.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.optim import GD
        >>> params = {"w": np.array([1.0, 2.0])}
        >>> GD(lr=0.5).step(params, {"w": [1.0, 1.0]})
        >>> params["w"].tolist()
        [0.5, 1.5]
        """
        if params.keys() != grads.keys():
            raise ValueError(f"grads has keys {sorted(grads)} but params has {sorted(params)}")
        for name, theta in params.items():
            if type(theta) is not np.ndarray or theta.dtype != np.float64:
                raise TypeError(f"params[{name!r}] must be a float64 numpy array (it is updated in place)")
            try:
                g = np.asarray(grads[name], dtype=np.float64)
            except (TypeError, ValueError):
                raise TypeError(f"grads[{name!r}] must hold numbers, got {grads[name]!r}") from None
            if g.shape != theta.shape:
                shapes = f"grads[{name!r}] has shape {g.shape} but params[{name!r}] has {theta.shape}"
                raise ValueError(shapes)
            state = self.state.get(name)
            if state is None:
                state = self.state[name] = {}
            self.update(theta, g, state)

    def update(self, theta: np.ndarray, g: np.ndarray, state: dict) -> None:
        """The update rule for one parameter, defined by each optimizer.

        Parameters
        ----------
        theta : ndarray
            One parameter, a float64 array updated in place.
        g : ndarray
            Its gradient, of the same shape.
        state : dict
            This parameter's state, kept by the optimizer between steps (empty at first).

        Raises
        ------
        NotImplementedError
            Always: the base class has no rule.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.optim import Optimizer
        >>> Optimizer(lr=0.1).update(np.zeros(1), np.zeros(1), {})
        Traceback (most recent call last):
        ...
        NotImplementedError
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "state")
        return f"{type(self).__name__}({args})"


class GD(Optimizer):
    r"""Gradient descent: $\theta \leftarrow \theta - \alpha g$.

    Taught in [chapter 2](../univariate.md#gradient-descent).

    Parameters
    ----------
    lr : float
        The learning rate $\alpha$, positive.

    Raises
    ------
    ValueError
        If `lr` is not positive or not finite.
    TypeError
        If `lr` is not a real number.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.optim import GD
    >>> params = {"w": np.array([1.0])}
    >>> GD(lr=0.1).step(params, {"w": np.array([2.0])})
    >>> params["w"].tolist()
    [0.8]
    """

    def update(self, theta, g, state):
        r"""One step of the rule: $\theta \leftarrow \theta - \alpha g$.

        Parameters
        ----------
        theta : ndarray
            One parameter, a float64 array updated in place.
        g : ndarray
            Its gradient, of the same shape.
        state : dict
            This parameter's state, kept by the optimizer between steps (empty at first).

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.optim import GD
        >>> theta = np.array([1.0])
        >>> GD(lr=0.1).update(theta, np.array([2.0]), {})
        >>> theta.tolist()
        [0.8]
        """
        theta -= self.lr * g  # θ ← θ − α g


class Momentum(Optimizer):
    r"""Momentum as an exponential average: $v \leftarrow \beta v + (1 - \beta) g$;
    $\theta \leftarrow \theta - \alpha v$.

    Taught in [6.3 Optimizers](../extended/optimizers.md#momentum).

    Parameters
    ----------
    lr : float
        The learning rate $\alpha$, positive.
    beta : float, default 0.9
        The decay $\beta$ of the average, in [0, 1).

    Raises
    ------
    ValueError
        If `lr` is not positive, or `beta` is not in [0, 1).
    TypeError
        If `lr` or `beta` is not a real number.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.optim import Momentum
    >>> params = {"w": np.array(1.0)}
    >>> opt = Momentum(lr=1.0, beta=0.5)
    >>> for _ in range(2):
    ...     opt.step(params, {"w": np.array(1.0)})
    >>> float(opt.state["w"]["v"]), float(params["w"])
    (0.75, -0.25)
    """

    def __init__(self, lr, beta=0.9):
        super().__init__(lr)
        self.beta = _checks.unit_interval("beta", beta)

    def update(self, theta, g, state):
        r"""One step of the rule: $v \leftarrow \beta v + (1 - \beta) g$,
        $\theta \leftarrow \theta - \alpha v$; `state` keeps `v`.

        Parameters
        ----------
        theta : ndarray
            One parameter, a float64 array updated in place.
        g : ndarray
            Its gradient, of the same shape.
        state : dict
            This parameter's state, kept by the optimizer between steps (empty at first).

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.optim import Momentum
        >>> theta, state = np.array([1.0]), {}
        >>> Momentum(lr=1.0, beta=0.5).update(theta, np.array([2.0]), state)
        >>> theta.tolist(), state["v"].tolist()
        ([0.0], [1.0])
        """
        beta, v = self.beta, state.get("v", 0.0)  # v starts at 0
        v = beta * v + (1 - beta) * g  # v ← β v + (1 − β) g
        theta -= self.lr * v  # θ ← θ − α v
        state["v"] = v


class RMSprop(Optimizer):
    r"""RMSprop: $s \leftarrow \beta s + (1 - \beta) g^2$;
    $\theta \leftarrow \theta - \alpha g / (\sqrt{s} + \epsilon)$.

    Taught in [6.3 Optimizers](../extended/optimizers.md#rmsprop).

    Parameters
    ----------
    lr : float
        The learning rate $\alpha$, positive.
    beta : float, default 0.9
        The decay $\beta$ of the average of squared gradients, in [0, 1).
    eps : float, default 1e-8
        $\epsilon$, positive: keeps the step finite where $s$ is 0.

    Raises
    ------
    ValueError
        If `lr` or `eps` is not positive, or `beta` is not in [0, 1).
    TypeError
        If a hyperparameter is not a real number.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.optim import RMSprop
    >>> params = {"w": np.array(1.0)}
    >>> RMSprop(lr=0.1, beta=0.0).step(params, {"w": np.array(4.0)})
    >>> round(float(params["w"]), 6)
    0.9
    """

    def __init__(self, lr, beta=0.9, eps=1e-8):
        super().__init__(lr)
        self.beta = _checks.unit_interval("beta", beta)
        self.eps = _checks.positive_float("eps", eps)

    def update(self, theta, g, state):
        r"""One step of the rule: $s \leftarrow \beta s + (1 - \beta) g^2$,
        $\theta \leftarrow \theta - \alpha g / (\sqrt{s} + \epsilon)$; `state` keeps `s`.

        Parameters
        ----------
        theta : ndarray
            One parameter, a float64 array updated in place.
        g : ndarray
            Its gradient, of the same shape.
        state : dict
            This parameter's state, kept by the optimizer between steps (empty at first).

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.optim import RMSprop
        >>> theta, state = np.array([1.0]), {}
        >>> RMSprop(lr=0.1, beta=0.0).update(theta, np.array([4.0]), state)
        >>> theta.round(6).tolist(), state["s"].tolist()
        ([0.9], [16.0])
        """
        beta, s = self.beta, state.get("s", 0.0)  # s starts at 0
        s = beta * s + (1 - beta) * g**2  # s ← β s + (1 − β) g²
        theta -= self.lr * g / (np.sqrt(s) + self.eps)  # θ ← θ − α g / (√s + ε)
        state["s"] = s


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum and RMSprop with bias correction.

    $m \leftarrow \beta_1 m + (1 - \beta_1) g$, $v \leftarrow \beta_2 v + (1 - \beta_2) g^2$,
    $\hat m = m / (1 - \beta_1^t)$, $\hat v = v / (1 - \beta_2^t)$,
    $\theta \leftarrow \theta - \alpha \hat m / (\sqrt{\hat v} + \epsilon)$.

    Taught in [6.3 Optimizers](../extended/optimizers.md#adam).

    Parameters
    ----------
    lr : float, default 1e-3
        The learning rate $\alpha$, positive.
    beta1, beta2 : float, default 0.9 and 0.999
        The decays $\beta_1$ and $\beta_2$ of the two averages, in [0, 1).
    eps : float, default 1e-8
        $\epsilon$, positive.

    Raises
    ------
    ValueError
        If `lr` or `eps` is not positive, or `beta1` or `beta2` is not in [0, 1).
    TypeError
        If a hyperparameter is not a real number.

    Examples
    --------
    The first step moves every parameter by almost exactly $\alpha$, whatever the
    gradient's scale:

    >>> import numpy as np
    >>> from backprop.optim import Adam
    >>> params = {"w": np.array([1.0, 1.0])}
    >>> Adam(lr=0.01).step(params, {"w": np.array([1e-3, 1e3])})
    >>> params["w"].round(6).tolist()
    [0.99, 0.99]
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = _checks.unit_interval("beta1", beta1)
        self.beta2 = _checks.unit_interval("beta2", beta2)
        self.eps = _checks.positive_float("eps", eps)

    def update(self, theta, g, state):
        r"""One step of the rule: both averages, their bias corrections and the step;
        `state` keeps `t`, `m` and `v`.

        Parameters
        ----------
        theta : ndarray
            One parameter, a float64 array updated in place.
        g : ndarray
            Its gradient, of the same shape.
        state : dict
            This parameter's state, kept by the optimizer between steps (empty at first).

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.optim import Adam
        >>> theta, state = np.array([1.0]), {}
        >>> Adam(lr=0.01).update(theta, np.array([5.0]), state)
        >>> theta.round(6).tolist(), state["t"]
        ([0.99], 1)
        """
        beta1, beta2 = self.beta1, self.beta2
        t = state.get("t", 0) + 1  # the step count, from 1
        m, v = state.get("m", 0.0), state.get("v", 0.0)  # both start at 0
        m = beta1 * m + (1 - beta1) * g  # m ← β1 m + (1 − β1) g
        v = beta2 * v + (1 - beta2) * g**2  # v ← β2 v + (1 − β2) g²
        m_hat = m / (1 - beta1**t)  # bias corrections: both averages
        v_hat = v / (1 - beta2**t)  # started at 0
        # θ ← θ − α m̂ / (√v̂ + ε)
        theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        state.update(t=t, m=m, v=v)


def minibatches(X, y, batch_size, seed=0):
    """Yield one epoch of (X_batch, y_batch) in a shuffled order.

    Every example appears exactly once; the last batch is smaller when `batch_size`
    does not divide m. Taught in
    [6.3 Optimizers](../extended/optimizers.md#mini-batch-gradient-descent).

    Parameters
    ----------
    X : array_like, shape (n, m)
        The inputs, one example per column.
    y : array_like, shape (1, m)
        The targets.
    batch_size : int
        How many examples per batch, positive.
    seed : int or numpy.random.Generator, default 0
        The shuffle's seed; pass the same Generator every epoch to get a new order each
        epoch, reproducibly.

    Yields
    ------
    X_batch : ndarray, shape (n, b)
        The batch's inputs.
    y_batch : ndarray, shape (1, b)
        Their targets.

    Raises
    ------
    ValueError
        If a shape is wrong, an array is empty or holds NaN or inf, or `batch_size` is
        not a positive integer.
    TypeError
        If `X` or `y` does not hold numbers.

    Examples
    --------

    >>> import numpy as np
    >>> from backprop.optim import minibatches
    >>> X, y = np.arange(10.0).reshape(2, 5), np.arange(5.0).reshape(1, 5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, batch_size=2, seed=0)]
    [[[2.0, 4.0]], [[3.0, 0.0]], [[1.0]]]
    """
    X = _checks.as_data("X", X)
    y = _checks.as_targets(y, X.shape[1])
    batch_size = _checks.positive_int("batch_size", batch_size)
    order = np.random.default_rng(seed).permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        yield X[:, idx], y[:, idx]


def random_search(model, X, y, n_samples, scale=3.0, seed=0):
    """The baseline gradient descent beats: try random parameters, keep the best.

    Draws every parameter entry uniformly from [−scale, scale] `n_samples` times. Taught
    in [chapter 1](../introduction.md#random-search-against-gradient-descent).

    Parameters
    ----------
    model : Model
        Any model of `backprop.models`; it is left holding the best parameters found.
    X : array_like, shape (n_features, m)
        The inputs, one example per column.
    y : array_like, shape (1, m)
        The targets.
    n_samples : int
        How many random parameter vectors to try.
    scale : float, default 3.0
        Entries are drawn from [−scale, scale].
    seed : int, default 0
        Seeds the draws.

    Returns
    -------
    list of float
        The lowest loss seen after each draw: non-increasing, `n_samples` long.

    Raises
    ------
    ValueError
        If a shape is wrong, an array is empty or holds NaN or inf, `n_samples` is not a
        positive integer or `scale` is not positive.
    TypeError
        If `X` or `y` does not hold numbers, or `scale` is not a real number.

    Examples
    --------

    >>> import numpy as np
    >>> from backprop import models
    >>> from backprop.optim import random_search
    >>> x = np.array([[0.0, 1.0, 2.0]]); y = 2 * x
    >>> best = random_search(models.UnivariateRegression(), x, y, n_samples=50, seed=0)
    >>> len(best), best[-1] <= best[0]
    (50, True)
    """
    n_samples = _checks.positive_int("n_samples", n_samples)
    scale = _checks.positive_float("scale", scale)
    X = _checks.as_data("X", X, rows=model.n_features)
    y = _checks.as_targets(y, X.shape[1])
    rng = np.random.default_rng(seed)
    best_loss, best_params, history = np.inf, None, []
    for _ in range(n_samples):
        for theta in model.params.values():
            theta[...] = rng.uniform(-scale, scale, theta.shape)
        loss = model.loss(X, y)
        if loss < best_loss:
            best_loss, best_params = loss, {k: v.copy() for k, v in model.params.items()}
        history.append(best_loss)
    for name, theta in model.params.items():
        theta[...] = best_params[name]
    return history
