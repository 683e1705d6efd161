"""Each optimizer's first steps equal its formula, worked out here by hand, not by the code."""

import math

import numpy as np
import pytest

from backprop import models, optim, train
from backprop.data import two_classes

GRADS = [1.0, 2.0, -1.0]  # a fixed gradient sequence makes every step hand-computable


def run(opt, grads=GRADS, theta0=1.0):
    params = {"theta": np.array(theta0)}
    out = []
    for g in grads:
        opt.step(params, {"theta": np.array(g)})
        out.append(float(params["theta"]))
    return out


def test_gd_steps():
    # θ ← θ − α g with α = 0.1: 1 − 0.1 = 0.9; 0.9 − 0.2 = 0.7; 0.7 + 0.1 = 0.8
    assert run(optim.GD(lr=0.1)) == pytest.approx([0.9, 0.7, 0.8], abs=1e-15)


def test_momentum_steps():
    # v ← 0.5 v + 0.5 g: v = 0.5, 1.25, 0.125; θ ← θ − 0.1 v
    assert run(optim.Momentum(lr=0.1, beta=0.5)) == pytest.approx([0.95, 0.825, 0.8125], abs=1e-15)


def test_momentum_with_beta_zero_is_gd():
    grads = list(np.random.default_rng(0).normal(size=20))
    assert run(optim.Momentum(lr=0.05, beta=0.0), grads) == pytest.approx(run(optim.GD(lr=0.05), grads))


def test_rmsprop_steps():
    # s ← 0.5 s + 0.5 g²: s = 0.5, 2.25, 1.625; θ ← θ − 0.1 g / (√s + 1e-8)
    eps = 1e-8
    t1 = 1.0 - 0.1 * 1.0 / (math.sqrt(0.5) + eps)
    t2 = t1 - 0.1 * 2.0 / (math.sqrt(2.25) + eps)
    t3 = t2 + 0.1 * 1.0 / (math.sqrt(1.625) + eps)
    assert run(optim.RMSprop(lr=0.1, beta=0.5)) == pytest.approx([t1, t2, t3], rel=1e-14)


def test_adam_steps():
    # β1 = 0.5, β2 = 0.75: m = 0.5, 1.25, 0.125; v = 0.25, 1.1875, 1.140625
    # m̂ = m / (1 − 0.5ᵗ), v̂ = v / (1 − 0.75ᵗ)
    eps = 1e-8
    m_hat = [0.5 / 0.5, 1.25 / 0.75, 0.125 / 0.875]
    v_hat = [0.25 / 0.25, 1.1875 / 0.4375, 1.140625 / (1 - 0.421875)]
    expected, theta = [], 1.0
    for mh, vh in zip(m_hat, v_hat, strict=True):
        theta -= 0.1 * mh / (math.sqrt(vh) + eps)
        expected.append(theta)
    assert run(optim.Adam(lr=0.1, beta1=0.5, beta2=0.75)) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("scale", [1e-6, 1.0, 1e6])
def test_adam_first_step_has_size_lr_whatever_the_gradient_scale(scale):
    step = 1.0 - run(optim.Adam(lr=1e-3), [scale])[0]
    assert step == pytest.approx(1e-3, rel=1e-2)


def test_adam_defaults_are_kingma_and_ba():
    opt = optim.Adam()
    assert (opt.lr, opt.beta1, opt.beta2, opt.eps) == (1e-3, 0.9, 0.999, 1e-8)


def test_state_is_kept_per_parameter():
    opt = optim.Momentum(lr=1.0, beta=0.5)
    params = {"a": np.zeros(2), "b": np.zeros(())}
    opt.step(params, {"a": np.ones(2), "b": np.array(-4.0)})
    np.testing.assert_array_equal(opt.state["a"]["v"], [0.5, 0.5])
    assert float(opt.state["b"]["v"]) == -2.0


def test_step_updates_the_model_arrays_in_place():
    model = models.MultivariateRegression(2, seed=0)
    w = model.params["w"]
    _, grads = model.gradients(np.ones((2, 3)), np.zeros((1, 3)))
    optim.Adam(lr=0.1).step(model.params, grads)
    assert model.params["w"] is w


@pytest.mark.parametrize(
    "opt", [optim.GD(0.5), optim.Momentum(0.5), optim.RMSprop(0.01), optim.Adam(0.02)], ids=repr
)
def test_every_optimizer_trains_the_perceptron(opt):
    X, y = two_classes(m=200, layout="ring", seed=0)
    model = models.TwoLayerPerceptron(2, 8, seed=0)
    hist = train(model, X, y, opt, epochs=300, batch_size=50, seed=0)
    assert not hist.diverged
    assert np.mean(hist.loss[-4:]) < 0.5 * hist.loss[0]


def test_minibatches_cover_every_example_once_per_epoch():
    m = 23
    X = np.arange(2 * m, dtype=float).reshape(2, m)
    y = np.arange(m, dtype=float).reshape(1, m)
    batches = list(optim.minibatches(X, y, batch_size=5, seed=1))
    assert [yb.shape[1] for _, yb in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([yb.ravel() for _, yb in batches])
    assert sorted(seen) == list(range(m))
    for Xb, yb in batches:  # columns stay paired with their targets
        np.testing.assert_array_equal(Xb[0], yb[0])
    assert not np.array_equal(seen, np.arange(m))  # shuffled


def test_minibatches_same_seed_same_order_new_epoch_new_order():
    X, y = np.zeros((1, 10)), np.arange(10.0).reshape(1, 10)

    def order(seed):
        return np.concatenate([yb.ravel() for _, yb in optim.minibatches(X, y, 3, seed=seed)])

    np.testing.assert_array_equal(order(4), order(4))
    rng = np.random.default_rng(4)
    assert not np.array_equal(order(rng), order(rng))


def test_batch_size_one_is_sgd_and_m_is_full_batch():
    X, y = np.ones((1, 6)), np.zeros((1, 6))
    assert len(list(optim.minibatches(X, y, 1))) == 6
    assert len(list(optim.minibatches(X, y, 6))) == 1
    assert len(list(optim.minibatches(X, y, 100))) == 1
