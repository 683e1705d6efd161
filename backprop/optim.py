"""Optimizers: one small class per update rule, learning-rate schedules, mini-batches.

An optimizer is a learning rate, its hyperparameters and a state per parameter
(momentum's average `v`, RMSprop's average of squares `s`, Adam's both and its step
count). `step(params, grads)` applies the rule to every parameter, updating the arrays
in place so that a model holding them sees the new values. Each rule's `update` is the
formula of its chapter, line by line. The learning rate may be a schedule
(`StepDecay`, `CosineDecay`), which `step` asks for the rate of each step.

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

import math

import numpy as np

from backprop import _checks


class Optimizer:
    r"""Base class: checks the arguments of `step`, counts the steps, keeps a state per parameter.

    A subclass defines `update(theta, g, state)`, the rule for one parameter, which reads
    the learning rate of the current step from `self.lr`. Gradient descent is taught in
    [chapter 2](../univariate.md#gradient-descent), the other rules and the schedules in
    [6.3 Optimizers](../extended/optimizers.md).

    Parameters
    ----------
    lr : float or callable
        The learning rate $\alpha$, positive; or a schedule, a callable that gives the
        rate $\alpha_t$ of step $t = 1, 2, \dots$ (`StepDecay`, `CosineDecay`, or any
        function of `t` that returns a number, 0 or more).

    Attributes
    ----------
    lr : float
        The learning rate of the current step: $\alpha$, or with a schedule $\alpha_t$,
        which `step` sets before it updates the parameters.
    schedule : callable or None
        The schedule, if `lr` was one.
    t : int
        How many steps `step` has taken.
    state : dict of str to dict
        Per parameter name, what the rule keeps between steps.

    Raises
    ------
    ValueError
        If `lr` is not positive or not finite, or a schedule's first rate is negative.
    TypeError
        If `lr` is neither a real number nor a callable.

    Examples
    --------
    >>> from backprop.optim import GD, StepDecay
    >>> GD(lr=0.1)
    GD(lr=0.1)
    >>> GD(lr=0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be positive, got 0.0

    With a schedule, each step reads its own rate:

    >>> import numpy as np
    >>> opt = GD(lr=StepDecay(lr=1.0, every=2, gamma=0.5))
    >>> params = {"w": np.array(0.0)}
    >>> rates = []
    >>> for _ in range(5):
    ...     opt.step(params, {"w": np.array(1.0)})
    ...     rates.append(opt.lr)
    >>> rates, opt.t
    ([1.0, 1.0, 0.5, 0.5, 0.25], 5)
    """

    def __init__(self, lr):
        if callable(lr):
            self.schedule = lr
            self.lr = _rate(lr, 1)
        else:
            self.schedule = None
            self.lr = _checks.positive_float("lr", lr)
        self.t = 0
        self.state: dict[str, dict] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every array in `params` in place using `grads` of the same names and shapes.

        The step count `t` goes up by one; with a schedule, `lr` becomes the rate of step `t`.

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
            from its parameter's, or a schedule gives a negative rate.
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
        checked = {}
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
            checked[name] = g
        if self.schedule is not None:
            self.lr = _rate(self.schedule, self.t + 1)  # α_t, this step's rate
        self.t += 1
        for name, theta in params.items():
            self.update(theta, checked[name], self.state.setdefault(name, {}))

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
        lr = self.lr if self.schedule is None else self.schedule
        hyper = {k: v for k, v in vars(self).items() if k not in ("lr", "schedule", "t", "state")}
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in {'lr': lr, **hyper}.items())})"


def _rate(schedule, t: int) -> float:
    """The rate a schedule gives for step t, checked: a schedule may end at 0."""
    try:
        rate = _checks.real(f"the learning rate of step {t}", schedule(t))
    except TypeError as exc:
        raise TypeError(f"lr must be a number or a schedule (a function of the step t): {exc}") from None
    if rate < 0:
        raise ValueError(f"the learning rate of step {t} must not be negative, got {rate!r}")
    return rate


class GD(Optimizer):
    r"""Gradient descent: $\theta \leftarrow \theta - \alpha g$.

    Taught in [chapter 2](../univariate.md#gradient-descent).

    Parameters
    ----------
    lr : float or callable
        The learning rate $\alpha$, positive, or a schedule (see `Optimizer`).

    Raises
    ------
    ValueError
        If `lr` is not positive or not finite.
    TypeError
        If `lr` is neither a real number nor a callable.

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
    $\theta \leftarrow \theta - \alpha v$. With `nesterov=True`, Nesterov's momentum:
    $\theta \leftarrow \theta - \alpha\,(\beta v + (1 - \beta) g)$ after the same average.

    Taught in [6.3 Optimizers](../extended/optimizers.md#momentum); Nesterov's in
    [6.3](../extended/optimizers.md#nesterov-momentum).

    This is the heavy-ball method, $\theta_{t+1} = \theta_t - \eta g_t + \beta(\theta_t -
    \theta_{t-1})$ with $\eta = \alpha(1 - \beta)$, and it equals PyTorch's
    `SGD(lr=η, momentum=β)` (dampening 0), which keeps $b = v/(1 - \beta)$:
    $b \leftarrow \beta b + g$, $\theta \leftarrow \theta - \eta b$.
    With `nesterov=True` it equals `SGD(lr=η, momentum=β, nesterov=True)`:
    $b \leftarrow \beta b + g$, $\theta \leftarrow \theta - \eta (g + \beta b)$, which is
    Nesterov's method, the gradient taken at the look-ahead point
    $\theta_t + \beta(\theta_t - \theta_{t-1})$, written for the look-ahead point itself.

    Parameters
    ----------
    lr : float or callable
        The learning rate $\alpha$, positive, or a schedule (see `Optimizer`).
    beta : float, default 0.9
        The decay $\beta$ of the average, in [0, 1).
    nesterov : bool, default False
        Take Nesterov's step instead of the heavy-ball one.

    Raises
    ------
    ValueError
        If `lr` is not positive, or `beta` is not in [0, 1).
    TypeError
        If `lr` or `beta` is not a real number, or `nesterov` is not a bool.

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

    Nesterov's first step already moves by $\alpha (\beta (1 - \beta) + 1 - \beta) g$:

    >>> params = {"w": np.array(1.0)}
    >>> Momentum(lr=1.0, beta=0.5, nesterov=True).step(params, {"w": np.array(1.0)})
    >>> float(params["w"])
    0.25
    """

    def __init__(self, lr, beta=0.9, nesterov=False):
        super().__init__(lr)
        self.beta = _checks.unit_interval("beta", beta)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = nesterov

    def update(self, theta, g, state):
        r"""One step of the rule: $v \leftarrow \beta v + (1 - \beta) g$, then
        $\theta \leftarrow \theta - \alpha v$ (heavy ball) or
        $\theta \leftarrow \theta - \alpha (\beta v + (1 - \beta) g)$ (Nesterov);
        `state` keeps `v`.

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
        if self.nesterov:  # Nesterov: the next average, were g to come again
            v_next = beta * v + (1 - beta) * g
            theta -= self.lr * v_next  # θ ← θ − α (β v + (1 − β) g)
        else:
            theta -= self.lr * v  # θ ← θ − α v
        state["v"] = v


class RMSprop(Optimizer):
    r"""RMSprop: $s \leftarrow \beta s + (1 - \beta) g^2$;
    $\theta \leftarrow \theta - \alpha g / (\sqrt{s} + \tau)$.

    Taught in [6.3 Optimizers](../extended/optimizers.md#rmsprop). Equals PyTorch's
    `RMSprop(lr=α, alpha=β, eps=τ)`, which also adds $\tau$ outside the root.

    Parameters
    ----------
    lr : float or callable
        The learning rate $\alpha$, positive, or a schedule (see `Optimizer`).
    beta : float, default 0.9
        The decay $\beta$ of the average of squared gradients, in [0, 1).
    eps : float, default 1e-8
        $\tau$, positive: keeps the step finite where $s$ is 0.

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
        $\theta \leftarrow \theta - \alpha g / (\sqrt{s} + \tau)$; `state` keeps `s`.

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
        theta -= self.lr * g / (np.sqrt(s) + self.eps)  # θ ← θ − α g / (√s + τ)
        state["s"] = s


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum and RMSprop with bias correction.

    $v \leftarrow \beta_1 v + (1 - \beta_1) g$, $s \leftarrow \beta_2 s + (1 - \beta_2) g^2$,
    $\hat v = v / (1 - \beta_1^t)$, $\hat s = s / (1 - \beta_2^t)$,
    $\theta \leftarrow \theta - \alpha \hat v / (\sqrt{\hat s} + \tau)$.
    Kingma and Ba call the averages $m$ and $v$ and the constant $\tau$ $\epsilon$; the
    book keeps $v$ for momentum's average, $s$ for RMSprop's, and $m$ for the number of
    examples. Equals PyTorch's `Adam(lr=α, betas=(β1, β2), eps=τ)`.

    Taught in [6.3 Optimizers](../extended/optimizers.md#adam).

    Parameters
    ----------
    lr : float or callable, default 1e-3
        The learning rate $\alpha$, positive, or a schedule (see `Optimizer`).
    beta1, beta2 : float, default 0.9 and 0.999
        The decays $\beta_1$ and $\beta_2$ of the two averages, in [0, 1).
    eps : float, default 1e-8
        $\tau$, positive.

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
        `state` keeps `t`, `v` and `s`.

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
        >>> theta.round(6).tolist(), state["t"], sorted(state)
        ([0.99], 1, ['s', 't', 'v'])
        """
        beta1, beta2 = self.beta1, self.beta2
        t = state.get("t", 0) + 1  # the step count, from 1
        v, s = state.get("v", 0.0), state.get("s", 0.0)  # both start at 0
        v = beta1 * v + (1 - beta1) * g  # v ← β1 v + (1 − β1) g
        s = beta2 * s + (1 - beta2) * g**2  # s ← β2 s + (1 − β2) g²
        v_hat = v / (1 - beta1**t)  # bias corrections: both averages
        s_hat = s / (1 - beta2**t)  # started at 0
        # θ ← θ − α v̂ / (√ŝ + τ)
        theta -= self.lr * v_hat / (np.sqrt(s_hat) + self.eps)
        state.update(t=t, v=v, s=s)


class Schedule:
    r"""A learning-rate schedule: the rate $\alpha_t$ of every step $t = 1, 2, \dots$,
    after an optional linear warm-up.

    During the first `warmup` steps the rate climbs linearly, $\alpha_t = \alpha\,t/t_w$,
    to reach $\alpha$ at step $t_w$; after them, a subclass's `decay(k)` gives the rate of
    the k-th step after the warm-up (`k` $= t - t_w$). Pass a schedule as any optimizer's
    `lr`. Taught in [6.3 Optimizers](../extended/optimizers.md#learning-rate-schedules).

    Parameters
    ----------
    lr : float
        The peak rate $\alpha$, positive.
    warmup : int, default 0
        The number $t_w$ of warm-up steps, 0 or more.

    Raises
    ------
    ValueError
        If `lr` is not positive or `warmup` is not a non-negative integer.
    TypeError
        If `lr` is not a real number.

    Examples
    --------
    >>> from backprop.optim import StepDecay
    >>> [StepDecay(lr=1.0, every=10, warmup=4)(t) for t in (1, 2, 3, 4, 5)]
    [0.25, 0.5, 0.75, 1.0, 1.0]
    """

    def __init__(self, lr, warmup=0):
        self.lr = _checks.positive_float("lr", lr)
        self.warmup = _count("warmup", warmup)

    def __call__(self, t) -> float:
        r"""The rate $\alpha_t$ of step `t`.

        Parameters
        ----------
        t : int
            The step, counted from 1.

        Returns
        -------
        float
            $\alpha t / t_w$ during the warm-up, `decay(t - warmup)` after it.

        Raises
        ------
        ValueError
            If `t` is not a positive integer.

        Examples
        --------
        >>> from backprop.optim import CosineDecay
        >>> CosineDecay(lr=1.0, steps=3)(2)
        0.75
        """
        t = _checks.positive_int("t", t)
        if t <= self.warmup:
            return self.lr * t / self.warmup  # α t / t_w
        return self.decay(t - self.warmup)

    def decay(self, k: int) -> float:
        """The rate of the k-th step after the warm-up, defined by each schedule.

        Parameters
        ----------
        k : int
            The step after the warm-up, from 1.

        Raises
        ------
        NotImplementedError
            Always: the base class has no decay.

        Examples
        --------
        >>> from backprop.optim import Schedule
        >>> Schedule(lr=1.0).decay(1)
        Traceback (most recent call last):
        ...
        NotImplementedError
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


class StepDecay(Schedule):
    r"""Step decay: the rate is multiplied by $\gamma$ every `every` steps,
    $\alpha_t = \alpha\, \gamma^{\lfloor (t - t_w - 1)/\text{every} \rfloor}$ for
    $t > t_w$, after an optional linear warm-up of $t_w$ steps.

    Equals PyTorch's `StepLR(step_size=every, gamma=γ)` stepped once per step, after the
    warm-up. Taught in [6.3 Optimizers](../extended/optimizers.md#learning-rate-schedules).

    Parameters
    ----------
    lr : float
        The initial rate $\alpha$, positive.
    every : int
        How many steps each rate lasts, positive.
    gamma : float, default 0.1
        The decay factor $\gamma$, in (0, 1].
    warmup : int, default 0
        The number $t_w$ of warm-up steps, 0 or more.

    Raises
    ------
    ValueError
        If `lr` is not positive, `every` is not a positive integer, `gamma` is not in
        (0, 1], or `warmup` is not a non-negative integer.
    TypeError
        If `lr` or `gamma` is not a real number.

    Examples
    --------
    >>> from backprop.optim import StepDecay
    >>> schedule = StepDecay(lr=0.1, every=100, gamma=0.5)
    >>> [schedule(t) for t in (1, 100, 101, 201)]
    [0.1, 0.1, 0.05, 0.025]
    """

    def __init__(self, lr, every, gamma=0.1, warmup=0):
        super().__init__(lr, warmup)
        self.every = _checks.positive_int("every", every)
        self.gamma = _checks.real("gamma", gamma)
        if not 0 < self.gamma <= 1:
            raise ValueError(f"gamma must be in (0, 1], got {self.gamma!r}")

    def decay(self, k):
        r"""The rate of the k-th step after the warm-up,
        $\alpha\,\gamma^{\lfloor (k-1)/\text{every} \rfloor}$.

        Parameters
        ----------
        k : int
            The step after the warm-up, from 1.

        Returns
        -------
        float
            The rate.

        Examples
        --------
        >>> from backprop.optim import StepDecay
        >>> StepDecay(lr=1.0, every=2, gamma=0.5).decay(3)
        0.5
        """
        return self.lr * self.gamma ** ((k - 1) // self.every)


class CosineDecay(Schedule):
    r"""Cosine decay from $\alpha$ to $\alpha_{\min}$ over the steps after the warm-up:
    $\alpha_t = \alpha_{\min} + (\alpha - \alpha_{\min})\,
    \tfrac12 \bigl(1 + \cos(\pi \min(t - t_w - 1, K)/K)\bigr)$ for $t > t_w$, with
    $K = T - t_w$.

    After a linear warm-up of $t_w$ steps, half a cosine period takes the rate from
    $\alpha$ at step $t_w + 1$ down to $\alpha_{\min}$ at step $T + 1$. Equals optax's
    `cosine_decay_schedule(α, decay_steps=T − t_w, alpha=α_min/α)` counted from step
    $t_w + 1$, and PyTorch's `CosineAnnealingLR(T_max=T − t_w, eta_min=α_min)` for those
    steps. Taught in [6.3 Optimizers](../extended/optimizers.md#learning-rate-schedules).

    Parameters
    ----------
    lr : float
        The peak rate $\alpha$, positive.
    steps : int
        $T$, the steps it spans, warm-up included; above `warmup`.
    final : float, default 0.0
        $\alpha_{\min}$, the last rate, in [0, lr).
    warmup : int, default 0
        The number $t_w$ of warm-up steps, 0 or more.

    Raises
    ------
    ValueError
        If `lr` is not positive, `steps` is not an integer above `warmup`, `final` is
        not in [0, lr), or `warmup` is not a non-negative integer.
    TypeError
        If `lr` or `final` is not a real number.

    Examples
    --------
    >>> from backprop.optim import CosineDecay
    >>> schedule = CosineDecay(lr=1.0, steps=12, warmup=2)
    >>> [round(schedule(t), 6) for t in (1, 2, 3, 8, 12, 13, 100)]
    [0.5, 1.0, 1.0, 0.5, 0.024472, 0.0, 0.0]
    """

    def __init__(self, lr, steps, final=0.0, warmup=0):
        super().__init__(lr, warmup)
        self.steps = _checks.positive_int("steps", steps)
        if self.steps <= self.warmup:
            raise ValueError(f"steps must be more than warmup ({self.warmup}), got {self.steps}")
        self.final = _checks.real("final", final)
        if not 0 <= self.final < self.lr:
            raise ValueError(f"final must be in [0, lr) = [0, {self.lr!r}), got {self.final!r}")

    def decay(self, k):
        r"""The rate of the k-th step after the warm-up, on half a cosine.

        Parameters
        ----------
        k : int
            The step after the warm-up, from 1.

        Returns
        -------
        float
            $\alpha_{\min} + (\alpha - \alpha_{\min})\,\tfrac12(1 + \cos(\pi \min(k - 1, K)/K))$.

        Examples
        --------
        >>> from backprop.optim import CosineDecay
        >>> round(CosineDecay(lr=1.0, steps=4, final=0.2).decay(3), 12)
        0.6
        """
        K = self.steps - self.warmup  # the steps the cosine spans
        progress = min(k - 1, K) / K  # 0 at the first step, 1 at the end
        return self.final + (self.lr - self.final) * (1 + math.cos(math.pi * progress)) / 2


def _count(name: str, value) -> int:
    """A number of steps that may be 0."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


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


def descend(opt, gradient, start, steps):
    r"""The path of `opt` on a function given by its gradient: the start, then every step.

    Gradient descent and its variants on any differentiable function, not only a model's
    loss: `gradient(theta)` returns the gradient at `theta`, and `opt` takes `steps` steps
    from `start`. Taught in [6.3 Optimizers](../extended/optimizers.md#an-ill-conditioned-valley).

    Parameters
    ----------
    opt : Optimizer
        An optimizer of `backprop.optim`, e.g. `Momentum(lr=0.1)`.
    gradient : callable
        `gradient(theta)` returns the gradient at `theta`, of the same shape.
    start : array_like
        The starting point, any shape.
    steps : int
        How many steps, positive.

    Returns
    -------
    ndarray, shape (steps + 1, *start.shape)
        Row k is the point after k steps; row 0 is `start`.

    Raises
    ------
    TypeError
        If `opt` is not an optimizer of `backprop.optim`, or `start` does not hold numbers.
    ValueError
        If `steps` is not a positive integer, `start` holds NaN or inf, or a gradient's
        shape differs from the point's.

    Examples
    --------
    Gradient descent on $f(\theta) = \theta^2$, whose gradient is $2\theta$, with
    $\alpha = 0.25$: each step halves $\theta$.

    >>> from backprop.optim import GD, descend
    >>> descend(GD(lr=0.25), lambda theta: 2 * theta, start=[1.0], steps=3).ravel().tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    if not isinstance(opt, Optimizer):
        given = type(opt).__name__
        raise TypeError(f"opt must be a backprop.optim optimizer, got {given}")
    steps = _checks.positive_int("steps", steps)
    params = {"theta": _checks.as_param("start", start, np.shape(start))}
    path = [params["theta"].copy()]
    for _ in range(steps):
        opt.step(params, {"theta": gradient(params["theta"])})
        path.append(params["theta"].copy())
    return np.array(path)


def gradient_noise(model, X, y, eps=1e-5):
    r"""What the gradient noise scale is made of: the gradient on all the data $g$, the
    covariance $\Sigma$ of the examples' own gradients, and the Hessian $H$.

    Every parameter entry is one coordinate of a vector of $P$ numbers, in the order of
    `model.params` (each array flattened). $\Sigma = \frac1m \sum_i (g^{(i)} - g)(g^{(i)} -
    g)^\top$, where $g^{(i)}$ is the gradient of example $i$ alone; column $p$ of $H$ is
    $(\nabla L(\theta + \varepsilon u_p) - \nabla L(\theta - \varepsilon u_p)) / 2\varepsilon$,
    with $u_p$ the unit vector along parameter $p$, and $H$ is then made symmetric. Costs
    $m + 2P + 1$ gradient evaluations; the parameters are restored exactly. Taught in
    [6.3 Optimizers](../extended/optimizers.md#batch-size-and-learning-rate).

    Parameters
    ----------
    model : Model
        Any model of `backprop.models`.
    X : array_like, shape (n_features, m)
        The inputs, one example per column.
    y : array_like, shape (1, m)
        The targets.
    eps : float, default 1e-5
        The step $\varepsilon$ of the centered differences, positive.

    Returns
    -------
    g : ndarray, shape (P,)
        The gradient of the loss on all the data.
    Sigma : ndarray, shape (P, P)
        The covariance of the examples' gradients (the mean over examples, not $m - 1$).
    H : ndarray, shape (P, P)
        The Hessian of the loss on all the data.

    Raises
    ------
    ValueError
        If a shape is wrong, an array is empty or holds NaN or inf, or `eps` is not
        positive.
    TypeError
        If `X` or `y` does not hold numbers, or `eps` is not a real number.

    Examples
    --------
    For the mean squared error of a line, $L = \frac1m \sum_i (w x_i + b - y_i)^2$, the
    Hessian is $\frac2m \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & m
    \end{pmatrix}$ wherever the line is:

    >>> import numpy as np
    >>> from backprop import models
    >>> from backprop.optim import gradient_noise
    >>> x, y = np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, 1.0, 4.0]])
    >>> line = models.MultivariateRegression(1, w=[[1.0]], b=0.0)
    >>> g, Sigma, H = gradient_noise(line, x, y)
    >>> g.shape, Sigma.shape, (3 / 2 * H).round(6).tolist()
    ((2,), (2, 2), [[14.0, 6.0], [6.0, 3.0]])
    """
    X = _checks.as_data("X", X, rows=model.n_features)
    y = _checks.as_targets(y, X.shape[1])
    eps = _checks.positive_float("eps", eps)

    def flat_gradient(Xs, ys):
        grads = model.gradients(Xs, ys)[1]
        return np.concatenate([np.ravel(grads[name]) for name in model.params])

    g = flat_gradient(X, y)
    examples = [flat_gradient(X[:, [i]], y[:, [i]]) for i in range(X.shape[1])]
    per_example = np.array(examples)  # (m, P)
    Sigma = np.cov(per_example.T, bias=True).reshape(g.size, g.size)
    columns = []
    for theta in model.params.values():
        for index in np.ndindex(theta.shape):
            saved = theta[index]
            theta[index] = saved + eps
            ahead = flat_gradient(X, y)
            theta[index] = saved - eps
            behind = flat_gradient(X, y)
            theta[index] = saved
            columns.append((ahead - behind) / (2 * eps))
    H = np.column_stack(columns)
    return g, Sigma, (H + H.T) / 2


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
