"""Explorable figures (scripts/explorables.py): the reader sets a parameter with a slider,
and the figure shows the frame the package computed for that setting at build time.

Without a site: the declaration (`plot.Slider`, `plot.explorable`) and its errors, the
build's errors naming the chapter's line, and the lighter SVG of the frames, checked to
draw the same lines. In the browser: every explorable of the book, moved by keyboard and
by pointer, shows another frame, says so to screen readers, and states, at two settings,
the numbers the package computes here.
"""

import re
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from backprop import data, models, optim, train
from backprop.figures import plot
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_hooks
import explorables
import literate

# -- declaring an explorable ------------------------------------------------------------


def two_frames(still=(0.3,)):
    fig, ax = plt.subplots()
    rate = plot.Slider("learning rate", [0.1, 0.3], "α = {:g}")
    for k, lr in enumerate(rate.values):
        plot.frame(k, *ax.plot([0, 1], [1, 1 - lr]), stay=False)
    return fig, rate


def test_the_still_is_the_only_frame_drawn_where_nothing_moves():
    fig, rate = two_frames()
    try:
        assert plot.explorable(fig, [rate], ["slow", "fast"], still=(0.1,)) == 0
        assert [line.get_visible() for line in fig.axes[0].lines] == [True, False]
        meta = fig._bp_explorable
        assert meta["still"] == 0 and meta["sliders"][0]["texts"] == ["α = 0.1", "α = 0.3"]
    finally:
        plt.close(fig)


def test_two_sliders_number_their_settings_row_by_row():
    fig, ax = plt.subplots()
    try:
        a = plot.Slider("a", [1, 2, 3])
        b = plot.Slider("b", [10, 20])
        for k in range(6):
            plot.frame(k, *ax.plot([0], [k]), stay=False)
        k = plot.explorable(fig, [a, b], [str(k) for k in range(6)], still=(3, 10))
        assert k == 4  # (index 2 of a) * 2 + (index 0 of b)
        assert explorables._indices(fig._bp_explorable, 5) == [2, 1]
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    ("texts", "still", "message"),
    [
        (["one"], (0.3,), "2 settings need 2 texts, got 1"),
        (["slow", "fast"], (0.2,), "still: 0.2 is not a setting of the slider 'learning rate'"),
        (["slow", "fast"], (0.3, 1), "still needs one value per slider (1), got (0.3, 1)"),
    ],
)
def test_a_wrong_declaration_says_what_is_wrong(texts, still, message):
    fig, rate = two_frames()
    try:
        with pytest.raises(ValueError, match=re.escape(message)):
            plot.explorable(fig, [rate], texts, still=still)
    finally:
        plt.close(fig)


def test_every_setting_needs_a_frame():
    fig, ax = plt.subplots()
    try:
        plot.frame(0, *ax.plot([0], [0]), stay=False)
        plot.frame(2, *ax.plot([0], [1]), stay=False)
        rate = plot.Slider("rate", [0.1, 0.2])
        with pytest.raises(ValueError, match=re.escape("settings without any: [1]; tagged k past the last")):
            plot.explorable(fig, [rate], ["a", "b"], still=(0.1,))
    finally:
        plt.close(fig)


def test_a_slider_marks_values_between_its_settings():
    rate = plot.Slider("rate", [0.5, 0.7, 0.8], marks={0.715: "2/λmax"})
    assert rate.position(0.715) == pytest.approx(1.15)
    with pytest.raises(ValueError, match="can mark values between its first and last ones"):
        plot.Slider("rate", [0.5, 0.7], marks={0.9: "too far"})
    with pytest.raises(ValueError, match="needs at least two values, got 1"):
        plot.Slider("rate", [0.5])


# -- the build --------------------------------------------------------------------------
EXPLORABLE = """\
# A chapter

```python figure explorable caption="{caption}" alt="Lines."
import matplotlib.pyplot as plt
from backprop.figures import plot

fig, ax = plot.subplots()
rate = plot.Slider("rate", [0.1, 0.3], "α = {{:g}}")
for k, lr in enumerate(rate.values):
    plot.frame(k, *ax.plot([0, 1], [1, 1 - lr]), stay=False)
{declare}
```
"""
DECLARE = 'plot.explorable(fig, [rate], ["slow", "fast"], still=(0.3,))'


def run_chapter(tmp_path, monkeypatch, markdown):
    monkeypatch.setattr(build_hooks, "CACHE", tmp_path)
    found = literate.items(markdown)
    literate.check("docs/index.md", found)
    return found, build_hooks._execute("docs/index.md", str(tmp_path / "index.md"), found, "key")


@pytest.mark.parametrize(
    ("caption", "declare", "message"),
    [
        (
            "Two rates, at α = 0.3.",
            "",
            "docs/index.md:3: an explorable figure calls plot.explorable(fig, sliders, texts, still)",
        ),
        (
            "Two rates.",
            DECLARE,
            "docs/index.md:3: the caption must state the setting of the still, which print and "
            "the notebook show: 'α = 0.3'",
        ),
    ],
)
def test_build_mistakes_name_the_chapter_and_line(tmp_path, monkeypatch, caption, declare, message):
    with pytest.raises(literate.ChapterError, match=re.escape(message)):
        run_chapter(tmp_path, monkeypatch, EXPLORABLE.format(caption=caption, declare=declare))


def test_explorable_goes_with_figure_and_not_with_animation():
    with pytest.raises(literate.ChapterError, match="`explorable`, `caption` and `id` go with `figure`"):
        literate.check("docs/index.md", literate.items("```python explorable\nx = 1\n```\n"))
    both = '```python figure animation explorable alt="a" caption="c"\nx = 1\n```\n'
    with pytest.raises(literate.ChapterError, match="an `animation` or `explorable`, not both"):
        literate.check("docs/index.md", literate.items(both))


def test_each_variant_has_its_still_and_its_frames(tmp_path, monkeypatch):
    found, results = run_chapter(
        tmp_path, monkeypatch, EXPLORABLE.format(caption="Two rates, at α = 0.3.", declare=DECLARE)
    )
    files = results[0]["figures"][0]
    variants = [v for v in files if not v.endswith("-frames")]
    assert sorted(variants) == ["desktop-dark", "desktop-light", "phone-dark", "phone-light"]
    dark = files["desktop-dark"]
    assert "#1e2129" in (tmp_path / dark).read_text().lower()  # the dark paper, recoloured
    for variant in variants:
        still = (tmp_path / files[variant]).read_text()
        frames = (tmp_path / files[f"{variant}-frames"]).read_text()
        assert re.findall(r'<g data-only="(\d+)"', still) == ["1"]  # the still's frame alone
        assert re.findall(r'<g data-only="(\d+)"', frames) == ["0", "1"]
        assert 'data-texts="[&quot;slow&quot;, &quot;fast&quot;]"' in frames  # each setting's sentence
        assert not re.search(r'<g id="[a-z]+\d*_\d+"', frames)  # matplotlib's names of groups: gone
    assert results[0]["explorable"]["texts"] == ["slow", "fast"]
    uris = {
        (layout, scheme): f"{layout}-{scheme}.svg"
        for layout in ("desktop", "phone")
        for scheme in ("light", "dark")
    }
    frames = {v: u.replace(".svg", "-frames.svg") for v, u in uris.items()}
    sizes = dict.fromkeys(uris, (10, 10))
    variants = (uris, frames, sizes, "(max-width: 600px)")
    page = explorables.figure_html(found[0], results[0]["explorable"], variants, "<figcaption/>", "")
    assert 'aria-valuetext="α = 0.3"' in page and 'value="1"' in page
    assert (
        'data-dark-phone="phone-dark-frames.svg"' in page and 'data-phone-media="(max-width: 600px)"' in page
    )
    assert 'srcset="phone-dark.svg"' in page and "<a " not in page  # the stills; a click reaches for a slider
    assert '<p class="bp-explorable__text" role="status" aria-live="polite">fast</p>' in page
    found[0].id = "fig-x"
    notebook = explorables.figure_html(
        found[0], results[0]["explorable"], variants, "<figcaption/>", "", "../../ch/"
    )
    assert "<input" not in notebook and 'src="desktop-light.svg"' in notebook
    assert 'href="../../ch/#fig-x"' in notebook


def polyline(d: str) -> list[np.ndarray]:
    """The subpaths of an SVG path made of M, L and l commands, as arrays of points."""
    runs, point = [], np.zeros(2)
    for command, numbers in re.findall(r"([MLl])([^MLl]*)", d):
        values = [float(v) for v in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", numbers)]
        pairs = np.array(values).reshape(-1, 2)
        if command == "M":
            runs.append([pairs[0]])
            point = pairs[0]
            pairs = pairs[1:]
        for pair in pairs:
            point = point + pair if command == "l" else pair
            runs[-1].append(point)
    return [np.array(run) for run in runs]


def distance_to(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """The distance of each point to a polyline."""
    a, b = line[:-1], line[1:]
    ab = b - a
    t = np.clip(np.einsum("ijk,jk->ij", points[:, None] - a, ab) / np.maximum((ab * ab).sum(1), 1e-12), 0, 1)
    closest = a + t[..., None] * ab
    return np.linalg.norm(points[:, None] - closest, axis=2).min(axis=1)


@pytest.mark.parametrize("seed", range(5))
def test_lighter_lines_draw_the_same_lines(seed):
    rng = np.random.default_rng(seed)
    walk = np.cumsum(rng.normal(size=(60, 2)) * [3, 5], axis=0) + 200
    walk[20:35] = walk[20]  # a run that has converged: one point, repeated
    walk[35:38] = walk[35] + [[0.05, 0.05], [0.1, -0.05], [0.0, 0.1]]  # and jittering
    walk[40:50, 1] = walk[40, 1]  # a straight stretch
    d = "M " + "\nL ".join(f"{x:.6f} {y:.6f}" for x, y in walk) + "\n"
    svg = f'<g data-only="0"><path d="{d}" style="stroke: red"/></g>'
    light = explorables._lighter(svg)
    (short,) = polyline(re.search(r' d="([^"]*)"', light)[1])
    assert len(light) < len(svg) / 2 and len(short) < len(walk)
    assert np.allclose(short[[0, -1]], walk[[0, -1]], atol=0.051)
    assert distance_to(walk, short).max() < 0.3  # every point on the line drawn, or nearly
    assert distance_to(short, walk).max() < 0.12  # and nothing else drawn


def test_the_lighter_svg_is_well_formed(tmp_path, monkeypatch):
    from xml.dom import minidom

    # (an empty line, as a legend's entry: an empty group, <g/>, which is no start tag)
    chapter = EXPLORABLE.format(caption="Two rates, at α = 0.3.", declare="ax.plot([], [])\n" + DECLARE)
    _, results = run_chapter(tmp_path, monkeypatch, chapter)
    for name in results[0]["figures"][0].values():
        assert minidom.parse(str(tmp_path / name)).documentElement.tagName == "svg"


def test_curves_and_lone_points_keep_every_number_and_bare_groups_go():
    tokens = re.compile(r"[A-Za-z]|-?[\d.]+")
    for d in ("M 1 2\nC 3 4 5 6 7 8\n", "M 10.5 20.5\n", "M 1 1\nL 2 2\nz\n"):
        svg = f'<g data-only="0"><g>\n<path d="{d}"/>\n</g></g><!-- a text -->'
        light = explorables._lighter(svg)
        assert tokens.findall(re.search(r' d="([^"]*)"', light)[1]) == tokens.findall(d)
        assert light.startswith('<g data-only="0"><path ') and light.endswith("/></g>")


# -- in the browser ---------------------------------------------------------------------
def valley_loss(lr, beta):
    """Momentum's loss after 50 steps from (-4, 2) in the valley of 6.3, and its factor."""
    path = optim.descend(
        optim.Momentum(lr=lr, beta=beta), lambda t: np.array([t[0], 50 * t[1]]), (-4.0, 2.0), 50
    )
    factors = []
    for curvature in (1.0, 50.0):
        eta = lr * (1 - beta)
        step = np.array([[1 + beta - eta * curvature, -beta], [1.0, 0.0]])
        factors.append(max(abs(np.linalg.eigvals(step))))
    theta = path[-1]
    return 0.5 * (theta[0] ** 2 + 50 * theta[1] ** 2), max(factors)


def chapter2(lr):
    x, y = data.noisy_line(m=50, w=2.0, b=-1.0, noise=0.5, seed=0)
    model = models.UnivariateRegression(w=-2.0, b=2.5)
    train(model, x, y, optim.GD(lr=lr), epochs=40)
    H = 2 / 50 * np.array([[(x * x).sum(), x.sum()], [x.sum(), 50]])
    factor = max(abs(1 - lr * np.linalg.eigvalsh(H)))
    return [f"the loss is {plot.sci(model.loss(x, y), 4)}", f"{factor:.3f}"]


def momentum(lr, beta):
    loss, factor = valley_loss(lr, beta)
    return [f"ρ = {factor:.3f}", f"the loss is {plot.sci(loss, 3)}"]


def batches(B, lr):
    X, y = data.two_classes(m=512, layout="ring", seed=0)
    net = models.TwoLayerPerceptron(2, 8, seed=0)
    rng = np.random.default_rng(0)
    for _ in range(10):
        train(net, X, y, optim.GD(lr=lr), epochs=1, batch_size=B, seed=rng)
    return [f"{-(-512 // B)} steps per epoch", f"the data is {net.loss(X, y):.3f}."]


def units(h):
    x, y = data.wiggly_curve(m=100, noise=0.05, seed=0)
    hist = train(models.TwoLayerNonlinear(1, h, seed=0), x, y, optim.GD(0.15), epochs=20_000)
    return [f"h = {h}: after 20 000 steps the loss is {hist.final_loss:.4f}"]


KAPPA = 50.0  # the valley's; its best momentum, α* and β* (6.3, "The best α and β")
OPTIMUM = (1 / np.sqrt(KAPPA), ((np.sqrt(KAPPA) - 1) / (np.sqrt(KAPPA) + 1)) ** 2)

# page, explorable's index on it, and two settings (slider positions) with the numbers
# the text must state there, computed here with the package
EXPLORABLES = {
    "univariate": ("univariate/", 0, [((0,), lambda: chapter2(0.005)), ((15,), lambda: chapter2(0.8))]),
    "batch": (
        "extended/optimizers/",
        0,
        [((0, 4), lambda: batches(1, 10.0)), ((3, 1), lambda: batches(128, 0.3))],
    ),
    "momentum": (
        "extended/optimizers/",
        1,
        [((6, 4), lambda: momentum(0.5, 0.9)), ((3, 2), lambda: momentum(*OPTIMUM))],
    ),
    "units": ("two-layer-nonlinear/", 0, [((0,), lambda: units(1)), ((2,), lambda: units(3))]),
}

SHOWN_FRAMES = """(box) => [...new Set([...box.querySelectorAll("svg [data-only]")]
  .filter((g) => g.getAttribute("visibility") !== "hidden").map((g) => g.dataset.only))]"""


@pytest.mark.parametrize("name", EXPLORABLES)
def test_explorable_in_the_browser(browser, site_url, name):
    path, index, settings = EXPLORABLES[name]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.goto(site_url + path, wait_until="load")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        box = page.locator(".bp-explorable").nth(index)
        box.scroll_into_view_if_needed()
        box.locator("img:visible").wait_for()  # the still, lazily loaded as it comes into view
        page.wait_for_load_state("networkidle")
        assert not [u for u in requests if u.endswith("-frames.svg")]  # not before a reach
        box.locator("input[type=range]").first.focus()  # reaching for a slider loads them
        box.locator("svg").wait_for(timeout=10_000)
        sliders = box.locator("input[type=range]")
        status = box.locator(".bp-explorable__text")
        assert status.get_attribute("aria-live") == "polite"
        sizes = [int(s.get_attribute("max")) + 1 for s in sliders.all()]

        def state():
            return box.get_attribute("data-frame"), page.evaluate(SHOWN_FRAMES, box.element_handle())

        # Each slider, moved by keyboard and by pointer: the frame shown follows, alone,
        # and the text and the setting shown change with it.
        for slider, output in zip(sliders.all(), box.locator("output").all(), strict=True):
            before, text = state(), status.inner_text()
            slider.focus()
            slider.press("End" if slider.input_value() != slider.get_attribute("max") else "Home")
            moved = state()
            assert moved[0] != before[0] and moved[1] == [moved[0]], (before, moved)
            assert status.inner_text() != text
            assert slider.get_attribute("aria-valuetext") == output.inner_text()
            slider.press("End")
            before = state()
            bounds = slider.bounding_box()  # a click near the start of the track: the first setting
            page.mouse.click(bounds["x"] + 4, bounds["y"] + bounds["height"] / 2)
            assert slider.input_value() == "0" and state() != before and state()[1] == [state()[0]]

        # The numbers shown are the package's, at two settings.
        for position, numbers in settings:
            for slider, at in zip(sliders.all(), position, strict=True):
                slider.focus()
                slider.press("Home")
                for _ in range(at):
                    slider.press("ArrowRight")
            k = int(np.ravel_multi_index(position, sizes))
            assert state() == (str(k), [str(k)])
            shown = status.inner_text()
            for number in numbers():
                assert number in shown, f"{name} at {position}: {number!r} not in {shown!r}"

        # The other palette: its own drawing's frames, at the same setting.
        shown = state()
        page.get_by_title("Switch to dark mode").click()
        page.wait_for_function(
            "(box) => box.querySelector('.bp-live').dataset.shown === 'dark'", arg=box.element_handle()
        )
        assert [u for u in requests if u.endswith("-dark-frames.svg")] and state() == shown

        # On a phone, the phone's drawing; each slider a touch target at least 44 px high.
        page.set_viewport_size({"width": 390, "height": 844})
        phone = "(box) => (box.querySelector('.bp-live').dataset.shown || '').endsWith('-phone')"
        if box.locator(".bp-live").get_attribute("data-phone-media"):
            page.wait_for_function(phone, arg=box.element_handle())
            assert state() == shown
        assert all(s.bounding_box()["height"] >= 44 for s in sliders.all())
        assert not problems, problems
    finally:
        context.close()
