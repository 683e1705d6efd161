"""Bad input gets an error that names the problem, never a numpy traceback from inside."""

import re

import numpy as np
import pytest

from backprop import data, gradcheck, models, optim, train
from backprop.scalar import Value

X3 = np.ones((3, 5))
Y5 = np.zeros((1, 5))


def raises(exc, message):
    return pytest.raises(exc, match=re.escape(message))


def test_x_and_y_with_different_numbers_of_examples():
    with raises(ValueError, "y has shape (1, 4) but X has 5 examples; y must have shape (1, 5)"):
        models.MultivariateRegression(3).gradients(X3, np.zeros((1, 4)))


def test_wrong_feature_count():
    with raises(ValueError, "X has 4 rows (shape (4, 5)) but the model expects 3"):
        models.TwoLayerNonlinear(3, 2).forward(np.ones((4, 5)))


def test_one_dimensional_input_gets_a_reshape_hint():
    with raises(ValueError, "x must be 2-D with shape (1, m), columns are examples; got shape (5,)"):
        models.UnivariateRegression().forward(np.ones(5))
    with raises(ValueError, "use x.reshape(1, -1)"):
        models.UnivariateRegression().forward(np.ones(5))


def test_y_as_a_column_is_rejected():
    with raises(ValueError, "y has 5 rows (shape (5, 1)) but the model expects 1"):
        models.MultivariateRegression(3).loss(X3, np.zeros((5, 1)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_data(bad):
    X = X3.copy()
    X[1, 2] = bad
    with raises(ValueError, "X contains NaN or inf (first at index (1, 2))"):
        models.LogisticRegression(3).forward(X)
    y = Y5.copy()
    y[0, 4] = bad
    with raises(ValueError, "y contains NaN or inf (first at index (0, 4))"):
        models.MultivariateRegression(3).gradients(X3, y)


def test_empty_data():
    with raises(ValueError, "X is empty: it has shape (3, 0), no examples"):
        models.MultivariateRegression(3).forward(np.ones((3, 0)))
    with raises(ValueError, "X is empty"):
        list(optim.minibatches(np.ones((3, 0)), np.ones((1, 0)), 2))


def test_non_numeric_arrays():
    with raises(TypeError, "X must hold numbers, got an array of dtype <U1"):
        models.MultivariateRegression(1).forward([["a", "b"]])
    with raises(TypeError, "y must hold numbers, got an array of dtype object"):
        models.MultivariateRegression(1).gradients([[1.0, 2.0]], np.array([[None, 1]], dtype=object))
    with raises(TypeError, "w must be a number or an array of numbers, got 'big'"):
        models.UnivariateRegression(w="big")


def test_labels_outside_zero_one_for_cross_entropy():
    with raises(ValueError, "y must hold labels (or probabilities) in [0, 1] for cross-entropy"):
        models.LogisticRegression(3).gradients(X3, Y5 + 2)


def test_explicit_parameter_with_the_wrong_shape():
    with raises(ValueError, "W1 must have shape (4, 3), got (3, 4)"):
        models.TwoLayerLinear(3, 4, W1=np.ones((3, 4)))
    with raises(ValueError, "b contains NaN or inf"):
        models.MultivariateRegression(3, b=np.nan)


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_sizes_must_be_positive_integers(n):
    with raises(ValueError, f"n_features must be a positive integer, got {n!r}"):
        models.MultivariateRegression(n)
    with raises(ValueError, f"n_hidden must be a positive integer, got {n!r}"):
        models.TwoLayerPerceptron(2, n)


@pytest.mark.parametrize("lr", [0, -0.1])
@pytest.mark.parametrize("cls", [optim.GD, optim.Momentum, optim.RMSprop, optim.Adam])
def test_learning_rate_must_be_positive(cls, lr):
    with raises(ValueError, f"lr must be positive, got {float(lr)!r}"):
        cls(lr)


def test_learning_rate_must_be_a_finite_number():
    with raises(TypeError, "lr must be a real number, got '0.1'"):
        optim.GD("0.1")
    with raises(ValueError, "lr must be finite, got nan"):
        optim.GD(float("nan"))


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_decay_rates_must_be_in_zero_one(beta):
    with raises(ValueError, f"beta must be in [0, 1), got {beta!r}"):
        optim.Momentum(0.1, beta=beta)
    with raises(ValueError, f"beta must be in [0, 1), got {beta!r}"):
        optim.RMSprop(0.1, beta=beta)
    with raises(ValueError, f"beta1 must be in [0, 1), got {beta!r}"):
        optim.Adam(beta1=beta)
    with raises(ValueError, f"beta2 must be in [0, 1), got {beta!r}"):
        optim.Adam(beta2=beta)


def test_eps_must_be_positive():
    with raises(ValueError, "eps must be positive, got 0.0"):
        optim.Adam(eps=0)
    with raises(ValueError, "eps must be positive, got -1e-06"):
        gradcheck.numerical_gradients(models.UnivariateRegression(), [[1.0]], [[1.0]], eps=-1e-6)


@pytest.mark.parametrize("batch_size", [0, -3, 1.5])
def test_batch_size_must_be_a_positive_integer(batch_size):
    with raises(ValueError, f"batch_size must be a positive integer, got {batch_size!r}"):
        list(optim.minibatches(X3, Y5, batch_size))
    with raises(ValueError, f"batch_size must be a positive integer, got {batch_size!r}"):
        train(models.MultivariateRegression(3), X3, Y5, optim.GD(0.1), batch_size=batch_size)


def test_train_checks_its_arguments():
    with raises(ValueError, "epochs must be a positive integer, got 0"):
        train(models.MultivariateRegression(3), X3, Y5, optim.GD(0.1), epochs=0)
    with raises(TypeError, "opt must be a backprop.optim optimizer, got float"):
        train(models.MultivariateRegression(3), X3, Y5, 0.1)


def test_step_with_mismatched_grads():
    params = {"w": np.zeros((1, 3))}
    with raises(ValueError, "grads has keys ['v'] but params has ['w']"):
        optim.GD(0.1).step(params, {"v": np.zeros((1, 3))})
    with raises(ValueError, "grads['w'] has shape (3,) but params['w'] has (1, 3)"):
        optim.GD(0.1).step(params, {"w": np.zeros(3)})
    with raises(TypeError, "params['w'] must be a float64 numpy array (it is updated in place)"):
        optim.GD(0.1).step({"w": 1.0}, {"w": 1.0})
    with raises(TypeError, "grads['w'] must hold numbers, got 'steep'"):
        optim.GD(0.1).step(params, {"w": "steep"})


def test_scalar_engine_errors():
    with raises(TypeError, "Value holds a real number, got 'x'"):
        Value("x")
    with raises(ValueError, "log needs a positive value, got -1.0"):
        Value(-1.0).log()
    with raises(TypeError, "the exponent must be a constant real number"):
        Value(2.0) ** Value(3.0)


def test_relative_error_needs_equal_shapes():
    with raises(ValueError, "cannot compare shapes (2,) and (3,)"):
        gradcheck.relative_error([1, 2], [1, 2, 3])


def test_two_classes_names_its_layouts():
    with raises(ValueError, "layout must be 'blobs' or 'ring', got 'rings'"):
        data.two_classes(m=10, layout="rings")


def test_huge_finite_data_is_accepted_and_nan_among_it_is_found():
    """The fast finiteness test (a sum of squares) overflows here; the exact one decides."""
    X = np.full((3, 5), 1e200)
    assert models.MultivariateRegression(3).forward(X).shape == (1, 5)
    X[2, 3] = np.nan
    with raises(ValueError, "X contains NaN or inf (first at index (2, 3))"):
        models.MultivariateRegression(3).forward(X)
