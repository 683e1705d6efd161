"""The scalar engine's gradients agree with finite differences, also where a value is reused."""

import math

import numpy as np
import pytest

from backprop.scalar import Value

UNARY = {
    "exp": (lambda v: v.exp(), math.exp),
    "log": (lambda v: v.log(), math.log),
    "sigmoid": (lambda v: v.sigmoid(), lambda a: 1 / (1 + math.exp(-a))),
    "tanh": (lambda v: v.tanh(), math.tanh),
    "relu": (lambda v: v.relu(), lambda a: max(a, 0.0)),
    "square": (lambda v: v**2, lambda a: a**2),
    "cube_root": (lambda v: v ** (1 / 3), lambda a: a ** (1 / 3)),
    "neg": (lambda v: -v, lambda a: -a),
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "radd": lambda a, b: 2.0 + a * b,
    "rsub": lambda a, b: 2.0 - a * b,
    "rdiv": lambda a, b: 2.0 / (a * b),
}


def numeric_grad(f, xs, eps=1e-6):
    out = []
    for i in range(len(xs)):
        hi, lo = list(xs), list(xs)
        hi[i] += eps
        lo[i] -= eps
        out.append((f(*hi) - f(*lo)) / (2 * eps))
    return out


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("a", [0.7, 1.9, -0.8])
def test_unary_local_derivative(name, a):
    build, plain = UNARY[name]
    if name in ("log", "cube_root"):
        a = abs(a)  # their domain is a > 0
    x = Value(a)
    out = build(x)
    out.backward()
    assert out.data == pytest.approx(plain(a), rel=1e-12)
    assert x.grad == pytest.approx(numeric_grad(plain, [a])[0], rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("name", BINARY)
def test_binary_local_derivatives(name):
    f = BINARY[name]
    a, b = Value(1.3), Value(-0.6)
    out = f(a, b)
    out.backward()
    assert out.data == pytest.approx(f(1.3, -0.6))
    np.testing.assert_allclose([a.grad, b.grad], numeric_grad(f, [1.3, -0.6]), rtol=1e-6)


def random_expression(rng, leaves, depth):
    """A random expression tree over the leaves; leaves are reused, so gradients must add."""
    if depth == 0:
        return leaves[rng.integers(len(leaves))]
    op = rng.integers(7)
    a = random_expression(rng, leaves, depth - 1)
    if op == 0:
        return a + random_expression(rng, leaves, depth - 1)
    if op == 1:
        return a * random_expression(rng, leaves, depth - 1)
    if op == 2:
        return a - random_expression(rng, leaves, depth - 1)
    if op == 3:
        return a / (random_expression(rng, leaves, depth - 1).sigmoid() + 0.5)
    if op == 4:
        return a.tanh()
    if op == 5:
        return (a * 0.3).exp()
    return (a * a + 1.0).log()


@pytest.mark.parametrize("seed", range(25))
def test_random_expressions_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    xs = list(rng.uniform(-1.5, 1.5, 3))

    def f(*vals):
        return random_expression(np.random.default_rng(seed + 1000), [Value(v) for v in vals], 4).data

    leaves = [Value(v) for v in xs]
    out = random_expression(np.random.default_rng(seed + 1000), leaves, 4)
    out.backward()
    np.testing.assert_allclose([v.grad for v in leaves], numeric_grad(f, xs), rtol=1e-5, atol=1e-8)


def test_a_value_used_twice_collects_both_gradients():
    x = Value(3.0)
    y = x * x  # dy/dx = 2x: one x from each branch of the product
    y.backward()
    assert x.grad == 6.0
    a = Value(2.0)
    b = a + a
    c = b * a  # c = 2a², dc/da = 4a
    c.backward()
    assert a.grad == 8.0


def test_backward_twice_gives_the_same_gradients():
    x = Value(0.5)
    y = (x * x).sigmoid()
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first


def test_graph_exposes_nodes_edges_ops_values_and_grads():
    x, w = Value(2.0, "x"), Value(-1.0, "w")
    out = (x * w).sigmoid()
    out.backward()
    nodes = out.nodes()
    assert nodes[-1] is out
    assert {n.op for n in nodes} == {"", "×", "σ"}
    assert len(out.edges()) == 3
    assert all(isinstance(n.data, float) and isinstance(n.grad, float) for n in nodes)
    assert w.grad == pytest.approx(x.data * out.data * (1 - out.data))


def test_sigmoid_is_stable_at_large_inputs():
    for a in (-1000.0, 1000.0):
        v = Value(a)
        s = v.sigmoid()
        s.backward()
        assert math.isfinite(s.data) and math.isfinite(v.grad)
