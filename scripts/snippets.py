"""What the copy button of a chapter's code block copies: the block, preceded by exactly the
earlier code of the chapter it depends on, so that the copied text runs on its own in a
fresh Python (with ``backprop`` installed) and prints what the page shows.

The chapter's code is cut into top-level statements. A block needs the names it reads
before it defines them; each such name is provided by the last earlier statement that
defined it, and by every statement in between that may have changed it (``train(model,
...)``, ``opt.step(...)``, ``rng.normal(...)``, ``theta[i] = ...``). The statements so
chosen need names in turn, and so on. When a call's effect is unknown, the statement is
assumed to change the objects passed to it: the setup may be a little longer than
needed, never shorter. A function the chapter defines is known not to change what it is
given when its body changes nothing but objects it made itself (``_pure_functions``).
tests/test_snippets.py runs every block's copy in a fresh process.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import re
import symtable
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

BUILTINS = set(dir(builtins))

# Calls that change none of their arguments (besides `out=`, which chapters do not use).
PURE_CALLS = {
    *"print len float int round str repr list tuple dict set frozenset sorted sum min max abs zip".split(),
    *"enumerate range isinstance any all bool type iter map filter hasattr getattr id next".split(),
    *"reversed divmod pow format".split(),
}
PURE_MODULES = {
    "np",
    "math",
    "statistics",
    "json",
    "gradcheck",
    "data",
    "models",
    "optim",
    "Path",
    "Value",
    "plt",
}
# Calls that change only their first argument (the axes they draw on).
FIRST_ARG_ONLY = {"plot", "diagrams"}
# (module-level function, positions of the arguments it changes, their keyword names)
KNOWN_MUTATORS = {"train": ((0, 3), ("model", "opt")), "optim.random_search": ((0,), ("model",))}
# Methods that change their arguments (opt.step(params, grads) updates params).
METHODS_CHANGING_ARGS = {"step", "update", "setdefault"}
# Methods that change neither their object nor their arguments.
PURE_METHODS = {
    *"items keys values copy get forward forward_cache loss gradients tolist round ravel reshape".split(),
    *"sum mean max min std astype nodes edges format split join strip startswith endswith count".split(),
    *"index item dot any all argmax argmin transpose flatten squeeze cumsum clip as_linear_map".split(),
    *"read_text exists is_file relative_to with_suffix get_color get_fontsize splitlines".split(),
}


@dataclass
class Statement:
    block: int  # index of the block it belongs to
    source: str
    defines: set[str] = field(default_factory=set)
    uses: set[str] = field(default_factory=set)  # names read, including inside functions it defines
    changes: set[str] = field(default_factory=set)  # names of objects it may mutate


def statements(code: str, block: int, pure: frozenset[str] = frozenset()) -> list[Statement]:
    """The top-level statements of a block's code (a script, not a doctest); a call of a
    function named in ``pure`` changes nothing."""
    lines = code.split("\n")
    out = []
    for node in ast.parse(code).body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        s = Statement(block, textwrap.dedent("\n".join(lines[first - 1 : node.end_lineno])))
        s.uses = _reads([node], s.defines) - BUILTINS
        s.changes = _changed(node, pure)
        out.append(s)
    return out


def _reads(nodes: list[ast.stmt], bound: set[str]) -> set[str]:
    """Names the statements read before they bind them, in the order Python evaluates them;
    ``bound`` collects the names they bind."""
    reads: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            reads |= _loads(node.value, bound) if node.value is not None else set()
            if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                reads |= {node.target.id} - bound  # x += 1 reads x first
            for target in targets:
                reads |= _loads(target, bound)  # the a and i of a[i] = ...
                bound |= _stored(target)
        elif isinstance(node, ast.For | ast.AsyncFor):
            reads |= _loads(node.iter, bound)
            bound |= _stored(node.target)
            reads |= _reads(node.body, bound) | _reads(node.orelse, bound)
        elif isinstance(node, ast.If | ast.While):
            reads |= _loads(node.test, bound)
            reads |= _reads(node.body, bound) | _reads(node.orelse, bound)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                reads |= _loads(item.context_expr, bound)
                if item.optional_vars is not None:
                    bound |= _stored(item.optional_vars)
            reads |= _reads(node.body, bound)
        elif isinstance(node, ast.Try):
            reads |= _reads(node.body, bound)
            for handler in node.handlers:
                reads |= _loads(handler.type, bound) if handler.type else set()
                reads |= _reads(handler.body, bound | ({handler.name} if handler.name else set()))
            reads |= _reads(node.orelse, bound) | _reads(node.finalbody, bound)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            # What its body reads from the chapter's namespace (when it is called).
            table = symtable.symtable(ast.unparse(node), "<def>", "exec")
            reads |= _globals_read(table) - bound - {node.name}
            bound.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        else:
            reads |= _loads(node, bound)
    return reads


def _globals_read(table) -> set[str]:
    names, stack = set(), [table]
    while stack:
        t = stack.pop()
        stack += t.get_children()
        top = t is table
        names |= {s.get_name() for s in t.get_symbols() if s.is_referenced() and (top or s.is_global())}
    return names


def _loads(node, bound: set[str]) -> set[str]:
    """Names an expression reads that are not bound yet; the variables of comprehensions
    and lambdas are their own."""
    own: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.comprehension):
            own |= _stored(n.target)
        elif isinstance(n, ast.Lambda):
            own |= {a.arg for a in ast.walk(n.args) if isinstance(a, ast.arg)}
        elif isinstance(n, ast.NamedExpr):
            bound |= _stored(n.target)
    loads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return loads - bound - own


def _stored(target) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _root(node) -> str | None:
    """`model` for model, model.params and model.params["w"][0]; None for what a call
    returned, a new object."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _changed(tree, pure: frozenset[str] = frozenset()) -> set[str]:
    """Names whose objects the statement may change, other than by rebinding them."""
    changed: set[str] = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        elif isinstance(node, ast.For | ast.With):
            targets = [node.target] if isinstance(node, ast.For) else [i.optional_vars for i in node.items]
        for target in targets:
            for t in ast.walk(target) if target is not None else ():
                if isinstance(t, ast.Attribute | ast.Subscript):
                    changed.add(_root(t))
        if isinstance(node, ast.Call):
            changed |= _changed_by_call(node, pure)
    return changed - {None}


def _changed_by_call(call: ast.Call, pure: frozenset[str] = frozenset()) -> set[str]:
    name = _dotted(call.func)
    if name in pure:
        return set()
    args = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
    keywords = {k.arg: k.value for k in call.keywords}
    module = name.split(".")[0] in PURE_MODULES | FIRST_ARG_ONLY if name else False
    if isinstance(call.func, ast.Attribute) and not module:  # a method: it may change its object
        if call.func.attr in PURE_METHODS:
            return set()
        changed = {_root(call.func.value)}
        if call.func.attr in METHODS_CHANGING_ARGS:
            changed |= {*map(_root, args), *map(_root, keywords.values())}
        return changed
    head = name.split(".")[0] if name else ""
    if name in KNOWN_MUTATORS:
        positions, kws = KNOWN_MUTATORS[name]
        changed = {_root(args[i]) for i in positions if i < len(args)}
        return changed | {_root(keywords[k]) for k in kws if k in keywords}
    if name in PURE_CALLS or head in PURE_MODULES:
        return set()
    if head in FIRST_ARG_ONLY:
        return {_root(args[0])} if args else set()
    return {*map(_root, args), *map(_root, keywords.values())}


@dataclass
class Copy:
    setup: str  # the earlier code the block needs, "" if none
    names: list[str]  # the names the block takes from earlier code, in order of first use
    code: str  # the block's own code, as a script

    @property
    def text(self) -> str:
        return f"{self.setup}\n\n{self.code}" if self.setup else self.code


def _pure_functions(codes: list[str]) -> frozenset[str]:
    """The functions the chapter defines (at the top level of a block) whose calls change
    no object that exists before the call: their bodies change only locals bound to what
    a call returned (a new object), and declare no global. Found by growing the set until
    it stops, as a body may call another function of the set. A name defined twice counts
    only if both definitions qualify."""
    defs: dict[str, list[ast.FunctionDef]] = {}
    for code in codes:
        for node in ast.parse(code).body:
            if isinstance(node, ast.FunctionDef):
                defs.setdefault(node.name, []).append(node)
    pure: frozenset[str] = frozenset()
    while True:
        found = frozenset(name for name, nodes in defs.items() if all(_is_pure(f, pure) for f in nodes))
        if found <= pure:
            return pure
        pure |= found


def _is_pure(func: ast.FunctionDef, pure: frozenset[str]) -> bool:
    if any(isinstance(n, ast.Global | ast.Nonlocal) for n in ast.walk(func)):
        return False  # it may rebind a name of the chapter
    made, other = set(), set()  # names bound to a call's result; names bound otherwise
    for n in ast.walk(func):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call):
            for target in n.targets:
                for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                    t = t.value if isinstance(t, ast.Starred) else t
                    (made if isinstance(t, ast.Name) else other).update(_stored(t))
        elif isinstance(n, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.For | ast.With | ast.NamedExpr):
            other |= {x.id for x in ast.walk(n) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)}
    own = made - other - {a.arg for a in ast.walk(func.args) if isinstance(a, ast.arg)}
    # x -= ... may change an array x in place, whatever x is: not known to be pure.
    if any(isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) for n in ast.walk(func)):
        return False
    return all(_changed(stmt, pure) <= own for stmt in func.body)


def copies(codes: list[str]) -> list[Copy]:
    """The copy of each block, given every block's code (as a script) in chapter order."""
    pure = _pure_functions(codes)
    stmts = [s for k, code in enumerate(codes) for s in statements(code, k, pure)]
    result = []
    for k, code in enumerate(codes):
        own = [i for i, s in enumerate(stmts) if s.block == k]
        needed, names = _needed(stmts, own)
        groups: dict[int, list[str]] = {}  # the set-up's statements, by the block they come from
        for i in sorted(needed):
            if stmts[i].block != k:
                groups.setdefault(stmts[i].block, []).append(stmts[i].source)
        setup = "\n\n".join("\n".join(group) for group in groups.values())
        result.append(Copy(setup, names, code))
    return result


def _needed(stmts: list[Statement], own: list[int]) -> tuple[set[int], list[str]]:
    """The statements those in ``own`` (one block's) need, and the names the block takes
    from earlier blocks, in order of first use."""
    needed, queue = set(own), list(own)
    taken: dict[str, bool] = {}  # name -> is it a module (or a name imported from one)
    first = own[0] if own else len(stmts)
    while queue:
        i = queue.pop(0)
        for x in stmts[i].uses:
            j = next((j for j in range(i - 1, -1, -1) if x in stmts[j].defines), None)
            if j is None:
                continue  # a builtin, or an undefined name: running the copy will tell
            if i >= first and j < first:
                taken[x] = isinstance(ast.parse(stmts[j].source).body[0], ast.Import | ast.ImportFrom)
            for t in [j] + [t for t in range(j + 1, i) if x in stmts[t].changes]:
                if t not in needed:
                    needed.add(t)
                    queue.append(t)
    code = "\n".join(stmts[i].source for i in own)
    first_use = {x: re.search(rf"\b{re.escape(x)}\b", code) for x in taken}
    # Imported names first, then the others, each in order of first use.
    return needed, sorted(taken, key=lambda x: (not taken[x], first_use[x].start() if first_use[x] else 0, x))


def listing(code: str, module: str) -> Copy:
    """What the copy button of a listing of the package's code (``<!-- source: ... -->``)
    copies: the listing, preceded by what it needs from its module, ``module``: the
    module's imports of the names it reads, the module's own names imported from it, and
    ``from __future__ import annotations`` when the module has it (annotations then stay
    unevaluated, as in the package). Run, the copy defines the function (a method: a
    function whose first argument is the object), which a reader can call and change."""
    tree = ast.parse(Path(importlib.util.find_spec(module).origin).read_text())
    reads = set().union(*(s.uses for s in statements(code, 0)))
    setup, own = [], []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            setup.append(ast.unparse(node))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            aliases = [a for a in node.names if (a.asname or a.name).split(".")[0] in reads]
            if aliases and isinstance(node, ast.Import):
                setup.append(ast.unparse(ast.Import(aliases)))
            elif aliases:  # made absolute when relative to the module's package
                base = module.rsplit(".", node.level)[0] if node.level else ""
                source = ".".join(p for p in (base, node.module) if p)
                setup.append(ast.unparse(ast.ImportFrom(source, aliases, 0)))
        else:  # a definition of the module's own
            bound: set[str] = set()
            _reads([node], bound)
            own += sorted(bound & reads)
    if own:
        setup.append(f"from {module} import {', '.join(own)}")
    names = [x for x in sorted(reads) if any(re.search(rf"\b{x}\b", line) for line in setup)]
    return Copy("\n".join(setup), names, code)
