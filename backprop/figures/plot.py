"""Figure helpers the chapters share: the book's style, panels for desktop and phone,
legends outside the data, loss surfaces, paths, loss curves, animation
frames and explorable figures.

Every figure is drawn twice by the build, for the desktop's text column and for a phone
(`backprop.figures.style`): `subplots` and `mosaic` lay panels side by side on the first
and stack them on the second, and `legend` keeps the key out of the data on both.

Parameters are named as in ``model.params``; an entry of an array parameter is named
by a pair, e.g. ``("W1", (0, 1))``.

Examples
--------
>>> import numpy as np
>>> import matplotlib.pyplot as plt
>>> from backprop import models
>>> from backprop.figures import plot
>>> x = np.array([[0.0, 1.0, 2.0]]); y = 2 * x
>>> fig, ax = plot.subplots()
>>> cs = plot.loss_surface(ax, models.UnivariateRegression(), x, y, "w", "b", (-1, 4), (-2, 2), n=20)
>>> plt.close(fig)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.font_manager import FontProperties

from backprop.figures import style
from backprop.figures.style import COLORS, COLUMN_WIDTH, LOSS_CMAP  # the style's, here too


def use_book_style() -> None:
    """The look of every figure in the book; also makes SVG output byte-reproducible.

    Sets matplotlib's `rcParams`: a 7-inch column, one 10-point text size, the book's
    colours (`style.COLORS`), light grids, no top or right spines, and a fixed SVG hash
    salt.

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
            "figure.facecolor": style.LIGHT_PAPER,  # the dark palette's figure is recoloured
            "savefig.facecolor": "auto",
            "savefig.pad_inches": 0.04,  # the layouts leave their own margins
            "font.size": 10,  # one size for every text: titles, labels, ticks, legends
            "axes.titlesize": 10,
            "axes.labelsize": 10,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
            "figure.titlesize": 10,
            "text.color": style.INK,
            "axes.labelcolor": style.INK,
            "axes.edgecolor": style.INK,
            "xtick.color": style.INK,
            "ytick.color": style.INK,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=COLORS),
            "legend.frameon": False,  # legends sit beside the data, never on it: no veil
            "lines.linewidth": 1.8,
            "svg.hashsalt": "backprop",
            "svg.fonttype": "path",
            "image.cmap": "viridis",
        }
    )


def subplots(ncols: int = 1, *, height: float = 3.0, phone_height: float | None = None, **kw):
    """A row of `ncols` panels as wide as the text column; on a phone, a column of them.

    Like `plt.subplots(1, ncols)`, with constrained layout (room for labels and for
    legends outside the panels) and the width of the layout drawn (`style.width()`).

    Parameters
    ----------
    ncols : int, default 1
        The panels, left to right on a desktop, top to bottom on a phone.
    height : float, default 3.0
        The figure's height on a desktop, in inches.
    phone_height : float, optional
        The height of one panel on a phone; by default 2.6 in.
    **kw
        Passed on to `plt.subplots` (`sharey`, `gridspec_kw`...); width ratios
        become height ratios on a phone.

    Returns
    -------
    fig : Figure
    axes : Axes or array of Axes
        One Axes when `ncols` is 1.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import subplots
    >>> from backprop.figures import style
    >>> fig, axes = subplots(2)
    >>> fig.get_size_inches().tolist(), len(axes)
    ([7.0, 3.0], 2)
    >>> with style.drawing("phone"):
    ...     fig, axes = subplots(2)
    >>> fig.get_size_inches().round(2).tolist()
    [3.7, 5.2]
    >>> plt.close("all")
    """
    gridspec_kw = dict(kw.pop("gridspec_kw", {}))
    ratios = kw.pop("width_ratios", None) or gridspec_kw.pop("width_ratios", None)
    if style.phone():
        per_panel = phone_height or 2.6
        if ratios:
            gridspec_kw["height_ratios"] = ratios
        return plt.subplots(
            ncols,
            1,
            figsize=(style.PHONE_WIDTH, per_panel * ncols),
            layout="constrained",
            gridspec_kw=gridspec_kw,
            **kw,
        )
    if ratios:
        gridspec_kw["width_ratios"] = ratios
    return plt.subplots(
        1, ncols, figsize=(COLUMN_WIDTH, height), layout="constrained", gridspec_kw=gridspec_kw, **kw
    )


def mosaic(desktop, phone_layout=None, *, height: float = 3.0, phone_height: float = 2.6, **kw):
    """Panels named as in `plt.subplot_mosaic`: `desktop`'s arrangement on a desktop, and
    on a phone `phone_layout` or, by default, every panel in a column of its own.

    Parameters
    ----------
    desktop : list of lists of str
        The arrangement on a desktop, e.g. `[["loss"] * 3, ["a", "b", "c"]]`.
    phone_layout : list of lists of str, optional
        The arrangement on a phone; by default the panels in reading order, one per row.
    height : float, default 3.0
        The figure's height on a desktop, in inches.
    phone_height : float, default 2.6
        The height of one row on a phone.
    **kw
        Passed on to `plt.subplot_mosaic`.

    Returns
    -------
    fig : Figure
    axes : dict of str to Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import mosaic
    >>> from backprop.figures import style
    >>> with style.drawing("phone"):
    ...     fig, axes = mosaic([["loss", "loss"], ["a", "b"]])
    >>> list(axes), fig.get_size_inches().round(2).tolist()
    (['loss', 'a', 'b'], [3.7, 7.8])
    >>> plt.close(fig)
    """
    if style.phone():
        if phone_layout is None:
            names = list(dict.fromkeys(name for row in desktop for name in row))
            phone_layout = [[name] for name in names]
        kw.pop("height_ratios", None)
        kw.pop("width_ratios", None)
        fig = plt.figure(figsize=(style.PHONE_WIDTH, phone_height * len(phone_layout)), layout="constrained")
        return fig, fig.subplot_mosaic(phone_layout, **kw)
    fig = plt.figure(figsize=(COLUMN_WIDTH, height), layout="constrained")
    return fig, fig.subplot_mosaic(desktop, **kw)


def legend(fig, ncols: int | None = None, **kw):
    """One key for the whole figure, above its panels: never over the data.

    Collects the labelled artists of every panel (a label seen twice is listed once) and
    lays them out in as many columns as fit the figure's width; the figure grows by the
    key's height, so that the panels keep theirs.

    Parameters
    ----------
    fig : Figure
        A figure with constrained layout (`subplots`, `mosaic`).
    ncols : int, optional
        The columns of the key; by default as many as fit.
    **kw
        Passed on to `fig.legend`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import legend, subplots
    >>> fig, ax = subplots()
    >>> lines = ax.plot([0, 1], label="a") + ax.plot([1, 0], label="b")
    >>> legend(fig)
    >>> [t.get_text() for t in fig.legends[0].get_texts()]
    ['a', 'b']
    >>> plt.close(fig)
    """
    handles, labels = {}, []
    for ax in fig.axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in handles:
                handles[label] = handle
                labels.append(label)
    if ncols is None:
        ncols = _columns(fig, labels)
    kw.setdefault("loc", "outside upper center")
    # The key takes its room from the figure, not from the panels: the figure grows.
    rows = -(-len(labels) // ncols)
    size = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    fig.set_figheight(fig.get_figheight() + rows * 1.45 * size / 72)
    # (None returned: a figure's code that ends here shows no object in a notebook)
    fig.legend([handles[label] for label in labels], labels, ncols=ncols, **kw)


def _columns(fig, labels) -> int:
    """As many columns as fit the figure's width (a handle and the spaces around it take
    about 5 em)."""
    from matplotlib.textpath import TextPath

    size = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    widths = [TextPath((0, 0), label, size=size).get_extents().width + 5.2 * size for label in labels]
    room = fig.get_figwidth() * 72 - 2 * size
    for n in range(len(labels), 1, -1):
        rows = [widths[i : i + n] for i in range(0, len(widths), n)]
        columns = [max(row[j] for row in rows if j < len(row)) for j in range(n)]
        if sum(columns) <= room:
            return n
    return 1


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


@dataclass(frozen=True)
class Slider:
    """One slider of an explorable figure (see `explorable`): a parameter and its settings.

    Parameters
    ----------
    label : str
        What the slider sets, shown beside it: "learning rate".
    values : sequence of float
        The settings, in the slider's order.
    text : str, default "{}"
        How a setting reads, as a format string: with "α = {:.3g}", 0.3 reads "α = 0.3".
    marks : dict of float to str, optional
        Values to mark on the slider's track, and what each is, e.g. `{0.715: "2/λmax"}`;
        a value between two settings is marked between them, in proportion.

    Raises
    ------
    ValueError
        If there are fewer than two values, or a mark lies outside them.

    Examples
    --------
    >>> from backprop.figures.plot import Slider
    >>> s = Slider("learning rate", [0.1, 0.3, 0.9], "α = {:.3g}", marks={0.6: "here"})
    >>> s.texts(), s.position(0.6)
    (['α = 0.1', 'α = 0.3', 'α = 0.9'], 1.5)
    """

    label: str
    values: tuple
    text: str = "{}"
    marks: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "values", tuple(float(v) for v in self.values))
        if len(self.values) < 2:
            raise ValueError(f"the slider {self.label!r} needs at least two values, got {len(self.values)}")
        for value in self.marks:
            self.position(value)

    def texts(self) -> list[str]:
        """Every setting as it reads.

        Returns
        -------
        list of str
            `text` formatted with each value.

        Examples
        --------
        >>> from backprop.figures.plot import Slider
        >>> Slider("units", [1, 2], "h = {:.0f}").texts()
        ['h = 1', 'h = 2']
        """
        return [self.text.format(v) for v in self.values]

    def position(self, value: float) -> float:
        """Where a value lies on the slider, counted in settings from the first (0).

        Parameters
        ----------
        value : float
            A value from the first setting's to the last's.

        Returns
        -------
        float
            The index of the setting `value` equals, or, between two settings, a fraction
            between their indices, in proportion to the values.

        Raises
        ------
        ValueError
            If `value` lies outside the settings.

        Examples
        --------
        >>> from backprop.figures.plot import Slider
        >>> Slider("rate", [0.1, 0.2, 0.4]).position(0.3)
        1.5
        """
        v = np.asarray(self.values)
        order = 1 if v[-1] > v[0] else -1
        if not (np.all(np.diff(v) * order > 0) and v.min() <= value <= v.max()):
            raise ValueError(
                f"the slider {self.label!r} can mark values between its first and last ones "
                f"(in increasing or decreasing order), not {value}"
            )
        return float(np.interp(value * order, v * order, np.arange(len(v))))


def explorable(fig, sliders, texts, still) -> int:
    """Make `fig` an explorable figure: the reader sets a parameter with a slider, and the
    figure shows the frame drawn for that setting.

    Draw a frame for every setting first, tagging its artists with
    `frame(k, ..., stay=False)`, where `k` counts the settings in the order of
    `itertools.product` over the sliders' values (the last slider's changes fastest);
    then call this. The book's build turns the figure into one with sliders, whose every
    frame was computed and drawn here, by the package. A still of it (in a notebook, in
    print) shows the setting `still`, and only that one.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, with every frame drawn.
    sliders : list of Slider
        One or two sliders.
    texts : sequence of str
        For each setting, in the order of `k`, a sentence that states it and its result
        (computed): it is shown under the figure and read out by screen readers.
    still : tuple of float
        The setting of the still, one value per slider, each one of the slider's values.

    Returns
    -------
    int
        The `k` of the still.

    Raises
    ------
    ValueError
        If a setting has no frame or no text, a frame belongs to no setting, or `still`
        is not a setting.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import Slider, explorable, frame
    >>> fig, ax = plt.subplots()
    >>> rate = Slider("learning rate", [0.1, 0.3], "α = {:.3g}")
    >>> for k, lr in enumerate(rate.values):
    ...     lines = frame(k, *ax.plot([0, 1], [1, 1 - lr]), stay=False)
    >>> explorable(fig, [rate], ["α = 0.1: slow", "α = 0.3: fast"], still=(0.3,))
    1
    >>> [line.get_visible() for line in ax.lines]
    [False, True]
    >>> plt.close(fig)
    """
    sliders = list(sliders)
    if not 1 <= len(sliders) <= 2 or not all(isinstance(s, Slider) for s in sliders):
        raise ValueError(f"an explorable figure has one or two Sliders, got {sliders!r}")
    shape = [len(s.values) for s in sliders]
    count = int(np.prod(shape))
    texts = [str(t) for t in texts]
    if len(texts) != count or not all(texts):
        raise ValueError(f"{' × '.join(map(str, shape))} settings need {count} texts, got {len(texts)}")
    still = tuple(still)
    if len(still) != len(sliders):
        raise ValueError(f"still needs one value per slider ({len(sliders)}), got {still!r}")
    index = []
    for s, value in zip(sliders, still, strict=True):
        hits = [i for i, v in enumerate(s.values) if np.isclose(v, value, rtol=1e-12, atol=0)]
        if not hits:
            raise ValueError(f"still: {value} is not a setting of the slider {s.label!r}")
        index.append(hits[0])
    k_still = int(np.ravel_multi_index(index, shape))
    tagged = {}
    for artist in fig.findobj(lambda a: bool(a.get_gid())):
        tag = re.fullmatch(r"(?:frame|only)-(\d+)-\d+", artist.get_gid())
        if tag:
            tagged.setdefault(int(tag[1]), []).append(artist)
    missing = sorted(set(range(count)) - set(tagged))
    extra = sorted(set(tagged) - set(range(count)))
    if missing or extra:
        raise ValueError(
            f"every one of the {count} settings needs artists tagged with frame(k, ...), k from 0: "
            f"settings without any: {missing[:5]}; tagged k past the last setting: {extra[:5]}"
        )
    for k, artists in tagged.items():
        for artist in artists:
            artist.set_visible(k == k_still)
    fig._bp_explorable = {
        "sliders": [
            {
                "label": s.label,
                "values": list(s.values),
                "texts": s.texts(),
                "marks": [[s.position(v), text] for v, text in sorted(s.marks.items())],
            }
            for s in sliders
        ],
        "texts": texts,
        "still": k_still,
    }
    return k_still


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


def path(
    ax, snapshots, x_param, y_param, label=None, color=None, every=1, markersize=4, lw=1.4, ends=True, **kw
):
    """Draw the path of two parameters through training: a line of dots, the start and the
    end marked as everywhere in the book (`style.START`, a circle; `style.END`, a square).

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
    ends : bool, default True
        Mark the start and the end; False for a part of a path whose ends are marked
        elsewhere (a square must mean the end of the run).
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
    if ends:
        ax.plot(xs[0], ys[0], color=line.get_color(), **style.START)
        ax.plot(xs[-1], ys[-1], color=line.get_color(), **style.END)
    return line


def minimum(ax, x, y, label=None):
    """Mark a minimum as everywhere in the book: a star (`style.MINIMUM`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    x, y : float
        Where the minimum is.
    label : str, optional
        The legend's label.

    Returns
    -------
    matplotlib.lines.Line2D

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import minimum
    >>> fig, ax = plt.subplots()
    >>> minimum(ax, 1.0, 2.0).get_marker()
    '*'
    >>> plt.close(fig)
    """
    (star,) = ax.plot([x], [y], label=label, zorder=4, **style.MINIMUM)
    return star


def loss_curves(ax, curves: dict, xlabel="step", log=True, first=0, colors=None, styles=None):
    """One line per (label, losses) item, on a log scale by default.

    A label that names a method (gradient descent, momentum, RMSprop, Adam, random
    search; see `style.method_color`) takes that method's colour. No legend is drawn:
    call `legend` on the figure, or label the lines directly.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    curves : dict of str to sequence of float
        Losses by label, e.g. `{"GD": hist.loss}`.
    xlabel : str, default "step"
        The x axis's label.
    log : bool, default True
        A logarithmic loss axis.
    first : int, default 0
        The k-th loss is drawn at x = first + k; `first=1` counts evaluations, as a
        logarithmic x axis needs.
    colors, styles : dict of str, optional
        Colours and line styles by label, for the curves that are no method.

    Examples
    --------
    >>> from backprop.figures import style
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.plot import loss_curves
    >>> fig, ax = plt.subplots()
    >>> loss_curves(ax, {"GD": [4.0, 2.0, 1.0]})
    >>> ax.get_yscale(), ax.lines[0].get_color() == style.method_color("GD")
    ('log', True)
    >>> plt.close(fig)
    """
    for label, losses in curves.items():
        color = (colors or {}).get(label)
        if color is None:
            try:
                color = style.method_color(label)
            except KeyError:
                color = None
        ls = (styles or {}).get(label, "-")
        ax.plot(first + np.arange(len(losses)), losses, ls, label=label, color=color)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")


def _spec(spec) -> tuple[str, tuple]:
    """(name, index) of a parameter entry given as a name (a scalar) or a (name, index) pair."""
    return (spec, ()) if isinstance(spec, str) else spec


def _label(spec) -> str:
    """An axis label in the book's notation: "W1", (0, 1) is $W^{[1]}_{01}$."""
    from backprop.figures.diagrams import math_label

    name, idx = _spec(spec)
    return math_label(f"{name}[{','.join(map(str, idx))}]" if idx else name)
