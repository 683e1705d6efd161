"""Figure helpers the chapters share: the book's style, loss surfaces, paths, loss curves.

Parameters are named as in ``model.params``; an entry of an array parameter is named
by a pair, e.g. ``("W1", (0, 1))``.

>>> import numpy as np
>>> import matplotlib.pyplot as plt
>>> from backprop import models, plot
>>> x = np.array([[0.0, 1.0, 2.0]]); y = 2 * x
>>> fig, ax = plt.subplots()
>>> cs = plot.loss_surface(ax, models.UnivariateRegression(), x, y, "w", "b", (-1, 4), (-2, 2), n=20)
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


def use_book_style() -> None:
    """The look of every figure in the book; also makes SVG output byte-reproducible."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "figure.facecolor": "white",  # figures stay legible on the dark palette
            "savefig.facecolor": "white",
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=COLORS),
            "legend.frameon": False,
            "lines.linewidth": 1.8,
            "svg.hashsalt": "backprop",
            "svg.fonttype": "path",
            "image.cmap": "viridis",
        }
    )


def entry(params: dict, spec) -> float:
    """The value of parameter ``spec`` (a name, or a (name, index) pair) as a float."""
    name, index = (spec, ()) if isinstance(spec, str) else spec
    return float(params[name][index])


def loss_surface(ax, model, X, y, x_param, y_param, x_lim, y_lim, n=80, levels=20, cmap=None):
    """Filled contours of the loss as two parameters vary and the others stay fixed.

    Levels are spaced logarithmically, since losses span orders of magnitude. The
    model's parameters are left exactly as they were. A light ``cmap`` such as
    ``"Greys"`` lets coloured paths stand out.
    """
    specs = [(s, ()) if isinstance(s, str) else s for s in (x_param, y_param)]
    saved = [model.params[name][idx].copy() for name, idx in specs]
    xs, ys = np.linspace(*x_lim, n), np.linspace(*y_lim, n)
    L = np.empty((n, n))
    try:
        for i, b in enumerate(ys):
            model.params[specs[1][0]][specs[1][1]] = b
            for j, a in enumerate(xs):
                model.params[specs[0][0]][specs[0][1]] = a
                L[i, j] = model.loss(X, y)
    finally:
        for (name, idx), value in zip(specs, saved, strict=True):
            model.params[name][idx] = value
    lv = np.geomspace(max(L.min(), 1e-12), L.max(), levels)
    cs = ax.contourf(xs, ys, L, levels=lv, norm=mpl.colors.LogNorm(), alpha=0.85, cmap=cmap)
    ax.set_xlabel(_label(x_param))
    ax.set_ylabel(_label(y_param))
    return cs


def path(ax, snapshots, x_param, y_param, label=None, color=None, every=1, **kw):
    """Draw the path of two parameters through ``snapshots`` (``History.params``)."""
    xs = [entry(p, x_param) for p in snapshots[::every]]
    ys = [entry(p, y_param) for p in snapshots[::every]]
    (line,) = ax.plot(xs, ys, ".-", color=color, label=label, markersize=4, **kw)
    ax.plot(xs[0], ys[0], "o", color=line.get_color(), markersize=6)
    ax.plot(xs[-1], ys[-1], "*", color=line.get_color(), markersize=12, markeredgecolor="white")
    return line


def loss_curves(ax, curves: dict, xlabel="step", log=True):
    """One line per (label, losses) item, on a log scale by default."""
    for label, losses in curves.items():
        ax.plot(np.arange(len(losses)), losses, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    if len(curves) > 1:
        ax.legend()


def _label(spec) -> str:
    if isinstance(spec, str):
        return f"${spec[0]}_{{{spec[1:]}}}$" if len(spec) > 1 else f"${spec}$"
    name, idx = spec
    return f"${name}[{', '.join(map(str, idx))}]$"
