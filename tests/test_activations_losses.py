import numpy as np
import pytest

from backprop.activations import sigmoid, sigmoid_derivative, softplus
from backprop.losses import cross_entropy, cross_entropy_gradient, mse, mse_gradient


def test_sigmoid_is_finite_and_accurate_at_large_inputs():
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = sigmoid(z)
        ds = sigmoid_derivative(z)
    assert np.isfinite(s).all() and np.isfinite(ds).all()
    assert s[1] == pytest.approx(np.exp(-40.0), rel=1e-12)  # no cancellation in the left tail
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5


def test_sigmoid_derivative_matches_finite_differences():
    z = np.linspace(-6, 6, 25)
    eps = 1e-6
    numeric = (sigmoid(z + eps) - sigmoid(z - eps)) / (2 * eps)
    np.testing.assert_allclose(sigmoid_derivative(z), numeric, rtol=1e-7, atol=1e-10)


def test_softplus_is_log_one_plus_exp():
    z = np.linspace(-30, 30, 13)
    np.testing.assert_allclose(softplus(z), np.log1p(np.exp(z)), rtol=1e-12)
    assert softplus(np.array(1000.0)) == 1000.0


def test_cross_entropy_from_logits_matches_the_textbook_formula():
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(1, 8)), rng.uniform(size=(1, 8))
    p = 1 / (1 + np.exp(-z))
    direct = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert cross_entropy(z, y) == pytest.approx(direct, rel=1e-12)
    np.testing.assert_allclose(cross_entropy_gradient(z, y), (p - y) / 8, rtol=1e-12)


def test_cross_entropy_is_finite_at_huge_logits():
    z, y = np.array([[1000.0, -1000.0, 1000.0]]), np.array([[0.0, 1.0, 1.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert cross_entropy(z, y) == pytest.approx(2000.0 / 3)
        assert np.isfinite(cross_entropy_gradient(z, y)).all()


def test_mse_and_its_gradient():
    yhat, y = np.array([[3.0, 0.0]]), np.array([[1.0, 0.0]])
    assert mse(yhat, y) == 2.0
    np.testing.assert_array_equal(mse_gradient(yhat, y), [[2.0, 0.0]])
