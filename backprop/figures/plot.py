"""Figure helpers the chapters share: the book's style, loss surfaces, paths, loss curves.

Parameters are named as in ``model.params``; an entry of an array parameter is named
by a pair, e.g. ``("W1", (0, 1))``.

Examples
--------
>>> import numpy as np
>>> import matplotlib.pyplot as plt
>>> from backprop import models
>>> from backprop.figures import plot
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
    """The look of every figure in the book; also makes SVG output byte-reproducible.

    Sets matplotlib's `rcParams`: a 7-inch column, one 10-point text size, the Okabe–Ito
    colours (`COLORS`), light grids, no top or right spines, and a fixed SVG hash salt.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> from backprop.figures.plot import use_book_style
    >>> with mpl.rc_context():  # the style stays inside this block
    ...     use_book_style()
    ...     print(mpl.rcParams["font.size"], mpl.rcParams["svg.hashsalt"])
    10.0 backprop
    """
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
    """A number as the book writes it in a sentence or a label, with a true minus sign.

    Parameters
    ----------
    x : float
        The number.
    digits : int, default 2
        Significant digits.

    Returns
    -------
    str
        Plain for 0.001 ≤ |x| < 10⁴ ("−0.25"), else in scientific notation with a
        superscript exponent ("3.5 × 10²⁹").

    Examples
    --------
    >>> from backprop.figures.plot import sci
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
    """Tag artists to appear at frame `k` of an animated figure.

    The book's build turns a figure with tagged artists into an SVG animation with play,
    step and slider controls; untagged artists form the static background. Drawn as a
    still (in a notebook, say), the figure shows every frame's path and the last frame's
    state.

    Parameters
    ----------
    k : int
        The frame, from 0.
    *artists : matplotlib.artist.Artist
        What appears at that frame.
    stay : bool, default True
        Remain visible in later frames (a path that grows), or show at frame `k` only (the
        current state).

    Returns
    -------
    tuple of Artist
        `artists`, tagged.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import frame
    >>> fig, ax = plt.subplots()
    >>> (point,) = frame(3, *ax.plot([0], [0], "o"), stay=False)
    >>> point.get_gid()
    'only-3-1'
    >>> plt.close(fig)
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
    """The value of one parameter entry as a float.

    Parameters
    ----------
    params : dict of str to ndarray
        Parameters by name, e.g. `model.params` or one of `History.params`.
    spec : str or tuple
        A scalar parameter's name, or a (name, index) pair for an entry of an array.

    Returns
    -------
    float
        The entry.

    Raises
    ------
    KeyError
        If no parameter has that name.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.figures.plot import entry
    >>> entry({"W1": np.array([[1.0, 2.0]])}, ("W1", (0, 1)))
    2.0
    """
    name, index = _spec(spec)
    return float(params[name][index])


def loss_surface(ax, model, X, y, x_param, y_param, x_lim, y_lim, n=80, levels=20):
    """Filled contours of the loss as two parameters vary and the others stay fixed.

    Levels are spaced logarithmically, since losses span orders of magnitude; the colours
    are the book's `LOSS_CMAP` (low loss light). The model's parameters are left exactly as
    they were.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    model : Model
        Any model of `backprop.models`.
    X : array_like, shape (n_features, m)
        The inputs.
    y : array_like, shape (1, m)
        The targets.
    x_param, y_param : str or tuple
        The parameters on the two axes, as for `entry`.
    x_lim, y_lim : tuple of float
        The ranges of the two axes.
    n : int, default 80
        Grid points per axis: n² loss evaluations.
    levels : int, default 20
        The number of contour levels.

    Returns
    -------
    matplotlib.contour.QuadContourSet
        The filled contours, e.g. for a colour bar.

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> from backprop import models
    >>> from backprop.figures.plot import loss_surface
    >>> fig, ax = plt.subplots()
    >>> x = np.array([[0.0, 1.0, 2.0]])
    >>> cs = loss_surface(ax, models.UnivariateRegression(), x, 2 * x, "w", "b", (-1, 4), (-2, 2), n=10)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('$w$', '$b$')
    >>> plt.close(fig)
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
    """Draw the path of two parameters through training: a line of dots, a circle at the
    start and a star at the end.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    snapshots : list of dict
        Parameters at each step, e.g. `History.params` (train with `record_params=True`).
    x_param, y_param : str or tuple
        The parameters on the two axes, as for `entry`.
    label : str, optional
        The legend's label.
    color : optional
        A matplotlib colour; by default the next of the cycle.
    every : int, default 1
        Draw every `every`-th snapshot.
    markersize, lw : float
        The dots' size and the line's width.
    **kw
        Passed on to `ax.plot`.

    Returns
    -------
    matplotlib.lines.Line2D
        The path's line.

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import path
    >>> fig, ax = plt.subplots()
    >>> steps = [{"w": np.array(float(k)), "b": np.array(0.0)} for k in range(3)]
    >>> path(ax, steps, "w", "b").get_xdata().tolist()
    [0.0, 1.0, 2.0]
    >>> plt.close(fig)
    """
    xs = [entry(p, x_param) for p in snapshots[::every]]
    ys = [entry(p, y_param) for p in snapshots[::every]]
    (line,) = ax.plot(xs, ys, ".-", color=color, label=label, markersize=markersize, lw=lw, **kw)
    ax.plot(xs[0], ys[0], "o", color=line.get_color(), markersize=7, markeredgecolor="white")
    ax.plot(xs[-1], ys[-1], "*", color=line.get_color(), markersize=13, markeredgecolor="white")
    return line


def loss_curves(ax, curves: dict, xlabel="step", log=True, first=0):
    """One line per (label, losses) item, on a log scale by default.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curves : dict of str to sequence of float
        Losses by label, e.g. `{"GD": hist.loss}`; a legend is drawn for two or more.
    xlabel : str, default "step"
        The x axis's label.
    log : bool, default True
        A logarithmic loss axis.
    first : int, default 0
        The k-th loss is drawn at x = first + k; `first=1` counts evaluations, as a
        logarithmic x axis needs.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import loss_curves
    >>> fig, ax = plt.subplots()
    >>> loss_curves(ax, {"GD": [4.0, 2.0, 1.0]})
    >>> ax.get_yscale()
    'log'
    >>> plt.close(fig)
    """
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
