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

# The book's text column is 688 CSS px (7.15 in) wide on a desktop. A figure no wider is
# shown at its natural size, so that its 10-point text reads at 13 px, as large as the
# prose around it; the build refuses a figure whose text would show below 10 px.
COLUMN_WIDTH = 7.0
# Loss surfaces: low loss light, high loss dark, in every chapter; paths drawn in colour
# over it stand out everywhere.
LOSS_CMAP = mpl.colors.LinearSegmentedColormap.from_list("loss", ["#fbfbfb", "#d4d9de", "#7d8894"])


def use_book_style() -> None:
    """The look of every figure in the book; also makes SVG output byte-reproducible."""
    mpl.rcParams.update(
        {
            "figure.figsize": (COLUMN_WIDTH, 3.0),
            "figure.dpi": 100,
            "savefig.dpi": 150,  # for the parts drawn as pixels: filled contours
            "figure.facecolor": "white",  # figures stay legible on the dark palette
            "savefig.facecolor": "white",
            "font.size": 10,  # one size for every text: titles, labels, ticks, legends
            "axes.titlesize": 10,
            "axes.labelsize": 10,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
            "figure.titlesize": 10,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=COLORS),
            "legend.frameon": True,  # a veil behind the legend: lines under it don't cross the text
            "legend.framealpha": 0.85,
            "legend.edgecolor": "none",
            "lines.linewidth": 1.8,
            "svg.hashsalt": "backprop",
            "svg.fonttype": "path",
            "image.cmap": "viridis",
        }
    )


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 2) -> str:
    """A number as the book writes it in a sentence or a label, to ``digits`` significant
    digits, with a true minus sign: ``sci(3.49e29)`` is "3.5 × 10²⁹", ``sci(-0.25)`` is
    "−0.25".

    >>> sci(3.486784401e29), sci(4.5e-5), sci(-0.25), sci(24300000.0, 3), sci(1234.5)
    ('3.5 × 10²⁹', '4.5 × 10⁻⁵', '−0.25', '2.43 × 10⁷', '1200')
    """
    if x == 0 or 1e-3 <= abs(x) < 1e4:
        text = f"{float(f'{x:.{digits}g}'):g}"  # rounded to `digits` significant digits
    else:
        mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
        text = f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
    return text.replace("-", "−", 1) if text.startswith("-") else text


def frame(k: int, *artists, stay=True):
    """Tag artists to appear at frame ``k`` of an animated figure.

    With ``stay=True`` they remain visible in later frames (a path that grows); with
    ``stay=False`` they show at frame ``k`` only (the current state). The book's build
    turns a figure with tagged artists into an SVG animation with play, step and slider
    controls; untagged artists form the static background. Drawn as a still (in a
    notebook, say), the figure shows every frame's path and the last frame's state.
    """
    for artist in artists:
        fig = artist.get_figure()
        fig._bp_tagged = getattr(fig, "_bp_tagged", 0) + 1
        artist.set_gid(f"{'frame' if stay else 'only'}-{k}-{fig._bp_tagged}")
        if not stay:
            states = fig.__dict__.setdefault("_bp_states", {})
            states.setdefault(k, []).append(artist)
            latest = max(states)
            for j, group in states.items():
                for a in group:
                    a.set_visible(j == latest)
    return artists


def entry(params: dict, spec) -> float:
    """The value of parameter ``spec`` (a name, or a (name, index) pair) as a float."""
    name, index = _spec(spec)
    return float(params[name][index])


def loss_surface(ax, model, X, y, x_param, y_param, x_lim, y_lim, n=80, levels=20):
    """Filled contours of the loss as two parameters vary and the others stay fixed.

    Levels are spaced logarithmically, since losses span orders of magnitude; the colours
    are the book's ``LOSS_CMAP`` (low loss light). The model's parameters are left
    exactly as they were.
    """
    specs = [_spec(x_param), _spec(y_param)]
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
    # As pixels: vector contours of a fine grid weigh ~100 kB per figure, the image ~20 kB.
    cs = ax.contourf(xs, ys, L, levels=lv, norm=mpl.colors.LogNorm(), cmap=LOSS_CMAP, rasterized=True)
    ax.contour(xs, ys, L, levels=lv[::3], norm=mpl.colors.LogNorm(), colors="white", linewidths=0.6)
    ax.set_xlabel(_label(x_param))
    ax.set_ylabel(_label(y_param))
    return cs


def path(ax, snapshots, x_param, y_param, label=None, color=None, every=1, markersize=4, lw=1.4, **kw):
    """Draw the path of two parameters through ``snapshots`` (``History.params``): a line
    of dots, a circle at the start and a star at the end."""
    xs = [entry(p, x_param) for p in snapshots[::every]]
    ys = [entry(p, y_param) for p in snapshots[::every]]
    (line,) = ax.plot(xs, ys, ".-", color=color, label=label, markersize=markersize, lw=lw, **kw)
    ax.plot(xs[0], ys[0], "o", color=line.get_color(), markersize=7, markeredgecolor="white")
    ax.plot(xs[-1], ys[-1], "*", color=line.get_color(), markersize=13, markeredgecolor="white")
    return line


def loss_curves(ax, curves: dict, xlabel="step", log=True, first=0):
    """One line per (label, losses) item, on a log scale by default, the k-th loss drawn
    at x = first + k (``first=1`` counts evaluations, as a logarithmic x axis needs)."""
    for label, losses in curves.items():
        ax.plot(first + np.arange(len(losses)), losses, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    if len(curves) > 1:
        ax.legend()


def _spec(spec) -> tuple[str, tuple]:
    """(name, index) of a parameter entry given as a name (a scalar) or a (name, index) pair."""
    return (spec, ()) if isinstance(spec, str) else spec


def _label(spec) -> str:
    if isinstance(spec, str):
        return f"${spec[0]}_{{{spec[1:]}}}$" if len(spec) > 1 else f"${spec}$"
    name, idx = spec
    return f"${name}[{', '.join(map(str, idx))}]$"
