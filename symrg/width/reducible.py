r"""Reducible and periodic plain wide chains: classes, escape rates and the bulk state.

The plain (beta_v -> infinity) class matrix ``M = Fhat U`` of :mod:`symrg.width.chain` has
row sums ``S^N`` with ``S = sum_x c(x | tau)`` the same for every type (Eq. (*) of
:mod:`symrg.width.typeclasses`: each row of R is the multinomial expansion of
``(sum_a g(tau, a))^N``), so ``P = M / S^N`` is row-stochastic.  It need not be
irreducible: a type whose outputs all repeat it (e.g. all h = 0 under heaviside0 with
``b <= 0``) absorbs the chain.  This module

1. reads the *exact* zero pattern of M from the fmpq pattern weights:
   ``M[k, k'] != 0`` iff some type tau' of class k' has ``tau'(a) > 0`` only where
   ``g(k, a) = c(a | k) != 0``; and splits it into communicating classes, closed or
   transient, with their periods (the graph code of :mod:`symrg.lattice.chainstructure`);
2. for one closed aperiodic class C: ``lambda_1 = S^N`` exactly, and
   ``chi = max(|lambda_2(P_CC)|, rho(P_TT))`` over the transient classes T.  For a transient
   class, ``eps = 1 - rho(P_TT)`` can be 10^-2000 (N = 1000), far below any working
   precision.  It is computed with *relative* accuracy from the triplet representation
   of the M-matrix ``A = I - P_TT`` (off-diagonal ``n_ij = P_ij``, row defects
   ``e_i = sum_{j not in T} P_ij``, sums of nonnegative entries): a subtraction-free block
   elimination (Alfa, Xue & Ye, Math. Comp. 71 (2002) 217; the GTH idea) gives
   ``Z = A^{-1} >= 0`` in ball arithmetic, and Collatz--Wielandt bounds for
   ``rho(Z) = 1 / eps``,
   ``min_i (Z y)_i / y_i <= 1/eps <= max_i (Z y)_i / y_i`` (any y > 0, inverse iteration
   for a tight one), certify it.  Then ``xi = -1 / ln(1 - eps) = 1 / (-log1p(-eps))``;
3. several closed classes: no unique bulk state, chi = 1 and xi = inf; one closed class of
   period d > 1: G(r) is periodic, chi = 1, xi = inf.

The bulk vectors of :func:`symrg.width.chain._correlations` follow from the free-boundary
chain ``c0^T M^m Phi M^(r-1) Phi M^n 1`` (``c0[k]`` the number of configurations in class
k): in the Cesaro limit ``mu = Q 1 = 1`` and ``nu = Q^T c0 = sum_C (c0 . x_C) pi_C`` with
``pi_C`` the stationary law of the closed class C and ``x_C`` the probability of being
absorbed in C (``(I - P_UU) x_U = P_UC 1`` on the transient states U).
"""

from dataclasses import dataclass, field

import flint

from ..errors import ConvergenceError
from ..lattice.chainstructure import class_period, communicating_classes
from .certeig import dominant_spectrum
from .typeclasses import multinomial

__all__ = ["WideStructure", "wide_structure", "m_matrix_inverse", "escape_rate",
           "ReducibleSpectrum", "reducible_spectrum", "StructureSummary", "transient_blocks"]


# -- the exact pattern -----------------------------------------------------------------
@dataclass(frozen=True)
class WideStructure:
    """Communicating classes of the plain class matrix (states are lumped type classes).

    Attributes
    ----------
    width : int
    graph : list
        Successor lists of the exact support of M.
    components : tuple of tuple
        Communicating classes (sorted state tuples, ordered by their smallest state).
    closed : tuple of bool
    periods : tuple
        Period of each component (None for a single state without a self-loop).
    descriptions : tuple of str
        Each component in words (its types).
    total : flint.fmpq or None
        ``S``, the common row total of one output neuron's pattern weights; None when
        the plain chain is not stochastic (an output outside ``values.h`` is reached at
        this width, e.g. sign(0) = 0, and its weight is lost).
    sizes : tuple of int
        ``c0[k]``: configurations in lumped class k.
    legend : str
        What the entries of a type are (``the neurons at h = 0, 1``).
    """

    width: int
    graph: list = field(repr=False)
    components: tuple
    closed: tuple
    periods: tuple
    descriptions: tuple
    total: object = field(repr=False)
    sizes: tuple = field(repr=False)
    legend: str = ""

    @property
    def closed_components(self) -> list:
        return [k for k, c in enumerate(self.closed) if c]

    @property
    def transient_components(self) -> list:
        return [k for k, c in enumerate(self.closed) if not c]

    @property
    def irreducible(self) -> bool:
        """One aperiodic class: the generic certified path applies."""
        return len(self.components) == 1 and self.periods[0] == 1

    def kind_text(self) -> str:
        """``reducible (3 communicating classes, 2 closed)`` or ``periodic (period 2)``."""
        if len(self.components) > 1:
            return (f"reducible ({len(self.components)} communicating classes, "
                    f"{len(self.closed_components)} closed)")
        return f"periodic (period {self.periods[0]})"

    @property
    def kind(self) -> str:
        """``primitive`` (one closed aperiodic class), ``periodic`` or ``several``."""
        closed = self.closed_components
        if len(closed) > 1:
            return "several"
        return "periodic" if (self.periods[closed[0]] or 1) > 1 else "primitive"


def _tuple_text(a):
    """``0`` or ``(-1, -1)``, the tuple glued by no-break spaces (one unit on a page; the
    terminal wrap and the LaTeX escape turn them into a space and ``~``)."""
    return str(a[0]) if len(a) == 1 else "(" + ",\u00a0".join(str(x) for x in a) + ")"


def _describe(types, tuples, members):
    """A set of types in words: ``all h = 0`` or ``types (3, 1), (2, 2) and 2 more``."""
    if len(members) == 1:
        t = types[members[0]]
        if sum(1 for n in t if n) == 1:
            return f"all h = {_tuple_text(tuples[next(i for i, n in enumerate(t) if n)])}"
    shown = [types[m] for m in members[:3]]
    text = ", ".join("(" + ", ".join(str(n) for n in t) + ")" for t in shown)
    more = f" and {len(members) - 3} more" if len(members) > 3 else ""
    return f"{'types' if len(members) > 1 else 'type'} {text}{more}"


def _reached(types, classes, graph_masks, states, supports):
    """The types of a closed component that the chain actually visits (a lumped class can
    also hold types that no state of the component leads to)."""
    inside = [supports[k] for k in states]
    return [t for k in states for t in classes[k]["members"]
            if any(graph_masks[t] & ~s == 0 for s in inside)]


def wide_structure(types, classes, tuples, width) -> WideStructure:
    """The exact support graph of the plain class matrix and its class decomposition.

    Parameters
    ----------
    types, classes
        From :func:`symrg.width.typeclasses.pattern_classes` (fmpq pattern weights).
    tuples : tuple
        :func:`symrg.width.typeclasses.tuple_values`.
    width : int

    Examples
    --------
    >>> from symrg.model.network import Model
    >>> from symrg.width.typeclasses import pattern_classes, tuple_values
    >>> m = Model.from_dict({"values": {"W": [-1, 2], "b": [-1, 0], "h": [0, 1]},
    ...                      "activation": {"name": "heaviside0"}})
    >>> s = wide_structure(*pattern_classes(m, 4), tuple_values(m), 4)
    >>> s.kind, s.closed, s.descriptions[0]
    ('primitive', (True, False), 'all h = 0')
    """
    type_masks = [sum(1 << a for a, n in enumerate(t) if n) for t in types]
    masks = [{type_masks[t] for t in c["members"]} for c in classes]
    totals, graph, supports = set(), [], []
    stochastic = True
    for c in classes:
        weights = c["weights"]
        total = sum(weights.values(), flint.fmpq(0))
        totals.add(total)
        stochastic &= sum((weights.get(x, 0) for x in tuples), flint.fmpq(0)) == total
        support = sum(1 << a for a, x in enumerate(tuples) if weights.get(x, 0) != 0)
        supports.append(support)
        graph.append([k2 for k2 in range(len(classes))
                      if any(m & ~support == 0 for m in masks[k2])])
    stochastic &= len(totals) == 1
    components = communicating_classes(graph)
    closed = tuple(all(w in set(s) for v in s for w in graph[v]) for s in components)
    periods = tuple(class_period(graph, s)[0] for s in components)
    descriptions = tuple(
        _describe(types, tuples, _reached(types, classes, type_masks, s, supports) if c
                  else [t for k in s for t in classes[k]["members"]])
        for s, c in zip(components, closed))
    legend = ("the neurons at h = " if len(tuples[0]) == 1 else "the neurons at h-tuples ") + \
        ", ".join(_tuple_text(a) for a in tuples)
    sizes = tuple(sum(multinomial(types[t]) for t in c["members"]) for c in classes)
    return WideStructure(width, graph, tuple(components), closed, periods, descriptions,
                         totals.pop() if stochastic else None, sizes, legend)


# -- subtraction-free M-matrix inverse -------------------------------------------------
def _block(entries, n, rows, cols):
    return flint.arb_mat(len(rows), len(cols), [entries[i * n + j] for i in rows for j in cols])


def m_matrix_inverse(off, defects):
    """``A^{-1}`` of the nonsingular M-matrix with triplet ``(off, defects)``, subtraction-free.

    ``A`` has off-diagonal entries ``-off[i, j]`` (``off >= 0``; its diagonal is ignored)
    and row sums ``A 1 = defects >= 0``, so ``A_ii = defects_i + sum_{j != i} off[i, j]``.
    Block elimination: with ``X = A_11^{-1}`` (triplet ``(off_11, e_1 + off_12 1)``), the
    Schur complement has off-diagonal part ``off_22 + off_21 X off_12`` and row sums
    ``e_2 + off_21 X e_1`` (Alfa, Xue & Ye 2002), and

        A^{-1} = [[X + X off_12 Y off_21 X, X off_12 Y], [Y off_21 X, Y]],  Y = S^{-1},

    sums and products of nonnegative balls only, so every entry keeps its relative accuracy
    however close A is to singular.

    Parameters
    ----------
    off : flint.arb_mat
        n x n, nonnegative.
    defects : list of flint.arb
        Nonnegative; A must be nonsingular (e.g. some defect positive in each closed part).

    Returns
    -------
    flint.arb_mat
        Enclosure of ``A^{-1}`` (nonnegative).

    Examples
    --------
    >>> Z = m_matrix_inverse(flint.arb_mat([[0, 1], [1, 0]]), [flint.arb(1), flint.arb(0)])
    >>> [[int(Z[i, j].unique_fmpz()) for j in range(2)] for i in range(2)]
    [[1, 1], [1, 2]]
    """
    n = off.nrows()
    entries = off.entries()
    for i in range(n):
        entries[i * n + i] = flint.arb(0)
    return _inverse(entries, n, list(defects))


def _inverse(entries, n, e):
    if n == 1:
        if not e[0] > 0:
            raise ConvergenceError("plain chain: a transient block is singular at this "
                                   "precision (its escape rate is not positive)")
        return flint.arb_mat(1, 1, [1 / e[0]])
    h = n // 2
    top, bottom = list(range(h)), list(range(h, n))
    N11, N12 = _block(entries, n, top, top), _block(entries, n, top, bottom)
    N21, N22 = _block(entries, n, bottom, top), _block(entries, n, bottom, bottom)
    one = flint.arb_mat(n - h, 1, [1] * (n - h))
    out12 = N12 * one
    X = _inverse(N11.entries(), h, [e[i] + out12[i, 0] for i in range(h)])
    XN12 = X * N12
    N21X = N21 * X
    S = N22 + N21X * N12
    e1 = flint.arb_mat(h, 1, e[:h])
    back = N21X * e1
    m = n - h
    s_entries = S.entries()
    for i in range(m):
        s_entries[i * m + i] = flint.arb(0)
    Y = _inverse(s_entries, m, [e[h + i] + back[i, 0] for i in range(m)])
    B12 = XN12 * Y
    B21 = Y * N21X
    B11 = X + XN12 * B21
    rows = []
    for i in range(n):
        if i < h:
            rows.extend([B11[i, j] for j in range(h)] + [B12[i, j] for j in range(m)])
        else:
            rows.extend([B21[i - h, j] for j in range(h)] + [Y[i - h, j] for j in range(m)])
    return flint.arb_mat(n, n, rows)


# -- escape rates ----------------------------------------------------------------------
def escape_rate(off, defects, digits, max_rounds=14, steps=8):
    """``eps = 1 - rho(T)`` of a transient class with relative accuracy (module step 2).

    ``off`` is the block ``T = P[C, C]`` (its diagonal is a self-loop and drops out of the
    triplet), ``defects`` the mass leaving C from each state.  Inverse iteration on
    ``Z = (I - T)^{-1}`` (squared when it converges slowly) with Collatz--Wielandt
    brackets of ``rho(Z^p) = eps^(-p)``; stops when the bracket is relatively tighter
    than ``10^-(digits + 3)`` or after ``max_rounds`` squarings.

    Returns
    -------
    flint.arb
        A ball containing eps (its radius is what the bracket supports).

    Examples
    --------
    >>> T = flint.arb_mat([[0, flint.fmpq(1, 2)], [flint.fmpq(1, 2), 0]])
    >>> eps = escape_rate(T, [flint.arb(flint.fmpq(1, 2))] * 2, 10)      # rho(T) = 1/2
    >>> eps.contains(flint.fmpq(1, 2)), eps.rad() < 1e-12
    (True, True)
    """
    n = off.nrows()
    Z = m_matrix_inverse(off, defects)
    target = flint.arb(10) ** (-(digits + 3))
    y = flint.arb_mat(n, 1, [1] * n)
    power, best = 1, None
    for _ in range(max_rounds):
        for _ in range(steps):
            z = Z * y
            ratios = [z[i, 0] / y[i, 0] for i in range(n)]
            lo = min(r.lower() for r in ratios)
            hi = max(r.upper() for r in ratios)
            inverse_eps = lo.union(hi) if power == 1 else lo.union(hi) ** (flint.arb(1) / power)
            if best is None or inverse_eps.rad() / inverse_eps.mid() < best.rad() / best.mid():
                best = inverse_eps
            top = max(z[i, 0].mid() for i in range(n))
            y = flint.arb_mat(n, 1, [(z[i, 0] / top).mid() for i in range(n)])
            if best.rad() < target * best.mid():
                return 1 / best
        Z = Z * Z
        power *= 2
    return 1 / best


# -- the spectrum of a reducible or periodic plain chain --------------------------------
@dataclass(frozen=True)
class ReducibleSpectrum:
    """lambda_1, chi, xi and the bulk vectors of a plain chain that is not irreducible
    and aperiodic (module docstring).

    Attributes
    ----------
    lam1 : flint.arb
        ``S^N`` in the caller's scale (exact up to the scale's ball).
    chi : flint.arb
        ``|lambda_2| / lambda_1``: ``arb(1)`` (several closed classes or a period),
        ``arb(0)`` when every other class is nilpotent and the closed class a single
        state, else ``1 - gap``.
    gap : flint.arb
        ``1 - chi`` with relative accuracy (the slowest escape rate or the closed gap).
    xi : flint.arb or None
        ``-1 / log1p(-gap)``; None for xi = infinity.
    right, left : flint.acb_mat
        ``mu = 1`` and ``nu = sum_C (c0 . x_C) pi_C`` (columns).
    structure : WideStructure
    escapes : dict
        ``{component: eps}`` of the transient components (``arb(1)`` without a cycle).
    slowest : int or None
        The component that sets chi (None: the closed class does, or chi = 1).
    """

    lam1: object
    chi: object
    gap: object
    xi: object
    right: object
    left: object
    structure: WideStructure
    escapes: dict
    slowest: object

    def summary(self, digits) -> "StructureSummary":
        """Kind, classes and escape rate at ``digits`` (:class:`StructureSummary`)."""
        return _summary(self, digits)

    def wanted(self, digits):
        """None when lambda_1, chi and xi carry ``digits`` digits, else digits to try next."""
        bits = int(digits * 3.33) + 8
        values = [self.lam1] + [x for x in (self.chi, self.gap, self.xi)
                                if x is not None and not x.is_exact()]
        worst = min(x.rel_accuracy_bits() for x in values)
        if worst >= bits:
            return None
        return -1 if worst <= 0 else digits + int((bits - worst) / 3.32) + 20


def _stochastic(M, lam):
    """Entries of ``P = M / lambda`` as a flat list (exact zeros stay exact)."""
    n = M.nrows()
    return [x / lam if x != 0 else flint.arb(0) for x in M.entries()], n


def _leaving(P, n, graph, states):
    """Row defects ``e_i = sum_{j not in states} P_ij`` (positive terms only)."""
    inside = set(states)
    return [sum((P[i * n + j] for j in graph[i] if j not in inside), flint.arb(0))
            for i in states]


def _stationary(P, n, states):
    """Stationary law of a closed irreducible class (GTH: no subtraction), as a list."""
    if len(states) == 1:
        return [flint.arb(1)]
    s, rest = states[-1], states[:-1]
    off = _block(P, n, rest, rest)
    Z = m_matrix_inverse(off, [P[i * n + s] for i in rest])
    row = _block(P, n, [s], rest)
    pi = (row * Z).entries() + [flint.arb(1)]
    total = sum(pi, flint.arb(0))
    return [p / total for p in pi]


def _absorption(P, n, graph, transient, states):
    """``x_C`` on the transient states: ``(I - P_UU) x_U = P_UC 1``."""
    off = _block(P, n, transient, transient)
    Z = m_matrix_inverse(off, _leaving(P, n, graph, transient))
    inside = set(states)
    rhs = flint.arb_mat(len(transient), 1, [sum((P[i * n + j] for j in graph[i] if j in inside),
                                                flint.arb(0)) for i in transient])
    return (Z * rhs).entries()


def _bulk_left(P, n, structure):
    """``nu = sum_C (c0 . x_C) pi_C`` over the closed components (module docstring)."""
    graph, comps = structure.graph, structure.components
    transient = sorted(s for k in structure.transient_components for s in comps[k])
    nu = [flint.arb(0)] * n
    closed = structure.closed_components
    for k in closed:
        states = comps[k]
        weight = flint.arb(1)
        if len(closed) > 1:
            x = _absorption(P, n, graph, transient, states) if transient else []
            weight = sum((flint.arb(structure.sizes[s]) for s in states), flint.arb(0)) + \
                sum((flint.arb(structure.sizes[s]) * v for s, v in zip(transient, x)),
                    flint.arb(0))
        for s, p in zip(states, _stationary(P, n, states)):
            nu[s] = weight * p
    top = max(v.mid() for v in nu)
    return flint.acb_mat(n, 1, [v / top for v in nu])


def _ball_min(values):
    """A ball containing the minimum of balls."""
    lo = min(v.lower() for v in values)
    hi = min(v.upper() for v in values)
    return lo.union(hi)


def transient_blocks(P, n, structure: WideStructure) -> dict:
    """``{component: (states, T, e)}`` for every transient component with a cycle: its block
    ``T`` of ``P = M / lambda`` (arb_mat) and its exact row defects ``e`` (mass leaving it),
    the triplet form of the M-matrix ``I - T`` (:func:`m_matrix_inverse`, :func:`escape_rate`)."""
    out = {}
    for k in structure.transient_components:
        if structure.periods[k] is not None:
            states = structure.components[k]
            out[k] = (states, _block(P, n, states, states),
                      _leaving(P, n, structure.graph, states))
    return out


def reducible_spectrum(M, structure: WideStructure, lam, digits) -> ReducibleSpectrum:
    """The spectrum data of a plain class matrix ``M`` (arb_mat, Perron root ``lam``).

    Parameters
    ----------
    M : flint.arb_mat
        The class matrix in the caller's scale (``M 1 = lam 1``).
    structure : WideStructure
        Its exact pattern (:func:`wide_structure`), not irreducible-aperiodic.
    lam : flint.arb
        ``S^N`` in the same scale.
    digits : int
        Digits wanted of eps (Collatz--Wielandt target).

    A closed block whose |lambda_2| is not isolated at this precision gets the gap [0, 1]
    (:meth:`ReducibleSpectrum.wanted` then asks for more digits).
    """
    P, n = _stochastic(M, lam)
    comps = structure.components
    blocks = transient_blocks(P, n, structure)
    escapes = {}
    for k in structure.transient_components:
        if k in blocks:
            _, T, e = blocks[k]
            escapes[k] = escape_rate(T, e, digits)
        else:                                       # no cycle: rho = 0
            escapes[k] = flint.arb(1)
    nu = _bulk_left(P, n, structure)
    mu = flint.acb_mat(n, 1, [1] * n)
    if structure.kind != "primitive":
        return ReducibleSpectrum(lam, flint.arb(1), flint.arb(0), None, mu, nu, structure,
                                 escapes, None)
    closed = comps[structure.closed_components[0]]
    gaps, owners = [], []
    if len(closed) > 1:
        spec = dominant_spectrum(flint.arb_mat(len(closed), len(closed),
                                               [P[i * n + j] for i in closed for j in closed]))
        # not isolated at this precision: the gap is only known to lie in [0, 1], so
        # ``wanted`` asks the caller for more digits
        gaps.append(flint.arb(0.5, 0.5) if spec.lam1 is None else 1 - spec.lam2 / spec.lam1)
        owners.append(None)
    for k, eps in escapes.items():
        gaps.append(eps)
        owners.append(k)
    if not gaps or all(g.is_exact() and g == 1 for g in gaps):
        return ReducibleSpectrum(lam, flint.arb(0), flint.arb(1), flint.arb(0), mu, nu,
                                 structure, escapes, None)
    gap = _ball_min(gaps)
    slowest = min(range(len(gaps)), key=lambda i: gaps[i].mid())
    xi = -1 / (-gap).log1p()
    return ReducibleSpectrum(lam, 1 - gap, gap, xi, mu, nu, structure, escapes, owners[slowest])


def _mp(x, digits):
    """An arb midpoint as an mpmath mpf of ``digits`` digits."""
    import mpmath
    with mpmath.workdps(digits):
        return +mpmath.mpf(x.mid().str(digits + 5, radius=False))


@dataclass(frozen=True)
class StructureSummary:
    """What a reducible or periodic plain chain is, for records and text.

    Attributes
    ----------
    width : int
    kind : str
        ``primitive`` (one closed aperiodic class, transient ones beside it),
        ``periodic`` or ``several``.
    components : int
        Communicating classes of the lumped class matrix.
    closed : tuple of dict
        ``{"description", "states", "period"}`` per closed class.
    transient : tuple of int
        (transient classes, their lumped states).
    gap : mpmath.mpf or None
        ``1 - chi`` with relative accuracy (None when chi = 1).
    slowest : str or None
        The transient class that sets chi (None: the closed class sets it, or chi = 1).
    xi : mpmath.mpf
    legend : str
        What the entries of a type are.
    """

    width: int
    kind: str
    components: int
    closed: tuple
    transient: tuple
    gap: object
    slowest: object
    xi: object
    legend: str = ""

    def statement(self, label="plain") -> str:
        """One sentence saying what the structure means for the bulk (plain text)."""
        import mpmath
        head = f"The {label} width-{self.width} chain"
        legend = [f"; types count {self.legend}"]

        def say(text):              # the legend once, beside the first list of types
            if "type" in text and legend:
                return text + legend.pop()
            return text
        names = say("; ".join(c["description"] for c in self.closed))
        if self.kind == "several":
            periods = sorted({c["period"] for c in self.closed if (c["period"] or 1) > 1})
            tail = ("tends to the spread of the mean of h over the closed classes" if not periods
                    else "oscillates (a closed class has period "
                    f"{', '.join(map(str, periods))})")
            return (f"{head} has {len(self.closed)} closed classes ({names}), so it has no "
                    "unique bulk state: where a deep chain ends depends on its boundary, "
                    f"xi = infinity, and G_h(r) {tail}.")
        if self.kind == "periodic":
            d = self.closed[0]["period"]
            return (f"{head} has one closed class ({names}) of period {d}, so G_h(r) "
                    f"oscillates with period {d} and xi = infinity.")
        n_t, states = self.transient
        if not n_t:
            return f"{head} has one closed aperiodic class ({names}), a unique bulk state."
        if self.closed[0]["states"] == 1 and names.startswith("all h"):
            bulk = f"the bulk is frozen in {names} (G_h(r) = 0 for r >= 1)"
        elif self.closed[0]["states"] == 1:
            bulk = f"the bulk is {names}, whose layers are independent (G_h(r) = 0 for r >= 1)"
        else:
            bulk = f"the bulk is the closed class ({names})"
        plural = "class" if states == 1 else "classes"
        head += f" has one closed class and {states} transient type {plural}; {bulk}"
        if self.gap is not None and self.gap == 1:
            return head + ", and no transient class has a cycle, so chi = 0 and xi = 0."
        if self.slowest is None:
            return head + ", and its own second eigenvalue sets chi and xi."
        return (f"{head}, and the slowest transient class ({say(self.slowest)}) leaks into it "
                f"at rate 1 - rho = {mpmath.nstr(self.gap, 6)} per layer, so "
                f"xi = {mpmath.nstr(self.xi, 6)} is how slowly a boundary condition relaxes "
                "onto that bulk.")


def _summary(self, digits) -> StructureSummary:
    """The :class:`StructureSummary` of a :class:`ReducibleSpectrum` at ``digits``."""
    import mpmath
    s = self.structure
    closed = tuple({"description": s.descriptions[k], "states": len(s.components[k]),
                    "period": s.periods[k]} for k in s.closed_components)
    transient = s.transient_components
    gap = None if self.xi is None else _mp(self.gap, digits)
    xi = mpmath.inf if self.xi is None else _mp(self.xi, digits)
    slowest = None if self.slowest is None else s.descriptions[self.slowest]
    return StructureSummary(s.width, s.kind, len(s.components), closed,
                            (len(transient), sum(len(s.components[k]) for k in transient)),
                            gap, slowest, xi, s.legend)

