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


# Every primitive with its forward function on plain floats, for finite differences.
PRIMITIVES = {
    "+": (lambda a, b: a + b, (1.3, -0.6)),
    "×": (lambda a, b: a * b, (1.3, -0.6)),
    "^3": (lambda a: a**3, (1.3,)),
    "^-1": (lambda a: a**-1, (1.3,)),
    "exp": (lambda a: a.exp() if isinstance(a, Value) else math.exp(a), (0.4,)),
    "log": (lambda a: a.log() if isinstance(a, Value) else math.log(a), (1.3,)),
    "σ": (lambda a: a.sigmoid() if isinstance(a, Value) else 1 / (1 + math.exp(-a)), (0.4,)),
    "tanh": (lambda a: a.tanh() if isinstance(a, Value) else math.tanh(a), (0.4,)),
    "relu": (lambda a: a.relu() if isinstance(a, Value) else max(a, 0.0), (0.4,)),
}


@pytest.mark.parametrize("op", PRIMITIVES)
def test_recorded_local_derivatives_match_finite_differences(op):
    f, args = PRIMITIVES[op]
    out = f(*[Value(a) for a in args])
    assert out.op == op and len(out._local) == len(out.parents) == len(args)
    np.testing.assert_allclose(out._local, numeric_grad(f, list(args)), rtol=1e-7)


def test_relu_records_zero_local_derivative_where_it_is_flat():
    assert Value(-0.5).relu()._local == (0.0,)


@pytest.mark.parametrize("seed", range(10))
def test_upstream_gradient_times_local_derivative_sums_to_each_grad(seed):
    """The chain rule edge by edge: ∂L/∂p = Σ over edges (p, c) of ∂L/∂c · ∂c/∂p."""
    rng = np.random.default_rng(seed)
    leaves = [Value(v) for v in rng.uniform(-1.5, 1.5, 3)]
    out = random_expression(np.random.default_rng(seed + 1000), leaves, 4)
    out.backward()
    total = {id(v): 0.0 for v in out.nodes()}
    total[id(out)] = 1.0
    for c in out.nodes():
        for p, local in zip(c.parents, c._local, strict=True):
            total[id(p)] += c.grad * local
    for v in out.nodes():
        assert total[id(v)] == pytest.approx(v.grad, rel=1e-12, abs=1e-15)
