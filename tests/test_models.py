"""Backprop in every model agrees with finite differences, and the models behave as taught."""

import numpy as np
import pytest

from backprop import gradcheck, models, optim, train
from backprop.data import noisy_line, noisy_plane

MODELS = {
    "univariate": lambda n, h, rng: models.UnivariateRegression(w=rng.normal(), b=rng.normal()),
    "multivariate": lambda n, h, rng: models.MultivariateRegression(
        n, w=rng.normal(size=(1, n)), b=rng.normal()
    ),
    "two_layer_linear": lambda n, h, rng: models.TwoLayerLinear(n, h, **_two_layer(n, h, rng)),
    "two_layer_nonlinear": lambda n, h, rng: models.TwoLayerNonlinear(n, h, **_two_layer(n, h, rng)),
    "logistic": lambda n, h, rng: models.LogisticRegression(n, w=rng.normal(size=(1, n)), b=rng.normal()),
    "perceptron": lambda n, h, rng: models.TwoLayerPerceptron(n, h, **_two_layer(n, h, rng)),
}
CLASSIFIERS = {"logistic", "perceptron"}


def _two_layer(n, h, rng):
    return dict(
        W1=rng.normal(size=(h, n)), b1=rng.normal(size=(h, 1)), w2=rng.normal(size=(1, h)), b2=rng.normal()
    )


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize(("n", "h", "m"), [(1, 1, 1), (3, 1, 7), (5, 4, 1), (2, 6, 10)])
@pytest.mark.parametrize("seed", [0, 1])
def test_backprop_matches_finite_differences(name, n, h, m, seed):
    rng = np.random.default_rng(seed)
    n = 1 if name == "univariate" else n
    model = MODELS[name](n, h, rng)
    X = rng.normal(size=(n, m))
    y = rng.uniform(size=(1, m)) if name in CLASSIFIERS else rng.normal(size=(1, m))
    loss, grads = model.gradients(X, y)
    numeric = gradcheck.numerical_gradients(model, X, y)
    assert isinstance(loss, float)
    assert set(grads) == set(model.params)
    for key, g in grads.items():
        assert g.shape == model.params[key].shape, key
        assert g.dtype == np.float64
        assert gradcheck.relative_error(g, numeric[key]) < 1e-7, key


def test_numerical_gradients_restore_the_parameters():
    model = models.TwoLayerNonlinear(2, 3, seed=0)
    before = {k: v.copy() for k, v in model.params.items()}
    gradcheck.numerical_gradients(model, np.ones((2, 4)), np.zeros((1, 4)))
    for k in before:
        np.testing.assert_array_equal(model.params[k], before[k])


def test_gradcheck_catches_a_wrong_backward_pass():
    class Broken(models.TwoLayerNonlinear):
        def backward(self, cache, y):
            grads = super().backward(cache, y)
            grads["W1"] = grads["W1"] * 1.01  # a 1% error must be caught
            return grads

    rng = np.random.default_rng(0)
    errors = gradcheck.check(Broken(2, 3, seed=0), rng.normal(size=(2, 5)), rng.normal(size=(1, 5)))
    assert errors["W1"] > 1e-4
    assert errors["w2"] < 1e-7


def test_explicit_parameters_are_used_and_copied():
    W1 = np.ones((3, 2))
    model = models.TwoLayerLinear(2, 3, W1=W1, b2=1.5)
    W1[0, 0] = 99.0
    assert model.params["W1"][0, 0] == 1.0
    assert model.params["b2"].shape == ()
    assert float(model.params["b2"]) == 1.5


def test_same_seed_same_parameters_and_float64():
    a, b = models.TwoLayerPerceptron(3, 5, seed=7), models.TwoLayerPerceptron(3, 5, seed=7)
    c = models.TwoLayerPerceptron(3, 5, seed=8)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
        assert a.params[k].dtype == np.float64
    assert not np.array_equal(a.params["W1"], c.params["W1"])


@pytest.mark.parametrize("batch_size", [None])
def test_gd_on_univariate_regression_reaches_least_squares(batch_size):
    x, y = noisy_line(m=40, seed=3)
    model = models.UnivariateRegression(w=0.0, b=0.0)
    train(model, x, y, optim.GD(lr=0.2), epochs=2000, batch_size=batch_size)
    A = np.vstack([x, np.ones_like(x)]).T
    (w, b), *_ = np.linalg.lstsq(A, y.ravel(), rcond=None)
    assert abs(float(model.params["w"]) - w) < 1e-6
    assert abs(float(model.params["b"]) - b) < 1e-6


def test_gd_on_multivariate_regression_reaches_least_squares():
    X, y = noisy_plane(m=60, w=(1.0, -2.0, 0.5), seed=4)
    model = models.MultivariateRegression(3, seed=0)
    train(model, X, y, optim.GD(lr=0.2), epochs=3000)
    A = np.vstack([X, np.ones((1, X.shape[1]))]).T
    sol, *_ = np.linalg.lstsq(A, y.ravel(), rcond=None)
    np.testing.assert_allclose(model.params["w"].ravel(), sol[:3], atol=1e-6)
    assert abs(float(model.params["b"]) - sol[3]) < 1e-6


def test_two_layer_linear_collapses_to_one_map():
    rng = np.random.default_rng(0)
    net = models.TwoLayerLinear(4, 6, **_two_layer(4, 6, rng))
    X = rng.normal(size=(4, 9))
    single = net.as_linear_map()
    np.testing.assert_allclose(single.forward(X), net.forward(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(single.params["w"], net.params["w2"] @ net.params["W1"])
    expected_b = (net.params["w2"] @ net.params["b1"]).item() + float(net.params["b2"])
    assert float(single.params["b"]) == pytest.approx(expected_b, rel=1e-12)


def test_sigmoid_models_are_finite_at_huge_logits():
    X = np.array([[1000.0, -1000.0], [0.0, 0.0]])
    y = np.array([[0.0, 1.0]])  # confidently wrong on both examples
    model = models.LogisticRegression(2, w=[[1.0, 0.0]], b=0.0)
    loss, grads = model.gradients(X, y)
    assert loss == pytest.approx(1000.0)
    assert all(np.isfinite(g).all() for g in grads.values())
    np.testing.assert_allclose(grads["w"], [[1000.0, 0.0]])  # (1/m) Σ (ŷ − y) x
    net = models.TwoLayerPerceptron(2, 2, W1=[[1.0, 0.0], [0.0, 1.0]], w2=[[1000.0, 1000.0]])
    loss, grads = net.gradients(X, y)
    assert np.isfinite(loss)
    assert all(np.isfinite(g).all() for g in grads.values())


@pytest.mark.parametrize("name", MODELS)
def test_passes_leave_inputs_and_cache_unchanged(name):
    """The in-place arithmetic of the passes stays inside the arrays they create."""
    rng = np.random.default_rng(5)
    n = 1 if name == "univariate" else 3
    model = MODELS[name](n, 4, rng)
    X = rng.normal(size=(n, 6))
    y = rng.uniform(size=(1, 6))
    X_before, y_before = X.copy(), y.copy()
    cache = model.forward_cache(X)
    saved = {k: v.copy() for k, v in cache.items()}
    first = model.backward(cache, y)
    second = model.backward(cache, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    for k in saved:
        np.testing.assert_array_equal(cache[k], saved[k])
    for k in first:
        np.testing.assert_array_equal(first[k], second[k])


TWO_LAYER = ["two_layer_linear", "two_layer_nonlinear", "perceptron"]


@pytest.mark.parametrize("name", TWO_LAYER)
def test_fast_gradients_equal_the_shown_passes_bit_for_bit(name):
    """`gradients` of a two-layer model (backprop._fast, reused arrays) gives exactly what
    the `forward_cache` and `backward` the chapters show give, for changing batch sizes,
    small and large enough for numpy's vectorized and threaded loops."""
    rng = np.random.default_rng(6)
    for n, h, m in [(3, 5, 7), (3, 5, 7), (3, 5, 4), (20, 64, 2048), (3, 5, 7)]:
        model = MODELS[name](n, h, rng)
        for _ in range(2):  # the second call reuses the first one's arrays
            X = rng.normal(size=(n, m))
            y = rng.uniform(size=(1, m))
            loss, grads = model.gradients(X, y)
            cache = model.forward_cache(X)
            assert loss == model._loss(cache, y)
            for k, g in models.Model.gradients(model, X, y)[1].items():
                np.testing.assert_array_equal(grads[k], g)
                assert grads[k].shape == model.params[k].shape


@pytest.mark.parametrize("name", TWO_LAYER)
def test_gradients_handed_out_are_never_overwritten(name):
    rng = np.random.default_rng(7)
    model = MODELS[name](3, 5, rng)
    X, y = rng.normal(size=(3, 7)), rng.uniform(size=(1, 7))
    cache = model.forward_cache(X)
    _, first = model.gradients(X, y)
    kept_cache = {k: v.copy() for k, v in cache.items()}
    kept = {k: np.copy(v) for k, v in first.items()}
    model.gradients(rng.normal(size=(3, 7)), rng.uniform(size=(1, 7)))
    for k in kept:
        np.testing.assert_array_equal(first[k], kept[k])
    for k in kept_cache:
        np.testing.assert_array_equal(cache[k], kept_cache[k])


def test_a_subclass_that_changes_a_pass_gets_its_own_pass():
    class Halved(models.TwoLayerNonlinear):
        def backward(self, cache, y):
            return {k: g / 2 for k, g in super().backward(cache, y).items()}

    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(2, 9)), rng.normal(size=(1, 9))
    _, plain = models.TwoLayerNonlinear(2, 4, seed=0).gradients(X, y)
    _, halved = Halved(2, 4, seed=0).gradients(X, y)
    for k in plain:
        np.testing.assert_allclose(halved[k], plain[k] / 2)


def test_a_subclass_with_its_own_activation_trains():
    class Tanh(models.TwoLayerNonlinear):
        def forward_cache(self, X):
            X = self._check_X(X)
            a = np.tanh(self.params["W1"] @ X + self.params["b1"])
            return {"X": X, "a": a, "yhat": self.params["w2"] @ a + self.params["b2"]}

        def backward(self, cache, y):
            a = cache["a"]
            dz = (self.params["w2"].T @ (2 / y.shape[1] * (cache["yhat"] - y))) * (1 - a * a)
            grads = super().backward(cache, y)
            return grads | {"W1": dz @ cache["X"].T, "b1": dz.sum(axis=1, keepdims=True)}

    rng = np.random.default_rng(7)
    X, y = rng.normal(size=(2, 9)), rng.normal(size=(1, 9))
    assert max(gradcheck.check(Tanh(2, 4, seed=0), X, y).values()) < 1e-7
