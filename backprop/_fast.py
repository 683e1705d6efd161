"""The fast path of the two-layer models' ``gradients``.

It does the arithmetic of their ``forward_cache`` and ``backward`` (the code the chapters
show) operation for operation, so its results are the same bit for bit, which
``tests/test_models.py`` checks for every two-layer model. Only the memory differs: the
three h-by-m arrays of a step are written into arrays kept from the previous call.

Why: training calls ``gradients`` once per step with batches of one size, and a fresh
large h-by-m array every step makes the C library hand freed memory back to the system
and fault it in again, a cost that the Performance page measures against the plain
passes. The chapters teach the plain passes; this module only makes them cheap to repeat.
"""

from __future__ import annotations

import numpy as np

from backprop.losses import cross_entropy, cross_entropy_gradient, mse, mse_gradient


def two_layer_gradients(model, X, y, hidden: str, loss: str):
    """(loss, gradients) of a two-layer network, ``hidden`` "linear" or "sigmoid",
    ``loss`` "mse" or "cross-entropy"; X and y already checked."""
    W1, b1, w2, b2 = model.params.values()
    shape = (W1.shape[0], X.shape[1])
    work = model.__dict__.setdefault("_workspace", {})
    if work.get("shape") != shape:  # a new batch size: new arrays, kept
        work.update({name: np.empty(shape) for name in ("a", "dz", "tmp")})
        work["shape"] = shape
    a, dz, tmp = work["a"], work["dz"], work["tmp"]

    np.matmul(W1, X, out=a)  # z = W1 X + b1
    a += b1
    if hidden == "sigmoid":  # a = σ(z) = 1 / (1 + e^(−z)), as in sigmoid()
        np.negative(a, out=a)
        with np.errstate(over="ignore"):
            np.exp(a, out=a)
        a += 1.0
        np.reciprocal(a, out=a)
    out = w2 @ a + b2  # ŷ, or the logits z2 of the perceptron
    if loss == "mse":
        value, dout = mse(out, y), mse_gradient(out, y)
    else:
        value, dout = cross_entropy(out, y), cross_entropy_gradient(out, y)
    dw2 = dout @ a.T
    db2 = np.sum(dout)
    np.matmul(w2.T, dout, out=dz)  # ∂L/∂a (∂L/∂z when there is no activation)
    if hidden == "sigmoid":  # ∂L/∂z = ∂L/∂a ⊙ a ⊙ (1 − a), in backward's order
        dz *= a
        dz *= np.subtract(1, a, out=tmp)
    dW1 = dz @ X.T
    db1 = np.sum(dz, axis=1, keepdims=True)
    return value, {"W1": dW1, "b1": db1, "w2": dw2, "b2": db2}
