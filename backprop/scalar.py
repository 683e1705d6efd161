"""A scalar automatic-differentiation engine, small enough to read in one sitting.

Each ``Value`` holds a number (``data``), the derivative of the final output with
respect to it (``grad``), the values it was computed from (``parents``) and the
operation that did it (``op``). Every primitive operation records, right beside its
forward computation, its local derivatives: ``_local[i]`` is ∂self/∂parents[i] at the
current numbers, a row of the table in chapter 6.1. ``backward`` visits the graph in
reverse topological order and applies the chain rule, upstream gradient times local
derivative, *adding* each contribution, so a value used twice collects both.

Examples
--------
>>> from backprop.scalar import Value
>>> x = Value(2.0)
>>> y = x * x + x          # x is used three times
>>> y.backward()
>>> x.grad                 # d(x² + x)/dx = 2x + 1
5.0
"""

from __future__ import annotations

import math
import numbers


class Value:
    r"""A scalar in a computational graph.

    Arithmetic with `+`, `-`, `*`, `/`, `**` (a constant exponent) and unary minus, between
    Values or with plain numbers, builds the graph; `exp`, `log`, `sigmoid`, `tanh` and
    `relu` are the other primitives. Subtraction, division and negation are composed from
    `+`, `*` and `**`, so only primitives carry derivative code. `_local[i]` is the local
    derivative ∂self/∂parents[i] at the current numbers. Taught in
    [6.1 Scalar operations](../extended/scalar-ops.md).

    Parameters
    ----------
    data : float
        The number.
    label : str, optional
        A name for figures, e.g. `"w"`.

    Attributes
    ----------
    data : float
        The number.
    grad : float
        $\partial\,\text{output}/\partial\,\text{self}$ after `output.backward()`; 0 before.
    label : str
        The name given, or "".
    parents : tuple of Value
        The values this one was computed from (empty for a leaf).
    op : str
        The operation that computed it, e.g. "×" (empty for a leaf).

    Raises
    ------
    TypeError
        If `data` is not a real number (bools are refused too).

    Examples
    --------
    >>> from backprop.scalar import Value
    >>> a, b = Value(2.0, "a"), Value(-3.0, "b")
    >>> c = a * b + a
    >>> c
    Value(-4, grad=0)
    >>> c.backward()
    >>> a.grad, b.grad
    (-2.0, 2.0)
    """

    def __init__(self, data, label: str = "", _parents: tuple[Value, ...] = (), _op: str = "", _local=()):
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            raise TypeError(f"Value holds a real number, got {data!r}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.parents = _parents
        self.op = _op
        self._local = tuple(float(d) for d in _local)

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # -- primitives: the result, and beside it the local derivatives ----------------
    def __add__(self, other):
        other = _lift(other)
        # ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1
        return Value(self.data + other.data, _parents=(self, other), _op="+", _local=(1, 1))

    def __mul__(self, other):
        other = _lift(other)
        return Value(
            self.data * other.data,
            _parents=(self, other),
            _op="×",
            _local=(other.data, self.data),  # ∂(ab)/∂a = b, ∂(ab)/∂b = a
        )

    def __pow__(self, n):
        if isinstance(n, bool) or not isinstance(n, numbers.Real):
            raise TypeError(f"the exponent must be a constant real number, got {n!r}")
        # ∂(aⁿ)/∂a = n aⁿ⁻¹
        return Value(self.data**n, _parents=(self,), _op=f"^{n:g}", _local=(n * self.data ** (n - 1),))

    def exp(self):
        r"""$e^a$, as a new node of the graph.

        Returns
        -------
        Value
            The result, with this value as its parent and `op` "exp".

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> Value(0.0).exp().data
        1.0
        """
        e = math.exp(self.data)
        return Value(e, _parents=(self,), _op="exp", _local=(e,))  # ∂(eᵃ)/∂a = eᵃ

    def log(self):
        r"""The natural logarithm $\log a$, as a new node of the graph.

        Returns
        -------
        Value
            The result, with this value as its parent and `op` "log".

        Raises
        ------
        ValueError
            If the value is not positive.

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> Value(1.0).log().data
        0.0
        """
        if self.data <= 0:
            raise ValueError(f"log needs a positive value, got {self.data}")
        # ∂(log a)/∂a = 1/a
        return Value(math.log(self.data), _parents=(self,), _op="log", _local=(1.0 / self.data,))

    def sigmoid(self):
        r"""The sigmoid $\sigma(a) = 1 / (1 + e^{-a})$, without overflow, as a new node of the graph.

        Returns
        -------
        Value
            The result, with this value as its parent and `op` "σ".

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> Value(0.0).sigmoid().data, Value(-1000.0).sigmoid().data
        (0.5, 0.0)
        """
        e = math.exp(-abs(self.data))  # math.exp raises on overflow: keep its argument ≤ 0
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        # ∂σ(a)/∂a = σ(a)(1 − σ(a))
        return Value(s, _parents=(self,), _op="σ", _local=(s * (1.0 - s),))

    def tanh(self):
        r"""$\tanh a$, as a new node of the graph.

        Returns
        -------
        Value
            The result, with this value as its parent and `op` "tanh".

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> Value(0.0).tanh().data
        0.0
        """
        t = math.tanh(self.data)
        return Value(t, _parents=(self,), _op="tanh", _local=(1.0 - t * t,))  # ∂tanh(a)/∂a = 1 − tanh²(a)

    def relu(self):
        # ∂max(a, 0)/∂a = 1 if a > 0 else 0
        r"""$\max(a, 0)$, as a new node of the graph.

        Returns
        -------
        Value
            The result, with this value as its parent and `op` "relu".

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> Value(-2.0).relu().data, Value(3.0).relu().data
        (0.0, 3.0)
        """
        return Value(max(self.data, 0.0), _parents=(self,), _op="relu", _local=(float(self.data > 0),))

    # -- derived operations: built from the primitives, so no derivative code ----------
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-_lift(other))

    def __truediv__(self, other):
        return self * _lift(other) ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return _lift(other) - self

    def __rtruediv__(self, other):
        return _lift(other) / self

    # -- the backward pass --------------------------------------------------------------
    def backward(self) -> None:
        r"""The backward pass: set `grad` of every value this one depends on to
        $\partial\,\text{self}/\partial\,\text{value}$.

        Visits the graph in reverse topological order, each node passing its gradient times
        its local derivatives (`_local`) to its parents; contributions *add*, so a value used twice
        collects both. Gradients from an earlier call are reset first. Taught in
        [6.1 Scalar operations](../extended/scalar-ops.md#the-chain-rule-run-backwards).

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> x = Value(2.0)
        >>> y = x * x + x
        >>> y.backward()
        >>> x.grad
        5.0
        """
        order = self.nodes()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # a node's gradient is complete here
            for parent, local in zip(node.parents, node._local, strict=True):
                # upstream gradient × local derivative, added to the rest
                parent.grad += node.grad * local

    def nodes(self) -> list[Value]:
        """Every value in the graph ending here, in topological order (inputs first).

        Returns
        -------
        list of Value
            Each value once, every one after the values it was computed from; this one last.

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> a = Value(1.0, "a")
        >>> [v.label or v.op for v in (a * 2 + a).nodes()]
        ['a', '', '×', '+']
        """
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v.parents:
                    visit(p)
                order.append(v)

        visit(self)
        return order

    def edges(self) -> list[tuple[Value, Value]]:
        """The arrows of the graph, from inputs towards the output.

        Returns
        -------
        list of tuple of Value
            (parent, child) pairs, grouped by child in the order of `nodes`.

        Examples
        --------
        >>> from backprop.scalar import Value
        >>> a = Value(1.0, "a")
        >>> [(p.label, c.op) for p, c in (a * a).edges()]
        [('a', '×'), ('a', '×')]
        """
        return [(p, v) for v in self.nodes() for p in v.parents]


def _lift(x) -> Value:
    return x if isinstance(x, Value) else Value(x)
