"""Input checks shared by the package: clear errors instead of numpy tracebacks.

Every public entry point converts its arguments here first, so a wrong shape, a NaN
or a bad hyperparameter is reported by name, with what was expected and what was given.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_data(name: str, a, rows: int | None = None) -> np.ndarray:
    """Return ``a`` as a finite float64 array of shape (rows, m) with m >= 1."""
    arr = np.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if arr.ndim != 2:
        want = f"({rows}, m)" if rows is not None else "(n_features, m)"
        hint = f"; use {name}.reshape({rows}, -1)" if rows == 1 and arr.ndim == 1 else ""
        raise ValueError(
            f"{name} must be 2-D with shape {want}, columns are examples; got shape {arr.shape}{hint}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: it has shape {arr.shape}, no examples")
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name} has {arr.shape[0]} rows (shape {arr.shape}) but the model expects {rows}")
    # A sum of squares is finite when every entry is, and BLAS computes it in one fast
    # pass without a temporary array; the exact check runs only when it is not (a NaN or
    # inf, or entries past 1e154 whose squares overflow).
    with np.errstate(over="ignore", invalid="ignore"):
        fast_ok = np.isfinite(np.vdot(arr, arr))
    if not fast_ok and not np.isfinite(arr).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name} contains NaN or inf (first at index {bad})")
    return arr


def as_targets(y, m: int) -> np.ndarray:
    """Return ``y`` as a finite float64 row of shape (1, m)."""
    y = as_data("y", y, rows=1)
    if y.shape[1] != m:
        raise ValueError(f"y has shape {y.shape} but X has {m} examples; y must have shape (1, {m})")
    return y


def as_param(name: str, value, shape: tuple) -> np.ndarray:
    """Return a parameter as a fresh float64 array of exactly ``shape``."""
    arr = np.array(value, dtype=np.float64) if _is_numeric(value) else None
    if arr is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}")
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf")
    return arr


def positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def positive_float(name: str, value) -> float:
    value = real(name, value)
    if not value > 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return value


def unit_interval(name: str, value) -> float:
    """A decay rate: in [0, 1)."""
    value = real(name, value)
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def _is_numeric(value) -> bool:
    try:
        return np.asarray(value).dtype.kind in "biuf"
    except (TypeError, ValueError):
        return False
