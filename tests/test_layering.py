"""The package's layers, checked over every module by reading its source (``ast``).

Every ``import`` and ``from ... import`` of every module of ``symrg`` counts, including
imports inside functions (a function-level import hides a dependency from import time,
not from the architecture).  Three checks:

* **no cycles** between modules;
* **no upward imports**: a module imports only from its own container or from a
  container of a lower layer (:data:`LAYERS`);
* **no dangling names**: every imported ``symrg`` module exists and every imported name
  is defined there, every entry of the lazy table ``symrg._LAZY`` resolves, and every
  string that spells a ``symrg.`` path (``python -m symrg.scan.worker``, monkeypatch
  targets) names a module or a module attribute; this also runs over tests/,
  derivations/ and benchmarks/.

The one exception by design (issue 19): a ``.plot()`` convenience method on a result
object may import the plotting layer lazily.
"""

import ast
import functools
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).parent.parent
PACKAGE = ROOT / "symrg"

#: Layers from the bottom up.  Each entry lists its containers (a module or a
#: subpackage, matched as a dotted prefix); containers of one layer are siblings and
#: do not import each other.  A module imports from its own container or from lower
#: layers only.  ``symrg`` alone is the root ``__init__`` (``__version__``, the errors
#: and the lazy public table).
LAYERS = [
    ["symrg.errors"],
    ["symrg.groundtypes"],                                  # int/Fraction/flint/sympy
    ["symrg", "symrg.numerics", "symrg.progress"],          # base
    ["symrg.model"],                                        # validated model
    ["symrg.lattice"],                                      # Omega, E, H, Z, transfer
    ["symrg.rg"],                                           # couplings, decimation, flow
    ["symrg.fixedpoints", "symrg.width"],                   # results of the RG map
    ["symrg.text", "symrg.plots", "symrg.seeds"],           # presentation, the papers
    ["symrg.records"],                                      # one record per derivation
    ["symrg.report"],                                       # jinja2 LaTeX reports
    ["symrg.scan"],                                         # families of models
    ["symrg.flowcli", "symrg.reproduce"],                   # command implementations
    ["symrg.cli"],                                          # the command line
]

#: Upward imports that phase 2 of issue 19 removes (computation makes no text).  This
#: list may only shrink.
PHASE2_TODO = set()

#: The plotting layer, importable lazily from a method named ``plot`` (the exception).
PLOTS = "symrg.plots"


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.lru_cache(maxsize=None)
def modules():
    """``{dotted name: path}`` of every module and package of symrg."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@functools.lru_cache(maxsize=None)
def tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _resolve(node, name, is_package):
    if not node.level:
        return node.module
    base = name.split(".") if is_package else name.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _walk(node, function=None):
    """Yield ``(node, name of the enclosing function)`` over a tree."""
    for child in ast.iter_child_nodes(node):
        inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) \
            else function
        yield child, function
        yield from _walk(child, inner)


def imports(path, name=None):
    """``(target module, imported name or None, enclosing function, line)`` of a file."""
    name = name or module_name(path)
    is_package = path.name == "__init__.py"
    for node, function in _walk(tree(path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, function, node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, name, is_package)
            for alias in node.names:
                yield target, alias.name, function, node.lineno


def is_symrg(target):
    return target == "symrg" or target.startswith("symrg.")


def edges(name):
    """Modules of symrg that module ``name`` imports (a submodule import counts as one)."""
    mods = modules()
    out = {}
    for target, imported, function, line in imports(mods[name], name):
        if not is_symrg(target):
            continue
        sub = f"{target}.{imported}"
        target = sub if sub in mods else target
        if target in mods:                     # a missing one fails the resolve tests
            out.setdefault(target, (function, line))
    return out


def layer_of(name):
    best = None
    for level, containers in enumerate(LAYERS):
        for c in containers:
            if (name == c or (c != "symrg" and name.startswith(c + "."))) and (
                    best is None or len(c) > len(best[1])):
                best = (level, c)
    return best


def test_every_module_has_a_layer():
    missing = [m for m in modules() if layer_of(m) is None]
    assert not missing, f"modules outside LAYERS: {missing}"


def test_no_upward_or_sideways_imports():
    bad = []
    for name in modules():
        level, container = layer_of(name)
        for target, (function, line) in edges(name).items():
            t_level, t_container = layer_of(target)
            if t_container == container or t_level < level:
                continue
            if function == "plot" and (target == PLOTS or target.startswith(PLOTS + ".")):
                continue                       # the lazy .plot() convenience
            if (name, target) in PHASE2_TODO:
                continue
            bad.append(f"{name}:{line} imports {target} ({container} -> {t_container})")
    assert not bad, "imports against the layer order:\n" + "\n".join(bad)


def test_phase2_todo_is_current():
    """Every allowed upward import still exists (the list only shrinks)."""
    stale = [pair for pair in PHASE2_TODO if pair[1] not in edges(pair[0])]
    assert not stale, f"remove from PHASE2_TODO: {stale}"


def test_no_import_cycles():
    graph = {name: set(edges(name)) for name in modules()}
    # Tarjan's strongly connected components (iterative)
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []
    counter = [0]

    def connect(v):
        work = [(v, iter(sorted(graph[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, it = work[-1]
            for w in it:
                if w not in graph:
                    continue
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1 or node in graph[node]:
                        cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    assert not cycles, f"import cycles: {cycles}"


@functools.lru_cache(maxsize=None)
def defined_names(name):
    """Names bound at module level of symrg module ``name`` (incl. its submodules)."""
    path = modules()[name]
    out = {m.rsplit(".", 1)[1] for m in modules() if m.rsplit(".", 1)[0] == name and "." in m}
    for node in tree(path).body:
        for sub in ast.walk(node):
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                out.add(sub.name)
            elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                out.add(sub.id)
            elif isinstance(sub, (ast.Import, ast.ImportFrom)):
                out.update((a.asname or a.name).split(".")[0] for a in sub.names)
    if name == "symrg":
        out |= set(lazy_table())
    return out


@functools.lru_cache(maxsize=None)
def lazy_table():
    for node in tree(PACKAGE / "__init__.py").body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_LAZY"
                                                for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("symrg/__init__.py has no _LAZY table")


def resolves(path):
    """Whether dotted ``path`` is a symrg module or an attribute of one."""
    if path in modules():
        return True
    module, _, attr = path.rpartition(".")
    return module in modules() and attr in defined_names(module)


def dangling(files):
    bad = []
    for path in files:
        name = module_name(path) if PACKAGE in path.parents else path.stem
        for target, imported, _, line in imports(path, name):
            if not (target and is_symrg(target)):
                continue
            if imported is None or imported == "*":
                ok = target in modules()
            else:
                ok = resolves(f"{target}.{imported}")
            if not ok:
                bad.append(f"{path.relative_to(ROOT)}:{line}: {target} {imported or ''}")
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"symrg(\.\w+)+", node.value) \
                    and not resolves(node.value):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: string {node.value!r}")
    return bad


def test_lazy_public_names_resolve():
    bad = [f"{n} -> symrg.{m}" for n, m in lazy_table().items()
           if not resolves(f"symrg.{m}.{n}")]
    assert not bad, f"symrg._LAZY entries that do not resolve: {bad}"


def test_package_imports_resolve():
    bad = dangling(sorted(PACKAGE.rglob("*.py")))
    assert not bad, "imports of missing symrg modules or names:\n" + "\n".join(bad)


@pytest.mark.parametrize("folder", ["tests", "derivations", "benchmarks"])
def test_other_imports_resolve(folder):
    files = [p for p in sorted((ROOT / folder).rglob("*.py")) if p.name != "test_layering.py"]
    bad = dangling(files)
    assert not bad, "imports of missing symrg modules or names:\n" + "\n".join(bad)


def test_core_never_imports_numpy_or_jinja2():
    """The exact core (model, lattice, rg) loads neither numpy nor jinja2, even lazily."""
    bad = []
    for name, path in modules().items():
        if layer_of(name)[0] > LAYERS.index(["symrg.rg"]):
            continue
        for target, _, _, line in imports(path, name):
            if target and target.split(".")[0] in {"numpy", "jinja2"}:
                bad.append(f"{name}:{line} imports {target}")
    assert not bad, "\n".join(bad)


def test_report_layer_computes_nothing():
    """Reporting reads the record; it never imports the derivation engine."""
    engine = ("symrg.lattice", "symrg.rg", "symrg.fixedpoints", "symrg.width",
              "symrg.records", "symrg.seeds")
    for name in modules():
        if name.startswith("symrg.report"):
            for target in edges(name):
                assert not target.startswith(engine), f"{name} imports {target}"
