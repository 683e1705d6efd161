"""The six models the chapters teach, each a forward pass and the backward pass beside it.

Examples are columns: `X` has shape (n_features, m) and targets `y` shape (1, m).
Every model keeps its parameters in `model.params`, a dict of float64 arrays named as
in the chapters (`w`, `b`, `W1`, `b1`, `w2`, `b2`). `forward_cache` returns every
intermediate value of the forward pass, `backward` turns that cache and the targets
into gradients with the same names and shapes as the parameters, line by line as
derived in the text. `forward`, `loss` and `gradients` come from `Model`.

Examples
--------
>>> import numpy as np
>>> from backprop import models
>>> model = models.UnivariateRegression(w=0.5, b=0.0)
>>> x, y = np.array([[1.0, 2.0]]), np.array([[1.0, 2.0]])
>>> model.forward(x).tolist()
[[0.5, 1.0]]
>>> loss, grads = model.gradients(x, y)
>>> loss, float(grads["w"]), float(grads["b"])
(0.625, -2.5, -1.5)
"""

from __future__ import annotations

import functools

import numpy as np

from backprop import _checks, _fast
from backprop.activations import sigmoid
from backprop.losses import cross_entropy, cross_entropy_gradient, mse, mse_gradient


class Model:
    """What the six models share: parameters, input checks, loss and gradients.

    A subclass sets `n_features` and `params` and defines `forward_cache(X)` (returning
    a dict holding at least `yhat`) and `backward(cache, y)`. Taught in
    [chapter 2](../univariate.md#the-implementation).

    Attributes
    ----------
    n_features : int
        n, the number of rows `X` must have.
    params : dict of str to ndarray
        The parameters by name, float64 arrays that optimizers update in place.

    Examples
    --------
    >>> from backprop import models
    >>> model = models.MultivariateRegression(2, w=[[1.0, -1.0]], b=0.5)
    >>> model
    MultivariateRegression(w(1, 2), b())
    >>> model.loss([[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0]])
    2.25
    """

    n_features: int
    params: dict[str, np.ndarray]

    def forward(self, X) -> np.ndarray:
        r"""The prediction $\hat y$ for every example.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.

        Returns
        -------
        ndarray, shape (1, m)
            $\hat y$, one prediction per example.

        Raises
        ------
        ValueError
            If `X` is not 2-D with `n_features` rows, has no columns, or holds NaN or inf.
        TypeError
            If `X` does not hold numbers.

        Examples
        --------
        >>> from backprop import models
        >>> models.UnivariateRegression(w=2.0, b=1.0).forward([[0.0, 1.0]]).tolist()
        [[1.0, 3.0]]
        """
        return self.forward_cache(X)["yhat"]

    def loss(self, X, y) -> float:
        """The loss on (X, y): the mean squared error, or cross-entropy for a classifier.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.
        y : array_like, shape (1, m)
            The targets (labels in [0, 1] for a classifier).

        Returns
        -------
        float
            The loss, averaged over the m examples.

        Raises
        ------
        ValueError
            If a shape is wrong, an array is empty or holds NaN or inf, or a classifier's
            labels are outside [0, 1].
        TypeError
            If `X` or `y` does not hold numbers.

        Examples
        --------
        >>> from backprop import models
        >>> models.UnivariateRegression(w=1.0, b=0.0).loss([[1.0, 2.0]], [[1.0, 4.0]])
        2.0
        """
        cache = self.forward_cache(X)
        return self._loss(cache, self._check_y(y, cache["yhat"].shape[1]))

    def gradients(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        r"""The loss and $\partial L/\partial\theta$ for every parameter $\theta$, in one
        forward and one backward pass.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.
        y : array_like, shape (1, m)
            The targets (labels in [0, 1] for a classifier).

        Returns
        -------
        loss : float
            The loss on (X, y), as `loss` computes it.
        grads : dict of str to ndarray
            The gradient of every parameter, with its name and shape.

        Raises
        ------
        ValueError
            If a shape is wrong, an array is empty or holds NaN or inf, or a classifier's
            labels are outside [0, 1].
        TypeError
            If `X` or `y` does not hold numbers.

        Examples
        --------
        >>> from backprop import models
        >>> loss, grads = models.UnivariateRegression(w=1.0, b=0.0).gradients([[1.0, 2.0]], [[1.0, 4.0]])
        >>> loss, float(grads["w"]), float(grads["b"])
        (2.0, -4.0, -2.0)
        """
        cache = self.forward_cache(X)
        y = self._check_y(y, cache["yhat"].shape[1])
        return self._loss(cache, y), self.backward(cache, y)

    def __repr__(self) -> str:
        shapes = ", ".join(f"{k}{v.shape}" for k, v in self.params.items())
        return f"{type(self).__name__}({shapes})"

    # -- helpers for subclasses -------------------------------------------------------
    def _check_X(self, X) -> np.ndarray:
        return _checks.as_data("X", X, rows=self.n_features)

    def _check_y(self, y, m: int) -> np.ndarray:
        return _checks.as_targets(y, m)

    def _loss(self, cache, y) -> float:
        return mse(cache["yhat"], y)


class _Classifier(Model):
    """Models whose output is σ(z): cross-entropy computed from the logits z."""

    logits = "z"  # the cache entry that holds them

    def _check_y(self, y, m: int) -> np.ndarray:
        y = super()._check_y(y, m)
        if ((y < 0) | (y > 1)).any():
            raise ValueError("y must hold labels (or probabilities) in [0, 1] for cross-entropy")
        return y

    def _loss(self, cache, y) -> float:
        return cross_entropy(cache[self.logits], y)


class _OneLayer(Model):
    """Parameters w (1, n) ~ N(0, 1/n) and b = 0, unless given."""

    def __init__(self, n_features, *, w=None, b=None, seed=0):
        rng = np.random.default_rng(seed)
        n = self.n_features = _checks.positive_int("n_features", n_features)
        if w is None:
            w = rng.normal(0.0, 1.0 / np.sqrt(n), (1, n))
        self.params = {
            "w": _checks.as_param("w", w, (1, n)),
            "b": _checks.as_param("b", 0.0 if b is None else b, ()),
        }


class _TwoLayer(Model):
    """Parameters W1 (h, n) ~ N(0, 1/n), b1 = 0, w2 (1, h) ~ N(0, 1/h), b2 = 0, unless given."""

    def __init__(self, n_features, n_hidden, *, W1=None, b1=None, w2=None, b2=None, seed=0):
        rng = np.random.default_rng(seed)
        n = self.n_features = _checks.positive_int("n_features", n_features)
        h = _checks.positive_int("n_hidden", n_hidden)
        if W1 is None:
            W1 = rng.normal(0.0, 1.0 / np.sqrt(n), (h, n))
        if w2 is None:
            w2 = rng.normal(0.0, 1.0 / np.sqrt(h), (1, h))
        self.params = {
            "W1": _checks.as_param("W1", W1, (h, n)),
            "b1": _checks.as_param("b1", np.zeros((h, 1)) if b1 is None else b1, (h, 1)),
            "w2": _checks.as_param("w2", w2, (1, h)),
            "b2": _checks.as_param("b2", 0.0 if b2 is None else b2, ()),
        }

    # The (hidden activation, loss) of the class's own forward_cache and backward, which
    # backprop._fast repeats bit for bit with reused arrays; see `gradients`.
    _fast_path: tuple[str, str] | None = None

    def gradients(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        """The loss and ∂L/∂θ for every parameter θ: the same numbers as `forward_cache`
        followed by `backward`, computed faster (`backprop._fast`) unless a subclass
        changed those passes."""
        if not _fast_path_applies(type(self)):
            return super().gradients(X, y)
        X = self._check_X(X)
        y = self._check_y(y, X.shape[1])
        return _fast.two_layer_gradients(self, X, y, *self._fast_path)


@functools.cache
def _fast_path_applies(cls) -> bool:
    """True when ``cls`` computes its passes as the class that declared ``_fast_path``."""
    owner = next((c for c in cls.__mro__ if c.__dict__.get("_fast_path")), None)
    names = ("forward_cache", "backward", "_loss", "_check_y", "_check_X")
    return owner is not None and all(getattr(cls, n) is getattr(owner, n) for n in names)


class UnivariateRegression(Model):
    r"""A line: $\hat y = w x + b$ with the mean squared error; $x$ and $y$ have shape
    (1, m), $w$ and $b$ are scalars.

    Taught in [chapter 2](../univariate.md).

    Parameters
    ----------
    w, b : float, optional
        The starting parameters: by default $w \sim N(0, 1)$ and $b = 0$.
    seed : int, default 0
        Seeds the random $w$.

    Raises
    ------
    ValueError
        If `w` or `b` is not a scalar or is NaN or inf.
    TypeError
        If `w` or `b` is not a number.

    Examples
    --------
    >>> from backprop.models import UnivariateRegression
    >>> model = UnivariateRegression(w=2.0, b=1.0)
    >>> model.forward([[0.0, 1.0, 2.0]]).tolist()
    [[1.0, 3.0, 5.0]]
    """

    def __init__(self, w=None, b=None, *, seed=0):
        rng = np.random.default_rng(seed)
        self.n_features = 1
        self.params = {
            "w": _checks.as_param("w", rng.normal() if w is None else w, ()),
            "b": _checks.as_param("b", 0.0 if b is None else b, ()),
        }

    def forward_cache(self, x):
        r"""The forward pass, keeping what the backward pass needs.

        Parameters
        ----------
        x : array_like, shape (1, m)
            One feature per example.

        Returns
        -------
        dict of str to ndarray
            `x` and `yhat` ($\hat y$), each of shape (1, m).

        Raises
        ------
        ValueError
            If `x` is not 2-D with one row, has no columns, or holds NaN or inf.
        TypeError
            If `x` does not hold numbers.

        Examples
        --------
        >>> from backprop.models import UnivariateRegression
        >>> cache = UnivariateRegression(w=2.0, b=1.0).forward_cache([[0.0, 1.0]])
        >>> cache["yhat"].tolist()
        [[1.0, 3.0]]
        """
        x = _checks.as_data("x", x, rows=1)
        w, b = self.params["w"], self.params["b"]  # scalars
        yhat = w * x + b  # (1, m)
        return {"x": x, "yhat": yhat}

    def backward(self, cache, y):
        r"""The backward pass: every parameter's gradient from the cache and the targets.

        Parameters
        ----------
        cache : dict of str to ndarray
            What `forward_cache` returned.
        y : ndarray, shape (1, m)
            The targets.

        Returns
        -------
        dict of str to ndarray
            $\partial L/\partial w$ and $\partial L/\partial b$ under the names `w` and
            `b`, both scalars.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.models import UnivariateRegression
        >>> model = UnivariateRegression(w=1.0, b=0.0)
        >>> grads = model.backward(model.forward_cache([[1.0, 2.0]]), np.array([[1.0, 4.0]]))
        >>> float(grads["w"]), float(grads["b"])
        (-4.0, -2.0)
        """
        x, yhat = cache["x"], cache["yhat"]
        dyhat = mse_gradient(yhat, y)  # δ = ∂L/∂ŷ = (2/m)(ŷ − y), (1, m)
        dw = np.sum(dyhat * x)  # Σ_i δ_i x_i, a scalar
        db = np.sum(dyhat)  # Σ_i δ_i, a scalar
        return {"w": dw, "b": db}


class MultivariateRegression(_OneLayer):
    r"""A plane: $\hat y = w X + b$ with the mean squared error; $X$ is (n, m), $w$ is
    (1, n) and $b$ a scalar.

    Taught in [chapter 3](../multivariate.md).

    Parameters
    ----------
    n_features : int
        n, the number of features (rows of `X`).
    w : array_like, shape (1, n), optional
        The starting weights; by default drawn from $N(0, 1/n)$.
    b : float, optional
        The starting bias; by default 0.
    seed : int, default 0
        Seeds the random `w`.

    Raises
    ------
    ValueError
        If `n_features` is not a positive integer, or `w` or `b` has the wrong shape or
        holds NaN or inf.
    TypeError
        If `w` or `b` does not hold numbers.

    Examples
    --------
    >>> from backprop.models import MultivariateRegression
    >>> model = MultivariateRegression(2, w=[[1.0, -1.0]], b=0.5)
    >>> model.forward([[1.0, 2.0], [3.0, 4.0]]).tolist()
    [[-1.5, -1.5]]
    """

    def forward_cache(self, X):
        r"""The forward pass, keeping what the backward pass needs.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.

        Returns
        -------
        dict of str to ndarray
            `X` and `yhat` ($\hat y$, shape (1, m)).

        Raises
        ------
        ValueError
            If `X` is not 2-D with `n_features` rows, has no columns, or holds NaN or inf.
        TypeError
            If `X` does not hold numbers.

        Examples
        --------
        >>> from backprop.models import MultivariateRegression
        >>> cache = MultivariateRegression(2, w=[[1.0, -1.0]]).forward_cache([[1.0], [3.0]])
        >>> cache["yhat"].tolist()
        [[-2.0]]
        """
        X = self._check_X(X)
        w, b = self.params["w"], self.params["b"]  # (1, n), scalar
        yhat = w @ X + b  # (1, n) @ (n, m) -> (1, m)
        return {"X": X, "yhat": yhat}

    def backward(self, cache, y):
        r"""The backward pass: every parameter's gradient from the cache and the targets.

        Parameters
        ----------
        cache : dict of str to ndarray
            What `forward_cache` returned.
        y : ndarray, shape (1, m)
            The targets.

        Returns
        -------
        dict of str to ndarray
            $\partial L/\partial w = \delta X^\top$ and $\partial L/\partial b = \sum_i \delta_i$
            as `w` and `b`, each with its parameter's shape.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.models import MultivariateRegression
        >>> model = MultivariateRegression(2, w=[[1.0, -1.0]])
        >>> grads = model.backward(model.forward_cache([[1.0], [3.0]]), np.array([[0.0]]))
        >>> grads["w"].tolist(), float(grads["b"])
        ([[-4.0, -12.0]], -4.0)
        """
        X, yhat = cache["X"], cache["yhat"]
        dyhat = mse_gradient(yhat, y)  # δ = ∂L/∂ŷ = (2/m)(ŷ − y), (1, m)
        dw = dyhat @ X.T  # δ Xᵀ: (1, m) @ (m, n) -> (1, n)
        db = np.sum(dyhat)  # Σ_i δ_i, a scalar
        return {"w": dw, "b": db}


class TwoLayerLinear(_TwoLayer):
    r"""Two linear layers, $z = W^{[1]} X + b^{[1]}$ and $\hat y = w^{[2]} z + b^{[2]}$, with
    the mean squared error: no nonlinearity, so no more than one linear map.

    The parameters $W^{[1]}, b^{[1]}, w^{[2]}, b^{[2]}$ are named `W1`, `b1`, `w2`, `b2`.

    Taught in [chapter 4](../two-layer-linear.md).

    Parameters
    ----------
    n_features : int
        n, the number of features (rows of `X`).
    n_hidden : int
        h, the number of hidden units.
    W1 : array_like, shape (h, n), optional
        The first layer's weights $W^{[1]}$; by default drawn from $N(0, 1/n)$.
    b1 : array_like, shape (h, 1), optional
        The first layer's biases $b^{[1]}$; by default 0.
    w2 : array_like, shape (1, h), optional
        The second layer's weights $w^{[2]}$; by default drawn from $N(0, 1/h)$.
    b2 : float, optional
        The second layer's bias $b^{[2]}$; by default 0.
    seed : int, default 0
        Seeds the random `W1` and `w2`.

    Raises
    ------
    ValueError
        If `n_features` or `n_hidden` is not a positive integer, or a given parameter has
        the wrong shape or holds NaN or inf.
    TypeError
        If a given parameter does not hold numbers.

    Examples
    --------
    >>> from backprop.models import TwoLayerLinear
    >>> model = TwoLayerLinear(3, 4, seed=0)
    >>> {name: p.shape for name, p in model.params.items()}
    {'W1': (4, 3), 'b1': (4, 1), 'w2': (1, 4), 'b2': ()}
    """

    _fast_path = ("linear", "mse")

    def forward_cache(self, X):
        r"""The forward pass, keeping what the backward pass needs.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.

        Returns
        -------
        dict of str to ndarray
            `X`, the hidden values `z` (h, m) and `yhat` ($\hat y$, (1, m)).

        Raises
        ------
        ValueError
            If `X` is not 2-D with `n_features` rows, has no columns, or holds NaN or inf.
        TypeError
            If `X` does not hold numbers.

        Examples
        --------
        >>> from backprop.models import TwoLayerLinear
        >>> cache = TwoLayerLinear(2, 3, seed=0).forward_cache([[1.0, 2.0], [0.0, 1.0]])
        >>> {name: value.shape for name, value in cache.items()}
        {'X': (2, 2), 'z': (3, 2), 'yhat': (1, 2)}
        """
        X = self._check_X(X)
        W1, b1, w2, b2 = self.params.values()  # (h, n), (h, 1), (1, h), scalar
        z = W1 @ X + b1  # (h, n) @ (n, m) -> (h, m); b1 added to every column
        yhat = w2 @ z + b2  # (1, h) @ (h, m) -> (1, m)
        return {"X": X, "z": z, "yhat": yhat}

    def backward(self, cache, y):
        r"""The backward pass: every parameter's gradient from the cache and the targets.

        Parameters
        ----------
        cache : dict of str to ndarray
            What `forward_cache` returned.
        y : ndarray, shape (1, m)
            The targets.

        Returns
        -------
        dict of str to ndarray
            `W1`, `b1`, `w2` and `b2`, backpropagated through the hidden layer, each with
            its parameter's shape.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.models import TwoLayerLinear
        >>> model = TwoLayerLinear(2, 3, seed=0)
        >>> grads = model.backward(model.forward_cache([[1.0, 2.0], [0.0, 1.0]]), np.array([[1.0, 0.0]]))
        >>> {name: g.shape for name, g in grads.items()}
        {'W1': (3, 2), 'b1': (3, 1), 'w2': (1, 3), 'b2': ()}
        """
        X, z, yhat = cache["X"], cache["z"], cache["yhat"]
        w2 = self.params["w2"]
        dyhat = mse_gradient(yhat, y)  # δ = ∂L/∂ŷ = (2/m)(ŷ − y), (1, m)
        dw2 = dyhat @ z.T  # δ zᵀ: (1, m) @ (m, h) -> (1, h)
        db2 = np.sum(dyhat)  # Σ_i δ_i, a scalar
        dz = w2.T @ dyhat  # ∂L/∂z = w2ᵀ δ: (h, 1) @ (1, m) -> (h, m)
        dW1 = dz @ X.T  # (h, m) @ (m, n) -> (h, n)
        db1 = np.sum(dz, axis=1, keepdims=True)  # row sums of ∂L/∂z, (h, 1)
        return {"W1": dW1, "b1": db1, "w2": dw2, "b2": db2}

    def as_linear_map(self) -> MultivariateRegression:
        r"""The single linear model this network equals: $w = w^{[2]} W^{[1]}$,
        $b = w^{[2]} b^{[1]} + b^{[2]}$.

        Returns
        -------
        MultivariateRegression
            A new model with those parameters: its predictions are this network's.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.models import TwoLayerLinear
        >>> net = TwoLayerLinear(2, 3, seed=0)
        >>> X = np.array([[1.0, 2.0], [0.0, 1.0]])
        >>> bool(np.allclose(net.as_linear_map().forward(X), net.forward(X)))
        True
        """
        W1, b1, w2, b2 = self.params.values()
        w = w2 @ W1  # (1, h) @ (h, n) -> (1, n)
        b = (w2 @ b1).item() + float(b2)  # (1, h) @ (h, 1) -> a scalar
        return MultivariateRegression(self.n_features, w=w, b=b)


class TwoLayerNonlinear(_TwoLayer):
    r"""A sigmoid hidden layer, $z = W^{[1]} X + b^{[1]}$, $a = \sigma(z)$,
    $\hat y = w^{[2]} a + b^{[2]}$, with the mean squared error.

    The parameters $W^{[1]}, b^{[1]}, w^{[2]}, b^{[2]}$ are named `W1`, `b1`, `w2`, `b2`.

    Taught in [chapter 5](../two-layer-nonlinear.md).

    Parameters
    ----------
    n_features : int
        n, the number of features (rows of `X`).
    n_hidden : int
        h, the number of hidden units.
    W1 : array_like, shape (h, n), optional
        The first layer's weights $W^{[1]}$; by default drawn from $N(0, 1/n)$.
    b1 : array_like, shape (h, 1), optional
        The first layer's biases $b^{[1]}$; by default 0.
    w2 : array_like, shape (1, h), optional
        The second layer's weights $w^{[2]}$; by default drawn from $N(0, 1/h)$.
    b2 : float, optional
        The second layer's bias $b^{[2]}$; by default 0.
    seed : int, default 0
        Seeds the random `W1` and `w2`.

    Raises
    ------
    ValueError
        If `n_features` or `n_hidden` is not a positive integer, or a given parameter has
        the wrong shape or holds NaN or inf.
    TypeError
        If a given parameter does not hold numbers.

    Examples
    --------
    >>> from backprop.models import TwoLayerNonlinear
    >>> model = TwoLayerNonlinear(1, 8, seed=0)
    >>> model.forward_cache([[0.0, 1.0]])["a"].shape
    (8, 2)
    """

    _fast_path = ("sigmoid", "mse")

    def forward_cache(self, X):
        r"""The forward pass, keeping what the backward pass needs.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.

        Returns
        -------
        dict of str to ndarray
            `X`, `z` and the activations `a` (h, m), and `yhat` ($\hat y$, (1, m)).

        Raises
        ------
        ValueError
            If `X` is not 2-D with `n_features` rows, has no columns, or holds NaN or inf.
        TypeError
            If `X` does not hold numbers.

        Examples
        --------
        >>> from backprop.models import TwoLayerNonlinear
        >>> cache = TwoLayerNonlinear(1, 2, W1=[[1.0], [-1.0]]).forward_cache([[0.0]])
        >>> cache["a"].ravel().tolist()
        [0.5, 0.5]
        """
        X = self._check_X(X)
        W1, b1, w2, b2 = self.params.values()  # (h, n), (h, 1), (1, h), scalar
        z = W1 @ X + b1  # (h, m)
        a = sigmoid(z)  # (h, m)
        yhat = w2 @ a + b2  # (1, h) @ (h, m) -> (1, m)
        return {"X": X, "z": z, "a": a, "yhat": yhat}

    def backward(self, cache, y):
        r"""The backward pass: every parameter's gradient from the cache and the targets.

        Parameters
        ----------
        cache : dict of str to ndarray
            What `forward_cache` returned.
        y : ndarray, shape (1, m)
            The targets.

        Returns
        -------
        dict of str to ndarray
            `W1`, `b1`, `w2` and `b2`, backpropagated through $\sigma$, each with its parameter's shape.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.models import TwoLayerNonlinear
        >>> model = TwoLayerNonlinear(1, 2, seed=0)
        >>> grads = model.backward(model.forward_cache([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
        >>> sorted(grads) == sorted(model.params)
        True
        """
        X, a, yhat = cache["X"], cache["a"], cache["yhat"]
        w2 = self.params["w2"]
        dyhat = mse_gradient(yhat, y)  # δ = ∂L/∂ŷ = (2/m)(ŷ − y), (1, m)
        dw2 = dyhat @ a.T  # δ aᵀ: (1, m) @ (m, h) -> (1, h)
        db2 = np.sum(dyhat)  # Σ_i δ_i, a scalar
        da = w2.T @ dyhat  # ∂L/∂a = w2ᵀ δ: (h, 1) @ (1, m) -> (h, m)
        dz = da * a * (1 - a)  # ∂L/∂z = ∂L/∂a ⊙ σ'(z), σ'(z) = a ⊙ (1 − a), (h, m)
        dW1 = dz @ X.T  # (h, m) @ (m, n) -> (h, n)
        db1 = np.sum(dz, axis=1, keepdims=True)  # row sums of ∂L/∂z, (h, 1)
        return {"W1": dW1, "b1": db1, "w2": dw2, "b2": db2}


class LogisticRegression(_Classifier, _OneLayer):
    r"""A linear classifier: $z = w X + b$, $\hat y = \sigma(z)$, with the binary
    cross-entropy computed from the logits $z$ (finite even where $\hat y$ rounds to 0 or 1).

    Taught in [6.2 Backprop, visualized](../extended/backprop-graphs.md#logistic-regression).

    Parameters
    ----------
    n_features : int
        n, the number of features (rows of `X`).
    w : array_like, shape (1, n), optional
        The starting weights; by default drawn from $N(0, 1/n)$.
    b : float, optional
        The starting bias; by default 0.
    seed : int, default 0
        Seeds the random `w`.

    Raises
    ------
    ValueError
        If `n_features` is not a positive integer, or `w` or `b` has the wrong shape or
        holds NaN or inf.
    TypeError
        If `w` or `b` does not hold numbers.

    Examples
    --------
    >>> from backprop.models import LogisticRegression
    >>> model = LogisticRegression(2, w=[[1.0, 0.0]], b=0.0)
    >>> model.forward([[0.0, 1000.0], [5.0, 5.0]]).tolist()
    [[0.5, 1.0]]
    """

    def forward_cache(self, X):
        r"""The forward pass, keeping what the backward pass needs.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.

        Returns
        -------
        dict of str to ndarray
            `X`, the logits `z` and `yhat` ($\hat y = \sigma(z)$), each row of shape (1, m).

        Raises
        ------
        ValueError
            If `X` is not 2-D with `n_features` rows, has no columns, or holds NaN or inf.
        TypeError
            If `X` does not hold numbers.

        Examples
        --------
        >>> from backprop.models import LogisticRegression
        >>> cache = LogisticRegression(1, w=[[2.0]]).forward_cache([[0.0, 1.0]])
        >>> cache["z"].tolist(), cache["yhat"].round(4).tolist()
        ([[0.0, 2.0]], [[0.5, 0.8808]])
        """
        X = self._check_X(X)
        w, b = self.params["w"], self.params["b"]  # (1, n), scalar
        z = w @ X + b  # the logits, (1, m)
        yhat = sigmoid(z)  # (1, m)
        return {"X": X, "z": z, "yhat": yhat}

    def backward(self, cache, y):
        r"""The backward pass: every parameter's gradient from the cache and the targets.

        Parameters
        ----------
        cache : dict of str to ndarray
            What `forward_cache` returned.
        y : ndarray, shape (1, m)
            The labels, in [0, 1].

        Returns
        -------
        dict of str to ndarray
            `w` and `b`, from $\partial L/\partial z = (\hat y - y)/m$, each with its parameter's shape.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.models import LogisticRegression
        >>> model = LogisticRegression(1, w=[[0.0]])
        >>> grads = model.backward(model.forward_cache([[2.0]]), np.array([[1.0]]))
        >>> grads["w"].tolist(), float(grads["b"])
        ([[-1.0]], -0.5)
        """
        X, z = cache["X"], cache["z"]
        dz = cross_entropy_gradient(z, y)  # ∂L/∂z = (1/m)(ŷ − y), (1, m)
        dw = dz @ X.T  # (1, m) @ (m, n) -> (1, n)
        db = np.sum(dz)  # a scalar
        return {"w": dw, "b": db}


class TwoLayerPerceptron(_Classifier, _TwoLayer):
    r"""A classifier with a sigmoid hidden layer: $z^{[1]} = W^{[1]} X + b^{[1]}$,
    $a^{[1]} = \sigma(z^{[1]})$, $z^{[2]} = w^{[2]} a^{[1]} + b^{[2]}$, $\hat y = \sigma(z^{[2]})$,
    with the cross-entropy from the logits $z^{[2]}$.

    The parameters $W^{[1]}, b^{[1]}, w^{[2]}, b^{[2]}$ are named `W1`, `b1`, `w2`, `b2`, and
    $z^{[1]}, a^{[1]}, z^{[2]}$ in the cache `z1`, `a1`, `z2`.

    Taught in [6.2 Backprop, visualized](../extended/backprop-graphs.md#a-two-layer-perceptron).

    Parameters
    ----------
    n_features : int
        n, the number of features (rows of `X`).
    n_hidden : int
        h, the number of hidden units.
    W1 : array_like, shape (h, n), optional
        The first layer's weights $W^{[1]}$; by default drawn from $N(0, 1/n)$.
    b1 : array_like, shape (h, 1), optional
        The first layer's biases $b^{[1]}$; by default 0.
    w2 : array_like, shape (1, h), optional
        The second layer's weights $w^{[2]}$; by default drawn from $N(0, 1/h)$.
    b2 : float, optional
        The second layer's bias $b^{[2]}$; by default 0.
    seed : int, default 0
        Seeds the random `W1` and `w2`.

    Raises
    ------
    ValueError
        If `n_features` or `n_hidden` is not a positive integer, or a given parameter has
        the wrong shape or holds NaN or inf.
    TypeError
        If a given parameter does not hold numbers.

    Examples
    --------
    >>> from backprop.models import TwoLayerPerceptron
    >>> model = TwoLayerPerceptron(2, 3, seed=0)
    >>> loss, grads = model.gradients([[0.0, 1.0], [1.0, 0.0]], [[0, 1]])
    >>> sorted(grads) == sorted(model.params)
    True
    """

    logits = "z2"
    _fast_path = ("sigmoid", "cross-entropy")

    def forward_cache(self, X):
        r"""The forward pass, keeping what the backward pass needs.

        Parameters
        ----------
        X : array_like, shape (n_features, m)
            The inputs, one example per column.

        Returns
        -------
        dict of str to ndarray
            `X`, `z1` and `a1` (h, m), the logits `z2` and `yhat` ($\hat y$), (1, m).

        Raises
        ------
        ValueError
            If `X` is not 2-D with `n_features` rows, has no columns, or holds NaN or inf.
        TypeError
            If `X` does not hold numbers.

        Examples
        --------
        >>> from backprop.models import TwoLayerPerceptron
        >>> cache = TwoLayerPerceptron(2, 3, seed=0).forward_cache([[1.0], [0.0]])
        >>> list(cache)
        ['X', 'z1', 'a1', 'z2', 'yhat']
        """
        X = self._check_X(X)
        W1, b1, w2, b2 = self.params.values()  # (h, n), (h, 1), (1, h), scalar
        z1 = W1 @ X + b1  # (h, m)
        a1 = sigmoid(z1)  # (h, m)
        z2 = w2 @ a1 + b2  # the logits, (1, m)
        yhat = sigmoid(z2)  # (1, m)
        return {"X": X, "z1": z1, "a1": a1, "z2": z2, "yhat": yhat}

    def backward(self, cache, y):
        r"""The backward pass: every parameter's gradient from the cache and the targets.

        Parameters
        ----------
        cache : dict of str to ndarray
            What `forward_cache` returned.
        y : ndarray, shape (1, m)
            The labels, in [0, 1].

        Returns
        -------
        dict of str to ndarray
            `W1`, `b1`, `w2` and `b2`, backpropagated through both sigmoids, each with its parameter's shape.

        Examples
        --------
        >>> import numpy as np
        >>> from backprop.models import TwoLayerPerceptron
        >>> model = TwoLayerPerceptron(2, 3, seed=0)
        >>> grads = model.backward(model.forward_cache([[1.0], [0.0]]), np.array([[1.0]]))
        >>> grads["W1"].shape, grads["w2"].shape
        ((3, 2), (1, 3))
        """
        X, a1, z2 = cache["X"], cache["a1"], cache["z2"]
        w2 = self.params["w2"]
        dz2 = cross_entropy_gradient(z2, y)  # ∂L/∂z2 = (1/m)(ŷ − y), (1, m)
        dw2 = dz2 @ a1.T  # (∂L/∂z2) a1ᵀ: (1, m) @ (m, h) -> (1, h)
        db2 = np.sum(dz2)  # a scalar
        da1 = w2.T @ dz2  # ∂L/∂a1 = w2ᵀ ∂L/∂z2: (h, 1) @ (1, m) -> (h, m)
        dz1 = da1 * a1 * (1 - a1)  # ∂L/∂z1 = ∂L/∂a1 ⊙ a1 ⊙ (1 − a1), (h, m)
        dW1 = dz1 @ X.T  # (h, m) @ (m, n) -> (h, n)
        db1 = np.sum(dz1, axis=1, keepdims=True)  # row sums of ∂L/∂z1, (h, 1)
        return {"W1": dW1, "b1": db1, "w2": dw2, "b2": db2}
