"""Communicating classes, periods and Perron roots of a nonnegative transfer matrix.

A transfer matrix T >= 0 (Eq. 14 and 18 of Lee, Lee & Yi) need not be primitive.  Its
support graph (an edge i -> j where ``T[i, j] != 0``) splits into strongly connected
components, the *communicating classes*; a class is *closed* when no edge leaves it and
*transient* otherwise.  A class C with at least one cycle has the Perron root rho_C of
its block ``T[C, C]`` and the period d_C = gcd of its cycle lengths (breadth-first levels
``lev``: d_C = gcd over the edges i -> j inside C of ``lev(i) + 1 - lev(j)``).  The
spectral radius of T is the largest rho_C; the classes reaching it are the *basic* ones.

What the bulk of an infinitely deep chain is follows from that structure
(:class:`ChainStructure`, ``kind``):

* ``primitive``: one basic class, aperiodic -- a unique bulk state, ``xi`` finite;
* ``periodic``: one basic class of period d > 1 -- G(r) oscillates with period d, xi = inf;
* ``several``: two or more basic classes, none leading to another -- several bulk
  states (the free-boundary chain mixes them), xi = inf;
* ``nested``: a basic class leads to another one -- the weight of a position grows
  polynomially along the chain and there is no translation-invariant bulk;
* ``nilpotent``: every class is a single state without a self-loop (T^n = 0) -- no
  infinitely deep chain.

The correlation length of one class is that of its d-step block: ``T^d`` restricted to one
cyclic component of C is primitive with root rho_C^d and second modulus |mu|^d, so
``xi_C = 1 / ln(rho_C / |mu|) = d / ln(rho_C^d / |mu|^d)`` (0 when the rest is nilpotent).
"""

from dataclasses import dataclass, field
from math import gcd
from typing import Optional

import mpmath

from ..numerics import clean, json_number

__all__ = ["ChainClass", "ChainStructure", "support_graph", "communicating_classes",
           "class_period", "chain_structure", "bulk_vectors"]


@dataclass(frozen=True)
class ChainClass:
    """One communicating class: its states, whether it is closed, its period and Perron root.

    ``period`` is None and ``root`` 0 for a single state without a self-loop (no cycle);
    ``xi`` is the class correlation length (None without a cycle), ``cyclic`` the cyclic
    components (states at breadth-first level k mod ``period``).
    """

    states: tuple
    closed: bool
    period: Optional[int]
    root: object
    xi: object
    cyclic: tuple
    perron: tuple = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ChainStructure:
    """The class decomposition of a transfer matrix (see the module docstring)."""

    size: int
    classes: tuple
    basic: tuple
    kind: str

    @property
    def transient_states(self) -> tuple:
        """States of the transient (not closed) classes, in order."""
        return tuple(sorted(s for c in self.classes if not c.closed for s in c.states))

    @property
    def top(self):
        """The spectral radius (largest class Perron root)."""
        return max((c.root for c in self.classes), default=mpmath.mpf(0))

    def sentence(self, label: str) -> str:
        """One sentence saying what the structure means for the bulk of the ``label`` chain.

        Plain text (the report sets its formulas with :func:`symrg.text.mathtext.prose_latex`).
        """
        return self._sentence(label)

    def record(self, label: str, digits: int) -> dict:
        """JSON-ready form: kind, classes (states, closed, period, Perron root, xi),
        transient states and the one-sentence statement."""
        def num(x):
            return None if x is None else json_number(clean(x, digits), digits)
        classes = [{"states": list(c.states), "closed": c.closed, "period": c.period,
                    "perron_root": num(c.root), "xi": num(c.xi)} for c in self.classes]
        return {"kind": self.kind, "classes": classes,
                "transient_states": list(self.transient_states),
                "statement": self.sentence(label)}

    def _sentence(self, label):
        basic = [self.classes[k] for k in self.basic]
        n_closed = sum(c.closed for c in self.classes)
        if self.kind == "nilpotent":
            return (f"The {label} transfer matrix is nilpotent (its support graph has no "
                    "cycle), so no infinitely deep chain exists and G_h, the mean of h and xi "
                    "are undefined.")
        if self.kind == "nested":
            return (f"The {label} transfer matrix has a class of the top Perron root leading into "
                    "another one, so the weight of a layer depends on its position and the chain "
                    "has no translation-invariant bulk (G_h, the mean of h and xi are undefined).")
        if self.kind == "several":
            return (f"The {label} chain has {len(basic)} communicating classes of the top "
                    f"Perron root ({n_closed} of its {len(self.classes)} classes are closed), "
                    "so the bulk mixes several states: G_h(r) tends to a constant and "
                    "xi = infinity.")
        if self.kind == "periodic":
            d = basic[0].period
            return (f"The {label} chain is periodic with period {d} (its top class cycles "
                    f"through {d} sets of states), so G_h(r) oscillates with period {d} "
                    "and xi = infinity.")
        return f"The {label} chain has a unique aperiodic top class (a unique bulk state)."


def support_graph(matrix) -> list:
    """Successor lists of the support of a square matrix (entries compared with 0 exactly)."""
    n = matrix.rows if hasattr(matrix, "rows") else len(matrix)
    entry = (lambda i, j: matrix[i, j]) if hasattr(matrix, "rows") else \
        (lambda i, j: matrix[i][j])
    return [[j for j in range(n) if entry(i, j) != 0] for i in range(n)]


def communicating_classes(graph) -> list:
    """Strongly connected components of a successor-list graph (Tarjan, iterative).

    Returns the components as sorted tuples, ordered by their smallest state.

    Examples
    --------
    >>> communicating_classes([[1], [0], [1, 3], [3]])
    [(0, 1), (2,), (3,)]
    """
    n = len(graph)
    index, low, on_stack, stack, out = [None] * n, [0] * n, [False] * n, [], []
    counter = 0
    for root in range(n):
        if index[root] is not None:
            continue
        work = [(root, 0)]
        while work:
            v, k = work.pop()
            if k == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            if k < len(graph[v]):
                work.append((v, k + 1))
                w = graph[v][k]
                if index[w] is None:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            if work:                                 # v is done: update its parent
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp.append(w)
                    if w == v:
                        break
                out.append(tuple(sorted(comp)))
    return sorted(out)


def class_period(graph, states) -> tuple:
    """(period, levels) of a class: gcd of ``lev(i) + 1 - lev(j)`` over its inner edges.

    ``levels`` are breadth-first distances from the first state; the period is None for
    a class without an inner edge (a single state without a self-loop).

    Examples
    --------
    >>> class_period([[1], [2], [0]], (0, 1, 2))[0]
    3
    >>> class_period([[1], [0, 1]], (0, 1))[0]
    1
    """
    inside = set(states)
    level = {states[0]: 0}
    queue = [states[0]]
    for v in queue:
        for w in graph[v]:
            if w in inside and w not in level:
                level[w] = level[v] + 1
                queue.append(w)
    period = 0
    for v in states:
        for w in graph[v]:
            if w in inside:
                period = gcd(period, level[v] + 1 - level[w])
    return (period or None), level


def _block(T, rows, cols):
    return mpmath.matrix([[T[i, j] for j in cols] for i in rows])


def _class_spectrum(T, states, period, level, digits, perron):
    """(rho_C, xi_C, cyclic components) from the primitive block of ``T[C, C]^d``."""
    cyclic = tuple(tuple(s for s in states if level[s] % period == k) for k in range(period))
    block = _block(T, states, states)
    power = block ** period if period > 1 else block
    first = [states.index(s) for s in cyclic[0]]
    B = _block(power, first, first)
    data = perron(B, digits)
    lam, lam2 = data[:2]
    root = lam if period == 1 else mpmath.root(lam, period)
    xi = mpmath.mpf(0) if lam2 == 0 else period / mpmath.log(lam / lam2)
    return root, xi, cyclic, data


def _accesses(graph, start) -> set:
    seen, todo = set(start), list(start)
    while todo:
        for w in graph[todo.pop()]:
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def chain_structure(T, digits: int, perron) -> ChainStructure:
    """The class decomposition of a nonnegative mpmath matrix ``T``.

    Parameters
    ----------
    T : mpmath.matrix
        Nonnegative square matrix; its support is read exactly (``!= 0``).
    digits : int
        Working digits; two Perron roots are equal when they agree to ``digits // 2``.
    perron : callable
        ``perron(B, digits) -> (lambda_1, |lambda_2|, ...)`` for a primitive block B
        (:func:`symrg.transfer._perron`), called inside the caller's precision.

    Examples
    --------
    >>> import mpmath
    >>> from symrg.lattice.transfer import _perron
    >>> with mpmath.workdps(40):
    ...     s = chain_structure(mpmath.matrix([[0, 4], [4, 0]]), 20, _perron)
    >>> s.kind, s.classes[0].period, mpmath.nstr(s.top, 5)
    ('periodic', 2, '4.0')
    """
    graph = support_graph(T)
    classes = []
    for states in communicating_classes(graph):
        closed = all(w in states for v in states for w in graph[v])
        period, level = class_period(graph, states)
        if period is None:
            classes.append(ChainClass(states, closed, None, mpmath.mpf(0), None, ()))
            continue
        root, xi, cyclic, data = _class_spectrum(T, states, period, level, digits, perron)
        classes.append(ChainClass(states, closed, period, root, xi, cyclic, data))
    top = max((c.root for c in classes), default=mpmath.mpf(0))
    tol = mpmath.mpf(10) ** (-(digits // 2))
    basic = tuple(k for k, c in enumerate(classes) if top > 0 and c.root >= top * (1 - tol))
    return ChainStructure(len(graph), tuple(classes), basic, _kind(graph, classes, basic))


def _kind(graph, classes, basic):
    if not basic:
        return "nilpotent"
    for k in basic:
        reach = _accesses(graph, classes[k].states)
        if any(classes[j].states[0] in reach for j in basic if j != k):
            return "nested"
    if len(basic) > 1:
        return "several"
    return "periodic" if classes[basic[0]].period > 1 else "primitive"


def _extend(T, graph, states, vector, rho):
    """Solve ``(rho - T[U, U]) x_U = T[U, C] v`` on the states U that reach C (not in C)."""
    n = T.rows
    reverse = [[] for _ in range(n)]
    for i in range(n):
        for j in graph[i]:
            reverse[j].append(i)
    up = sorted(_accesses(reverse, states) - set(states))
    x = [mpmath.mpf(0)] * n
    for s, v in zip(states, vector):
        x[s] = v
    if up:
        A = mpmath.matrix([[(rho if i == j else 0) - T[i, j] for j in up] for i in up])
        rhs = mpmath.matrix([mpmath.fsum(T[i, s] * v for s, v in zip(states, vector))
                             for i in up])
        sol = mpmath.lu_solve(A, rhs)
        for k, i in enumerate(up):
            x[i] = sol[k]
    return x


def bulk_vectors(T, structure: ChainStructure, null_vector) -> tuple:
    """(a, b, Z) of the bulk of a chain with several basic classes or a period.

    The Cesaro mean of ``(T / rho)^m`` is the spectral projector
    ``Q = sum_C x_C y_C^T`` over the basic classes C (right and left Perron vectors of
    ``T[C, C]`` with ``y_C x_C = 1``, extended to the states that reach C, resp. that C
    reaches, by ``(rho - T[U, U]) x_U = T[U, C] x_C``).  Averaging the free-boundary chain
    ``1^T T^m F T^r F T^n 1 / 1^T T^(m+r+n) 1`` over the phases of m and n gives
    ``<F F_r> = a^T F (T / rho)^r F b / Z`` with ``a = Q^T 1``, ``b = Q 1``,
    ``Z = 1^T Q 1``.  Defined when no basic class leads to another (kind ``periodic``
    or ``several``); call inside the caller's precision.

    Parameters
    ----------
    null_vector : callable
        ``null_vector(A, lam, tol)``: eigenvector of A at its simple eigenvalue lam.
    """
    n, rho = T.rows, structure.top
    graph = support_graph(T)
    tol = mpmath.mpf(10) ** (-mpmath.mp.dps + 15)
    a, b, Z = [mpmath.mpf(0)] * n, [mpmath.mpf(0)] * n, mpmath.mpf(0)
    transposed = T.T
    for k in structure.basic:
        states = structure.classes[k].states
        block = _block(T, states, states)
        v = null_vector(block, rho, tol)
        u = null_vector(block.T, rho, tol)
        scale = mpmath.fsum(p * q for p, q in zip(u, v))
        u = [p / scale for p in u]
        x = _extend(T, graph, states, v, rho)
        y = _extend(transposed, support_graph(transposed), states, u, rho)
        sx, sy = mpmath.fsum(x), mpmath.fsum(y)
        a = [p + sx * q for p, q in zip(a, y)]
        b = [p + sy * q for p, q in zip(b, x)]
        Z += sx * sy
    return a, b, Z
