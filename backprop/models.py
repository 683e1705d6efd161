"""The six models the chapters teach, each a forward pass and the backward pass beside it.

Examples are columns: ``X`` has shape (n_features, m) and targets ``y`` shape (1, m).
Every model keeps its parameters in ``model.params``, a dict of float64 arrays named as
in the chapters (``w``, ``b``, ``W1``, ``b1``, ``w2``, ``b2``). ``forward_cache`` returns
every intermediate value of the forward pass, ``backward`` turns that cache and the
targets into gradients with the same names and shapes as the parameters, line by line
as derived in the text.

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
import inspect

import numpy as np

from backprop import _checks
from backprop.activations import sigmoid, sigmoid_backward
from backprop.losses import cross_entropy, cross_entropy_gradient, mse, mse_gradient


class Model:
    """What the six models share: parameters, input checks, loss and gradients.

    A subclass sets ``n_features`` and ``params`` and defines ``forward_cache(X)``
    (returning a dict holding at least ``yhat``) and ``backward(cache, y)``.
    """

    n_features: int
    params: dict[str, np.ndarray]

    def forward(self, X) -> np.ndarray:
        """The prediction ŷ, shape (1, m)."""
        return self.forward_cache(X)["yhat"]

    def loss(self, X, y) -> float:
        """The loss on (X, y)."""
        cache = self.forward_cache(X)
        return self._loss(cache, self._check_y(y, cache))

    def gradients(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        """The loss and ∂L/∂θ for every parameter θ, in one forward and one backward pass."""
        cache = self._training_forward(X)
        y = self._check_y(y, cache)
        return self._loss(cache, y), self.backward(cache, y)

    def __repr__(self) -> str:
        shapes = ", ".join(f"{k}{v.shape}" for k, v in self.params.items())
        return f"{type(self).__name__}({shapes})"

    # -- helpers for subclasses -------------------------------------------------------
    def _training_forward(self, X) -> dict:
        """The forward pass of ``gradients``, whose cache no caller ever sees."""
        return self.forward_cache(X)

    def _check_X(self, X) -> np.ndarray:
        return _checks.as_data("X", X, rows=self.n_features)

    def _check_y(self, y, cache) -> np.ndarray:
        return _checks.as_targets(y, cache["yhat"].shape[1])

    def _loss(self, cache, y) -> float:
        return mse(cache["yhat"], y)


class _Classifier(Model):
    """Models whose output is σ(z): cross-entropy computed from the logits z."""

    def _check_y(self, y, cache) -> np.ndarray:
        y = super()._check_y(y, cache)
        if ((y < 0) | (y > 1)).any():
            raise ValueError("y must hold labels (or probabilities) in [0, 1] for cross-entropy")
        return y

    def _loss(self, cache, y) -> float:
        return cross_entropy(cache["z"], y)


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
        self._hidden = None  # the (h, m) array the last call of `gradients` used

    def _training_forward(self, X):
        """``forward_cache`` into the hidden-layer array of the previous call.

        Training calls ``gradients`` once per step, with batches of one size, and its
        cache never leaves it, so each step can overwrite the last one's hidden layer: a
        fresh h-by-m array every step costs page faults, up to a quarter of a step at
        h = 256, m = 1024. (A subclass whose ``forward_cache`` takes no ``out`` gets a
        fresh array.)
        """
        if not _takes_out(type(self)):
            return self.forward_cache(X)
        X = self._check_X(X)
        shape = (self.params["W1"].shape[0], X.shape[1])
        if self._hidden is None or self._hidden.shape != shape:
            self._hidden = np.empty(shape)
        return self.forward_cache(X, out=self._hidden)


@functools.cache
def _takes_out(cls) -> bool:
    return "out" in inspect.signature(cls.forward_cache).parameters


class UnivariateRegression(Model):
    """ŷ = w x + b with the MSE loss; x and y have shape (1, m), w and b are scalars.

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
        x = _checks.as_data("x", x, rows=1)
        yhat = self.params["w"] * x + self.params["b"]
        return {"x": x, "yhat": yhat}

    def backward(self, cache, y):
        delta = mse_gradient(cache["yhat"], y)  # ∂L/∂ŷ, (1, m)
        dw = np.vdot(delta, cache["x"])  # Σ δ_i x_i
        db = delta.sum()  # Σ δ_i
        return {"w": np.asarray(dw), "b": np.asarray(db)}


class MultivariateRegression(_OneLayer):
    """ŷ = w X + b with the MSE loss; X (n, m), w (1, n), scalar b.

    >>> model = MultivariateRegression(2, w=[[1.0, -1.0]], b=0.5)
    >>> model.forward([[1.0, 2.0], [3.0, 4.0]]).tolist()
    [[-1.5, -1.5]]
    """

    def forward_cache(self, X):
        X = self._check_X(X)
        yhat = self.params["w"] @ X + self.params["b"]
        return {"X": X, "yhat": yhat}

    def backward(self, cache, y):
        delta = mse_gradient(cache["yhat"], y)  # ∂L/∂ŷ, (1, m)
        dw = delta @ cache["X"].T  # (1, m) @ (m, n) -> (1, n)
        db = delta.sum()
        return {"w": dw, "b": np.asarray(db)}


class TwoLayerLinear(_TwoLayer):
    """z = W1 X + b1, ŷ = w2 z + b2 with the MSE loss: two layers, no nonlinearity.

    >>> model = TwoLayerLinear(3, 4, seed=0)
    >>> {name: p.shape for name, p in model.params.items()}
    {'W1': (4, 3), 'b1': (4, 1), 'w2': (1, 4), 'b2': ()}
    """

    def forward_cache(self, X, out=None):
        X = self._check_X(X)
        p = self.params
        z = np.matmul(p["W1"], X, out=out)  # (h, m), into `out` if given
        z += p["b1"]  # in place: one h-by-m array rather than two
        yhat = p["w2"] @ z + p["b2"]  # (1, m)
        return {"X": X, "z": z, "yhat": yhat}

    def backward(self, cache, y):
        X, z = cache["X"], cache["z"]
        delta = mse_gradient(cache["yhat"], y)  # ∂L/∂ŷ, (1, m)
        dw2 = delta @ z.T  # (1, h)
        db2 = delta.sum()
        dz = self.params["w2"].T @ delta  # (h, 1) @ (1, m) -> (h, m)
        dW1 = dz @ X.T  # (h, n)
        db1 = dz.sum(axis=1, keepdims=True)  # (h, 1)
        return {"W1": dW1, "b1": db1, "w2": dw2, "b2": np.asarray(db2)}

    def as_linear_map(self) -> MultivariateRegression:
        """The single linear model this network equals: w = w2 W1, b = w2 b1 + b2."""
        p = self.params
        w = p["w2"] @ p["W1"]
        b = (p["w2"] @ p["b1"]).item() + float(p["b2"])
        return MultivariateRegression(self.n_features, w=w, b=b)


class TwoLayerNonlinear(_TwoLayer):
    """z = W1 X + b1, a = σ(z), ŷ = w2 a + b2 with the MSE loss.

    >>> model = TwoLayerNonlinear(1, 8, seed=0)
    >>> model.forward_cache([[0.0, 1.0]])["a"].shape
    (8, 2)
    """

    def forward_cache(self, X, out=None):
        X = self._check_X(X)
        p = self.params
        z = np.matmul(p["W1"], X, out=out)  # (h, m), into `out` if given
        z += p["b1"]  # in place: one h-by-m array rather than two
        a = sigmoid(z, out=z)  # (h, m), over z, which the backward pass does not need
        yhat = p["w2"] @ a + p["b2"]  # (1, m)
        return {"X": X, "a": a, "yhat": yhat}

    def backward(self, cache, y):
        X, a = cache["X"], cache["a"]
        delta = mse_gradient(cache["yhat"], y)  # ∂L/∂ŷ, (1, m)
        dw2 = delta @ a.T  # (1, h)
        db2 = delta.sum()
        # ∂L/∂z = ∂L/∂a ⊙ σ'(z), where ∂L/∂a = w2ᵀ δ and σ'(z) = a (1 − a):
        dz = sigmoid_backward(a, self.params["w2"].T, delta)  # (h, m)
        dW1 = dz @ X.T  # (h, n)
        db1 = dz.sum(axis=1, keepdims=True)  # (h, 1)
        return {"W1": dW1, "b1": db1, "w2": dw2, "b2": np.asarray(db2)}


class LogisticRegression(_Classifier, _OneLayer):
    """z = w X + b, ŷ = σ(z) with the binary cross-entropy loss.

    >>> model = LogisticRegression(2, w=[[1.0, 0.0]], b=0.0)
    >>> model.forward([[0.0, 1000.0], [5.0, 5.0]]).tolist()
    [[0.5, 1.0]]
    """

    def forward_cache(self, X):
        X = self._check_X(X)
        z = self.params["w"] @ X + self.params["b"]  # logits, (1, m)
        return {"X": X, "z": z, "yhat": sigmoid(z)}

    def backward(self, cache, y):
        dz = cross_entropy_gradient(cache["z"], y)  # (1/m)(ŷ − y)
        dw = dz @ cache["X"].T  # (1, n)
        db = dz.sum()
        return {"w": dw, "b": np.asarray(db)}


class TwoLayerPerceptron(_Classifier, _TwoLayer):
    """z1 = W1 X + b1, a1 = σ(z1), z2 = w2 a1 + b2, ŷ = σ(z2) with cross-entropy.

    >>> model = TwoLayerPerceptron(2, 3, seed=0)
    >>> loss, grads = model.gradients([[0.0, 1.0], [1.0, 0.0]], [[0, 1]])
    >>> sorted(grads) == sorted(model.params)
    True
    """

    def forward_cache(self, X, out=None):
        X = self._check_X(X)
        p = self.params
        z1 = np.matmul(p["W1"], X, out=out)  # (h, m), into `out` if given
        z1 += p["b1"]  # in place: one h-by-m array rather than two
        a1 = sigmoid(z1, out=z1)  # (h, m), over z1, which the backward pass does not need
        z2 = p["w2"] @ a1 + p["b2"]  # logits, (1, m)
        return {"X": X, "a1": a1, "z": z2, "yhat": sigmoid(z2)}

    def backward(self, cache, y):
        X, a1 = cache["X"], cache["a1"]
        delta2 = cross_entropy_gradient(cache["z"], y)  # ∂L/∂z2 = (1/m)(ŷ − y)
        dw2 = delta2 @ a1.T  # (1, h)
        db2 = delta2.sum()
        # ∂L/∂z1 = ∂L/∂a1 ⊙ σ'(z1), where ∂L/∂a1 = w2ᵀ δ2 and σ'(z1) = a1 (1 − a1):
        dz1 = sigmoid_backward(a1, self.params["w2"].T, delta2)  # (h, m)
        dW1 = dz1 @ X.T  # (h, n)
        db1 = dz1.sum(axis=1, keepdims=True)  # (h, 1)
        return {"W1": dW1, "b1": db1, "w2": dw2, "b2": np.asarray(db2)}
