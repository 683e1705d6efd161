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


def torch_sgd(lr, momentum, nesterov, grads, theta0):
    """PyTorch's SGD (dampening 0, no weight decay), as torch.optim.sgd writes it out."""
    theta, buf, out = np.array(theta0, dtype=float), None, []
    for g in grads:
        buf = g.copy() if buf is None else momentum * buf + g  # the momentum buffer
        d_p = g + momentum * buf if nesterov else buf
        theta = theta - lr * d_p
        out.append(theta)
    return out


def run_arrays(opt, grads, theta0):
    params, out = {"theta": np.array(theta0, dtype=float)}, []
    for g in grads:
        opt.step(params, {"theta": g})
        out.append(params["theta"].copy())
    return out


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_momentum_equals_pytorch_sgd_with_lr_alpha_times_one_minus_beta(beta, nesterov):
    rng = np.random.default_rng(1)
    grads, theta0, alpha = list(rng.normal(size=(30, 3))), rng.normal(size=3), 0.2
    ours = run_arrays(optim.Momentum(lr=alpha, beta=beta, nesterov=nesterov), grads, theta0)
    theirs = torch_sgd(alpha * (1 - beta), beta, nesterov, grads, theta0)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_momentum_is_heavy_ball():
    # θ_{t+1} = θ_t − η g_t + β (θ_t − θ_{t−1}), η = α (1 − β), θ_{−1} = θ_0
    rng = np.random.default_rng(2)
    grads, alpha, beta = list(rng.normal(size=20)), 0.3, 0.8
    eta, thetas = alpha * (1 - beta), [1.0, 1.0]
    for g in grads:
        thetas.append(thetas[-1] - eta * g + beta * (thetas[-1] - thetas[-2]))
    assert run(optim.Momentum(lr=alpha, beta=beta), grads) == pytest.approx(thetas[2:], rel=1e-12)


def bumpy(theta):
    """A smooth convex loss of two parameters that is not a quadratic."""
    a, b = theta[0] - 1.0, theta[0] + 2 * theta[1]
    return float(np.log(np.cosh(a)) + np.log(np.cosh(b)) + 0.05 * (theta @ theta) ** 2)


def bumpy_gradient(theta):
    a, b = theta[0] - 1.0, theta[0] + 2 * theta[1]
    return (
        np.tanh(a) * np.array([1.0, 0.0]) + np.tanh(b) * np.array([1.0, 2.0]) + 0.2 * (theta @ theta) * theta
    )


def numerical_gradient(f, theta, eps=1e-6):
    return np.array([(f(theta + eps * e) - f(theta - eps * e)) / (2 * eps) for e in np.eye(len(theta))])


def test_bumpy_gradient_matches_finite_differences():
    for theta in np.random.default_rng(3).normal(size=(5, 2)):
        np.testing.assert_allclose(bumpy_gradient(theta), numerical_gradient(bumpy, theta), rtol=1e-7)


def test_nesterov_takes_the_gradient_at_the_look_ahead_point():
    # Nesterov's method: y_t = θ_t + β (θ_t − θ_{t−1}), θ_{t+1} = y_t − η ∇L(y_t), with the
    # gradient by finite differences. The package keeps the look-ahead point y itself.
    alpha, beta, steps = 0.5, 0.8, 40
    eta = alpha * (1 - beta)
    theta_prev = theta = np.array([3.0, 0.5])
    look_ahead = []
    for _ in range(steps):
        y = theta + beta * (theta - theta_prev)
        look_ahead.append(y)
        theta_prev, theta = theta, y - eta * numerical_gradient(bumpy, y)
    params, opt, ours = {"theta": np.array([3.0, 0.5])}, optim.Momentum(alpha, beta, nesterov=True), []
    for _ in range(steps):
        ours.append(params["theta"].copy())
        opt.step(params, {"theta": bumpy_gradient(params["theta"])})
    np.testing.assert_allclose(ours, look_ahead, rtol=1e-7, atol=1e-9)
    assert bumpy(ours[-1]) < bumpy(ours[0])


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_with_beta_zero_is_gd_either_way(nesterov):
    grads = list(np.random.default_rng(0).normal(size=20))
    expected = run(optim.GD(lr=0.05), grads)
    assert run(optim.Momentum(lr=0.05, beta=0.0, nesterov=nesterov), grads) == pytest.approx(expected)


def test_nesterov_must_be_a_bool():
    with pytest.raises(TypeError, match="nesterov must be True or False, got 1"):
        optim.Momentum(lr=0.1, nesterov=1)


def test_rmsprop_steps():
    # s ← 0.5 s + 0.5 g²: s = 0.5, 2.25, 1.625; θ ← θ − 0.1 g / (√s + 1e-8)
    eps = 1e-8
    t1 = 1.0 - 0.1 * 1.0 / (math.sqrt(0.5) + eps)
    t2 = t1 - 0.1 * 2.0 / (math.sqrt(2.25) + eps)
    t3 = t2 + 0.1 * 1.0 / (math.sqrt(1.625) + eps)
    assert run(optim.RMSprop(lr=0.1, beta=0.5)) == pytest.approx([t1, t2, t3], rel=1e-14)


def test_adam_steps():
    # β1 = 0.5, β2 = 0.75: v = 0.5, 1.25, 0.125; s = 0.25, 1.1875, 1.140625
    # v̂ = v / (1 − 0.5ᵗ), ŝ = s / (1 − 0.75ᵗ)
    tau = 1e-8
    v_hat = [0.5 / 0.5, 1.25 / 0.75, 0.125 / 0.875]
    s_hat = [0.25 / 0.25, 1.1875 / 0.4375, 1.140625 / (1 - 0.421875)]
    expected, theta = [], 1.0
    for vh, sh in zip(v_hat, s_hat, strict=True):
        theta -= 0.1 * vh / (math.sqrt(sh) + tau)
        expected.append(theta)
    assert run(optim.Adam(lr=0.1, beta1=0.5, beta2=0.75)) == pytest.approx(expected, rel=1e-14)


def test_adam_state_is_named_as_in_the_book():
    # v: momentum's average, s: RMSprop's average of squares (m is the number of examples)
    opt = optim.Adam(lr=0.1, beta1=0.5, beta2=0.75)
    run(opt)
    assert sorted(opt.state["theta"]) == ["s", "t", "v"]
    assert float(opt.state["theta"]["v"]) == pytest.approx(0.125, abs=1e-15)
    assert float(opt.state["theta"]["s"]) == pytest.approx(1.140625, abs=1e-15)
    assert opt.state["theta"]["t"] == 3


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
    "opt",
    [
        optim.GD(0.5),
        optim.Momentum(0.5),
        optim.Momentum(0.5, nesterov=True),
        optim.RMSprop(0.01),
        optim.Adam(0.02),
        optim.Adam(optim.CosineDecay(0.05, steps=1200, warmup=20)),
    ],
    ids=repr,
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


# -- learning-rate schedules ------------------------------------------------------------
def test_step_decay_values():
    schedule = optim.StepDecay(lr=0.8, every=3, gamma=0.5)
    # α γ^⌊(t − 1)/3⌋: three steps at 0.8, three at 0.4, three at 0.2, ...
    assert [schedule(t) for t in range(1, 11)] == [0.8] * 3 + [0.4] * 3 + [0.2] * 3 + [0.1]


def test_step_decay_with_warm_up_starts_decaying_after_it():
    schedule = optim.StepDecay(lr=1.0, every=2, gamma=0.1, warmup=4)
    expected = [0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 0.1, 0.1, 0.01]
    assert [schedule(t) for t in range(1, 10)] == pytest.approx(expected, rel=1e-15)


def test_cosine_values():
    schedule = optim.CosineDecay(lr=2.0, steps=9, final=0.5)
    # α_min + (α − α_min)(1 + cos(π (t − 1)/9))/2, then α_min from step 10 on
    assert schedule(1) == 2.0
    assert schedule(4) == pytest.approx(0.5 + 1.5 * (1 + 0.5) / 2, rel=1e-15)  # cos(π/3) = 1/2
    assert schedule(7) == pytest.approx(0.5 + 1.5 * (1 - 0.5) / 2, rel=1e-15)  # cos(2π/3) = −1/2
    assert [schedule(t) for t in (10, 11, 1000)] == [0.5, 0.5, 0.5]
    rates = [schedule(t) for t in range(1, 11)]
    assert all(np.diff(rates) < 0)  # strictly down to the end


def test_cosine_with_warm_up():
    schedule = optim.CosineDecay(lr=1.0, steps=14, warmup=4)
    assert [schedule(t) for t in range(1, 6)] == [0.25, 0.5, 0.75, 1.0, 1.0]
    assert schedule(10) == pytest.approx(0.5, abs=1e-15)  # half-way through the 10 decay steps
    assert schedule(15) == 0.0 and schedule(14) > 0


def test_a_schedule_may_end_at_zero_and_the_steps_then_stop():
    opt, params = optim.GD(lr=optim.CosineDecay(lr=1.0, steps=2)), {"w": np.array(1.0)}
    for _ in range(4):  # rates 1, 0.5, then 0 from step 3 on
        opt.step(params, {"w": np.array(1.0)})
    assert float(params["w"]) == pytest.approx(1.0 - 1.0 - 0.5, abs=1e-15)
    assert opt.lr == 0.0


def test_warm_up_of_one_step_is_no_warm_up():
    assert optim.CosineDecay(1.0, steps=5, warmup=1)(1) == 1.0


def two_steps_at(rates):
    def make():
        opt, params = optim.GD(lr=lambda t: rates[t - 1]), {"w": np.zeros(1)}
        for _ in range(2):
            opt.step(params, {"w": np.ones(1)})

    return make


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: optim.StepDecay(lr=0.0, every=2), "lr must be positive, got 0.0"),
        (lambda: optim.StepDecay(lr=0.1, every=0), "every must be a positive integer, got 0"),
        (lambda: optim.StepDecay(lr=0.1, every=2.5), "every must be a positive integer, got 2.5"),
        (lambda: optim.StepDecay(lr=0.1, every=2, gamma=0.0), r"gamma must be in \(0, 1\], got 0.0"),
        (lambda: optim.StepDecay(lr=0.1, every=2, gamma=1.5), r"gamma must be in \(0, 1\], got 1.5"),
        (
            lambda: optim.StepDecay(lr=0.1, every=2, warmup=-1),
            "warmup must be a non-negative integer, got -1",
        ),
        (
            lambda: optim.StepDecay(lr=0.1, every=2, warmup=True),
            "warmup must be a non-negative integer, got True",
        ),
        (lambda: optim.CosineDecay(lr=0.1, steps=10, warmup=10), "steps must be more than warmup"),
        (lambda: optim.CosineDecay(lr=0.1, steps=10, final=0.1), r"final must be in \[0, lr\)"),
        (lambda: optim.CosineDecay(lr=0.1, steps=10, final=-0.01), r"final must be in \[0, lr\)"),
        (lambda: optim.CosineDecay(lr=0.1, steps=10)(0), "t must be a positive integer, got 0"),
        (lambda: optim.CosineDecay(lr=0.1, steps=10)(1.0), "t must be a positive integer, got 1.0"),
        (two_steps_at([1.0, -1.0]), "the learning rate of step 2 must not be negative, got -1.0"),
    ],
)
def test_bad_schedules_are_refused_with_a_clear_error(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_learning_rate_that_is_neither_number_nor_schedule_is_a_type_error():
    with pytest.raises(TypeError, match="lr must be a real number"):
        optim.Adam(lr="0.1")
    with pytest.raises(TypeError, match="lr must be a number or a schedule"):
        optim.Adam(lr=lambda: 0.1)
    with pytest.raises(TypeError, match="gamma must be a real number"):
        optim.StepDecay(lr=0.1, every=2, gamma="0.5")


RULES = [optim.GD, optim.Momentum, lambda lr: optim.Momentum(lr, nesterov=True), optim.RMSprop, optim.Adam]


@pytest.mark.parametrize("rule", RULES, ids=["GD", "Momentum", "Nesterov", "RMSprop", "Adam"])
def test_a_schedule_scales_every_rules_step_t_by_its_rate(rule):
    # With gradients that do not depend on θ, every rule's state ignores α, and its step
    # is α times the step it takes at α = 1: a schedule must give step t the rate α_t.
    grads = list(np.random.default_rng(4).normal(size=(25, 2)))
    schedule = optim.CosineDecay(lr=0.3, steps=20, final=0.01, warmup=5)
    scheduled = np.diff(run_arrays(rule(schedule), grads, np.zeros(2)), axis=0, prepend=[[0.0, 0.0]])
    unit = np.diff(run_arrays(rule(1.0), grads, np.zeros(2)), axis=0, prepend=[[0.0, 0.0]])
    rates = np.array([schedule(t) for t in range(1, 26)])
    np.testing.assert_allclose(scheduled, rates[:, None] * unit, rtol=1e-12, atol=1e-15)


def test_optimizer_counts_steps_and_shows_its_rate():
    opt = optim.Adam(lr=optim.StepDecay(lr=0.1, every=1, gamma=0.5))
    assert repr(opt) == (
        "Adam(lr=StepDecay(lr=0.1, warmup=0, every=1, gamma=0.5), beta1=0.9, beta2=0.999, eps=1e-08)"
    )
    params = {"w": np.zeros(2)}
    for _ in range(3):
        opt.step(params, {"w": np.ones(2)})
    assert (opt.t, opt.lr) == (3, 0.025)


def test_a_refused_step_changes_nothing():
    opt, params = optim.Momentum(lr=0.1), {"a": np.ones(2), "b": np.ones(3)}
    with pytest.raises(ValueError, match="has shape"):
        opt.step(params, {"a": np.ones(2), "b": np.ones(2)})
    assert opt.t == 0 and opt.state == {}
    np.testing.assert_array_equal(params["a"], [1.0, 1.0])


# -- running an optimizer on a function; the gradient noise -----------------------------
def test_descend_follows_the_optimizer_step_by_step():
    def gradient(theta):
        return np.array([theta[0], 50 * theta[1]])

    path = optim.descend(optim.Momentum(lr=0.1, beta=0.7), gradient, (-4.0, 2.0), 30)
    assert path.shape == (31, 2)
    np.testing.assert_array_equal(path[0], [-4.0, 2.0])
    params, opt = {"theta": np.array([-4.0, 2.0])}, optim.Momentum(lr=0.1, beta=0.7)
    for k in range(1, 31):
        opt.step(params, {"theta": gradient(params["theta"])})
        np.testing.assert_array_equal(path[k], params["theta"])


@pytest.mark.parametrize(
    "args, error, message",
    [
        (("sgd", [1.0], 3), TypeError, "opt must be a backprop.optim optimizer"),
        ((optim.GD(0.1), [1.0], 0), ValueError, "steps must be a positive integer, got 0"),
        ((optim.GD(0.1), [np.nan], 3), ValueError, "start contains NaN or inf"),
        ((optim.GD(0.1), ["a"], 3), TypeError, "start must be a number or an array of numbers"),
    ],
)
def test_descend_refuses_bad_input(args, error, message):
    opt, start, steps = args
    with pytest.raises(error, match=message):
        optim.descend(opt, lambda theta: theta, start, steps)


def brute_force_noise(model, X, y):
    """G and Σ from the examples' gradients, one model.gradients call per example."""
    m = X.shape[1]

    def flat(grads):
        return np.concatenate([np.ravel(grads[k]) for k in model.params])

    per_example = np.array([flat(model.gradients(X[:, [i]], y[:, [i]])[1]) for i in range(m)])
    G = per_example.mean(axis=0)
    deviations = per_example - G
    return G, deviations.T @ deviations / m


def test_gradient_noise_of_a_linear_model_is_exact():
    # MSE of ŷ = w X + b: per-example gradient 2 (ŷ_i − y_i) [x_i; 1], Hessian (2/m) A Aᵀ
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(3, 20)), rng.normal(size=(1, 20))
    model = models.MultivariateRegression(3, seed=1)
    G, Sigma, H = optim.gradient_noise(model, X, y)
    A = np.vstack([X, np.ones((1, 20))])  # (4, m): the features, then 1 for b
    residual = (model.params["w"] @ X + model.params["b"] - y).ravel()
    per_example = (2 * residual * A).T  # (m, 4)
    np.testing.assert_allclose(G, per_example.mean(axis=0), rtol=1e-12)
    centred = per_example - per_example.mean(axis=0)
    np.testing.assert_allclose(Sigma, centred.T @ centred / 20, rtol=1e-10)
    np.testing.assert_allclose(H, 2 / 20 * A @ A.T, rtol=1e-6, atol=1e-8)


def test_gradient_noise_of_the_perceptron_matches_brute_force_and_finite_differences():
    X, y = two_classes(m=40, layout="ring", seed=2)
    model = models.TwoLayerPerceptron(2, 3, seed=4)
    before = {k: v.copy() for k, v in model.params.items()}
    G, Sigma, H = optim.gradient_noise(model, X, y)
    for k, v in model.params.items():  # restored bit for bit
        np.testing.assert_array_equal(v, before[k])
    G_brute, Sigma_brute = brute_force_noise(model, X, y)
    np.testing.assert_allclose(G, G_brute, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(Sigma, Sigma_brute, rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(H, H.T)
    # the curvature along G, from the loss alone: (L(θ + εG) − 2 L(θ) + L(θ − εG)) / ε²
    eps, sizes = 1e-4, [v.size for v in model.params.values()]

    def loss_at(shift):
        moved = models.TwoLayerPerceptron(2, 3, seed=4)
        for v, part in zip(moved.params.values(), np.split(shift, np.cumsum(sizes)[:-1]), strict=True):
            v += part.reshape(v.shape)
        return moved.loss(X, y)

    direction = G / np.linalg.norm(G)
    second = (loss_at(eps * direction) - 2 * loss_at(0 * direction) + loss_at(-eps * direction)) / eps**2
    assert direction @ H @ direction == pytest.approx(second, rel=1e-4)


def test_gradient_noise_refuses_bad_input():
    model = models.TwoLayerPerceptron(2, 3)
    with pytest.raises(ValueError, match="eps must be positive"):
        optim.gradient_noise(model, np.ones((2, 4)), np.zeros((1, 4)), eps=0)
    with pytest.raises(ValueError, match="X has 3 rows"):
        optim.gradient_noise(model, np.ones((3, 4)), np.zeros((1, 4)))
