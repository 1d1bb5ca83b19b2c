"""Boundary (hard-constraint) fixed points: non-negative weights with zero entries.

A zero weight is an infinite coupling: what beta or beta_v -> infinity produce, and what
the Ising chain's K* = infinity is.  This module finds the NON-NEGATIVE solutions of the
projective fixed-point equation ``E M E = kappa E`` (ratio p = 2, ``M = Omega^T``,
kappa > 0) that have zero entries.

Structure theorem (p = 2)
-------------------------
A non-negative E satisfies ``E M E = kappa E`` with rank r iff

    E = sum_{k=1}^r x_k y_k^T,   x_k >= 0 (h),  y_k >= 0 (sigma),  y_k^T M x_l = kappa delta_kl.

Proof.  ``T = E M / kappa`` is a non-negative idempotent (``T^2 = E M E M / kappa^2 = T``),
and ``T E = E`` gives rank T = rank E = r.  By Flor's theorem on non-negative
idempotents, ``T = sum_k u_k v_k^T`` with ``u_k, v_k >= 0`` and ``v_k^T u_l = delta_kl``.
The column space of E is that of T, so ``E = T E = sum_k u_k (v_k^T E)``; put
``x_k = u_k``, ``y_k^T = v_k^T E >= 0``; then ``y_k^T M x_l = kappa v_k^T T u_l =
kappa delta_kl``.  Conversely such a sum gives ``E M E = kappa E`` directly.  []

With non-negative entries, ``y_k^T M x_l = 0`` (k != l) says: class k has h-support
R_k and sigma-support C_k with ``Omega[h, s] = 0`` for h in R_l, s in C_k, l != k,
and ``Omega[R_k, C_k] != 0``.  Each class is an ergodic class of the chain along depth
(``T`` has eigenvalue kappa with multiplicity r), so the transfer matrix
``Omega E^T = (E M)^T`` has r equal leading eigenvalues: xi = infinity when r > 1
(long-range order along depth) and xi = 0 when r = 1.  A strictly positive fixed point
has rank 1 (Perron-Frobenius: T > 0 has a simple leading eigenvalue).

Enumeration
-----------
For r >= 2 the components are the MAXIMAL class structures: R_l is the set of h whose
Omega-neighbours avoid the other classes' sigma-cores, C_k the set of sigma whose
neighbours avoid the other classes' R, and a structure is its own closure.  Each maximal
structure is generated once, by its labelling of the sigma-cores (sigma with a neighbour in
R_k); the search runs over canonical labellings with pruning (a core must keep a
neighbour in its class) and a node budget.  On symmetric coupling spaces only structures
whose set of classes is invariant under G (neuron and data permutations) are kept.  The
component of a structure has projective dimension
``sum over G-orbits of classes of (#G_k-orbits on R_k + #G_k-orbits on C_k - 2)``
(G_k the stabiliser of class k; full space: |R_k| + |C_k| - 2).  Its sample point is
``x_k = 1_{R_k}``, ``y_k = 1_{C_k} / (1_{C_k}^T M 1_{R_k})`` (kappa = 1), checked exactly.

Rank 1 boundary points are the closure of the positive rank-1 family (``x y^T`` with
``x, y >= 0``, ``y^T M x > 0``): reported once, not face by face.  For p > 2 the
classification is refused (``T^p = kappa T`` needs a different structure theorem).
"""

from dataclasses import dataclass, field

import sympy

from ..errors import ModelError, ModelTooLargeError
from ..lattice.counting import count_matrix
from ..model.network import Model

__all__ = ["BoundaryPoint", "BoundaryAnalysis", "class_structures", "boundary_fixed_points",
           "boundary_from_counts", "rank_two_note", "MAX_STATES", "NODE_BUDGET"]

#: Largest number of h- or sigma-configurations the search accepts.
MAX_STATES = 16
#: Search nodes after which the enumeration stops with an error (never silently).
NODE_BUDGET = 2_000_000


@dataclass(frozen=True)
class BoundaryPoint:
    """One component of boundary fixed points (rank >= 2), or the rank-1 closure.

    Attributes
    ----------
    rank : int
    classes : tuple of (tuple, tuple)
        ``(R_k, C_k)``: indices of h- and sigma-configurations of each ergodic class.
    zero_pattern : tuple of tuple of bool
        ``True`` where the sample's weight is zero (infinite coupling).
    dimension : int
        Projective dimension of the component on the coupling space searched.
    weights : sympy.ImmutableMatrix
        Sample point (exact, kappa = 1), verified by ``E Omega^T E = E``.
    xi : sympy number
        Correlation length along depth: ``oo`` for rank > 1, 0 for rank 1.
    verified : str
    linearization : object
        :class:`symrg.fixedpoints.linearize.Linearization` on the support directions, or None.
    face_invariant : bool or None
        Whether DF maps support directions into the support (first order).
    """

    rank: int
    classes: tuple
    zero_pattern: tuple
    dimension: int
    weights: sympy.ImmutableMatrix
    xi: object
    verified: str
    linearization: object = None
    face_invariant: object = None

    def __repr__(self):
        return (f"BoundaryPoint(rank={self.rank}, dimension={self.dimension}, "
                f"classes={list(self.classes)}, xi={self.xi})")


@dataclass
class BoundaryAnalysis:
    """Every boundary fixed-point component of rank >= 2, and the theorem lines."""

    points: list
    complete: bool
    notes: list = field(default_factory=list)
    nodes: int = 0

    def __repr__(self):
        return f"BoundaryAnalysis({len(self.points)} components of rank >= 2)"


# -- search ------------------------------------------------------------------------------
def _masks(P):
    n_h, n_s = len(P), len(P[0])
    out_ = [sum(1 << s for s in range(n_s) if P[h][s]) for h in range(n_h)]
    in_ = [sum(1 << h for h in range(n_h) if P[h][s]) for s in range(n_s)]
    return out_, in_


def _classes_from_cores(cores, out_, in_, n_h, n_s):
    """(R, C) of the closure of sigma-cores (module docstring)."""
    r = len(cores)
    allc = 0
    for c in cores:
        allc |= c
    R = [sum(1 << h for h in range(n_h) if out_[h] & (allc & ~cores[l]) == 0) for l in range(r)]
    C = []
    for k in range(r):
        others = 0
        for l in range(r):
            if l != k:
                others |= R[l]
        C.append(sum(1 << s for s in range(n_s) if in_[s] & others == 0))
    return R, C


def _reach(mask, out_):
    total, h = 0, 0
    while mask:
        if mask & 1:
            total |= out_[h]
        mask >>= 1
        h += 1
    return total


def _feasible(cores, out_, n_h):
    allc = 0
    for c in cores:
        allc |= c
    for l, c in enumerate(cores):
        R = sum(1 << h for h in range(n_h) if out_[h] & (allc & ~c) == 0)
        if c & ~_reach(R, out_):
            return False
    return True


def class_structures(P, *, min_rank: int = 2, budget: int = NODE_BUDGET):
    """Maximal class structures of a support pattern ``P[h][s]`` (Omega[h, s] != 0).

    Returns ``(structures, nodes)``; each structure is a tuple of ``(R_k, C_k)`` index
    tuples, classes in the order of their smallest sigma-core index.

    Raises
    ------
    ModelTooLargeError
        When the search exceeds ``budget`` nodes.
    """
    n_h, n_s = len(P), len(P[0])
    out_, in_ = _masks(P)
    found, nodes = [], 0
    stack = [(0, ())]
    while stack:
        s, cores = stack.pop()
        nodes += 1
        if nodes > budget:
            raise ModelTooLargeError(f"boundary search: more than {budget} nodes for "
                                     f"{n_h} x {n_s} configurations; not complete")
        if s == n_s:
            if len(cores) >= min_rank:
                st = _leaf(cores, out_, in_, n_h, n_s)
                if st is not None:
                    found.append(st)
            continue
        options = [cores]  # s not a core
        for k in range(len(cores) + 1):
            new = list(cores) + ([0] if k == len(cores) else [])
            new[k] |= 1 << s
            if in_[s] and _feasible(new, out_, n_h):
                options.append(tuple(new))
        for opt in options:
            stack.append((s + 1, tuple(opt)))
    return found, nodes


def _bits(mask):
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def _leaf(cores, out_, in_, n_h, n_s):
    R, C = _classes_from_cores(list(cores), out_, in_, n_h, n_s)
    for k, c in enumerate(cores):
        core_k = C[k] & _reach(R[k], out_)
        if core_k != c or not R[k]:
            return None
    # sigma labelled "not core" must not be a core of any class
    labelled = 0
    for c in cores:
        labelled |= c
    for k in range(len(cores)):
        if (C[k] & _reach(R[k], out_)) & ~labelled:
            return None
    return tuple((_bits(R[k]), _bits(C[k])) for k in range(len(cores)))


# -- symmetry --------------------------------------------------------------------------
def _act(structure, hp, sp):
    return frozenset((tuple(sorted(hp[h] for h in R)), tuple(sorted(sp[s] for s in C)))
                     for R, C in structure)


def _invariant(structure, perms):
    base = frozenset(structure)
    return all(_act(structure, hp, sp) == base for hp, sp in perms)


def _dimension(structure, perms):
    """Projective dimension on the G-invariant space (module docstring)."""
    seen, dim = set(), 0
    for cls in structure:
        if cls in seen:
            continue
        R, C = cls
        orbit = {(tuple(sorted(hp[h] for h in R)), tuple(sorted(sp[s] for s in C)))
                 for hp, sp in perms}
        seen |= orbit
        stab = [(hp, sp) for hp, sp in perms
                if tuple(sorted(hp[h] for h in R)) == R and tuple(sorted(sp[s] for s in C)) == C]
        dim += _count_orbits(R, [hp for hp, _ in stab]) + _count_orbits(C, [sp for _, sp in stab]) - 2
    return dim


def _count_orbits(points, perms):
    left, count = set(points), 0
    while left:
        x = left.pop()
        left -= {g[x] for g in perms}
        count += 1
    return count


# -- sample points -----------------------------------------------------------------------
def _sample(structure, Om):
    """Sample point of a structure (module docstring); ``Om`` a list of int rows."""
    from fractions import Fraction
    n_h, n_s = len(Om), len(Om[0])
    E = [[Fraction(0)] * n_s for _ in range(n_h)]
    for R, C in structure:
        norm = sum(Om[h][s] for h in R for s in C)
        for h in R:
            for s in C:
                E[h][s] += Fraction(1, norm)
    return sympy.ImmutableMatrix(n_h, n_s, [sympy.Rational(x.numerator, x.denominator)
                                           for row in E for x in row])


def _verify(E, Om, perms):
    """Exact E Omega^T E = E and G-invariance of the sample; returns the residual matrix."""
    import flint
    Ef = flint.fmpq_mat([[flint.fmpq(int(x.p), int(x.q)) for x in row] for row in E.tolist()])
    Mf = flint.fmpq_mat([list(col) for col in zip(*Om)])
    if Ef * Mf * Ef != Ef:
        raise ArithmeticError("boundary sample: E Omega^T E != E")
    rows = E.tolist()
    for hp, sp in perms:
        if any(rows[hp[h]][sp[s]] != rows[h][s] for h in range(E.rows) for s in range(E.cols)):
            raise ArithmeticError("boundary sample: not G-invariant")
    return "exact: E Omega^T E = E (kappa = 1), entries non-negative, G-invariant"


def boundary_from_counts(counts, perms=None, *, scale: int = 2, budget: int = NODE_BUDGET,
                         max_states: int = MAX_STATES):
    """Boundary fixed points of ``E (Omega^T E)^(p-1) = kappa E`` for a count matrix.

    Parameters
    ----------
    counts : Matrix (n_h x n_sigma)
        Non-negative count matrix Omega.
    perms : list of (h-permutation, sigma-permutation), optional
        The symmetry group G (default trivial); only G-invariant points are kept.
    scale : int
        Only p = 2 is implemented; other values raise.
    max_states : int
        Largest number of h- or sigma-states searched (default :data:`MAX_STATES`; the
        node budget bounds the search either way).

    Examples
    --------
    >>> res = boundary_from_counts(sympy.eye(2))      # Ising chain, Omega = 1: K* = oo
    >>> [(b.rank, b.xi, b.weights.tolist()) for b in res.points]
    [(2, oo, [[1, 0], [0, 1]])]
    """
    if scale != 2:
        raise ModelError(f"scale: boundary classification implemented for p = 2, got p = {scale}")
    Omega = sympy.Matrix(counts)
    n_h, n_s = Omega.shape
    if max(n_h, n_s) > max_states:
        raise ModelTooLargeError(f"boundary search: implemented for at most {max_states} h- and "
                                 f"sigma-configurations, got {n_h} x {n_s}")
    if any(x < 0 for x in Omega):
        raise ModelError("counts: expected a non-negative count matrix")
    perms = perms or [(tuple(range(n_h)), tuple(range(n_s)))]
    P = [[Omega[h, s] != 0 for s in range(n_s)] for h in range(n_h)]
    structures, nodes = class_structures(P, budget=budget)
    Om = [[int(x) for x in row] for row in Omega.tolist()]
    points = []
    for st in structures:
        if not _invariant(st, perms):
            continue
        E = _sample(st, Om)
        how = _verify(E, Om, perms)
        rows = E.tolist()
        zeros = tuple(tuple(rows[h][s] == 0 for s in range(n_s)) for h in range(n_h))
        points.append(BoundaryPoint(len(st), st, zeros, _dimension(st, perms), E,
                                    sympy.oo, how))
    points.sort(key=lambda b: (-b.rank, -b.dimension, b.classes))
    notes = [
        "structure (p = 2): a non-negative fixed point is E = sum_k x_k y_k^T with x_k, y_k >= 0 "
        "and y_k^T Omega^T x_l = kappa delta_kl (Flor's theorem on E Omega^T / kappa); rank = "
        "number of ergodic classes",
        "no-go: a strictly positive fixed point has rank 1 (Perron-Frobenius), so xi = 0 there",
        "rank 1: the boundary points are the closure of the positive rank-1 family "
        "(E = x y^T, x, y >= 0, y^T Omega^T x > 0), xi = 0; not listed face by face",
        rank_two_note(len(points), nodes),
    ]
    return BoundaryAnalysis(points, True, notes, nodes)


def rank_two_note(count: int, nodes: int) -> str:
    """The summary line of the rank >= 2 search: how many components, and that the search
    was exhaustive (every maximal G-invariant class structure, ``nodes`` search nodes).

    >>> rank_two_note(0, 255)
    'rank >= 2: none (every maximal G-invariant class structure searched, 255 nodes)'
    >>> rank_two_note(1, 12)[:72]
    'rank >= 2: 1 component (every maximal G-invariant class structure search'
    """
    searched = f"every maximal G-invariant class structure searched, {nodes} nodes"
    if not count:
        return f"rank >= 2: none ({searched})"
    return (f"rank >= 2: {count} component{'' if count == 1 else 's'} ({searched}); xi = oo "
            f"(several ergodic classes: long-range order along depth)")


def _group(model):
    """G acting on h- and sigma-configuration indices (simultaneous site permutations)."""
    from ..rg.couplings import coupling_basis
    perms = coupling_basis(model)._perms
    hidx = {h: i for i, h in enumerate(model.h_states)}
    sidx = {s: j for j, s in enumerate(model.sigma_states)}
    out = []
    for p in perms:
        hp = tuple(hidx[tuple(h[p[t]] for t in range(len(h)))] for h in model.h_states)
        sp = tuple(sidx[tuple(s[p[t]] for t in range(len(s)))] for s in model.sigma_states)
        out.append((hp, sp))
    return out


def boundary_fixed_points(model: Model, *, digits: int = 50, linearize: bool = True):
    """Boundary fixed points of a model on its symmetric coupling space (module docstring).

    Each component of rank >= 2 comes with its support-restricted linearisation (the
    directions that keep the zero pattern) and whether that face is invariant.

    Examples
    --------
    >>> from symrg.model.network import Model
    >>> m = Model.from_dict({"name": "id", "values": {"W": [1], "b": [0], "h": [0, 1]},
    ...                      "activation": {"name": "identity"}})
    >>> [(b.rank, b.dimension, b.xi) for b in boundary_fixed_points(m).points]
    [(2, 0, oo)]
    """
    res = boundary_from_counts(count_matrix(model), _group(model), scale=model.scale)
    if not linearize:
        return res
    res.points = [_with_linearization(model, b, digits) for b in res.points]
    return res


def _with_linearization(model, b, digits):
    from ..rg.couplings import coupling_basis
    from .linearize import linearize_weights
    orbits = coupling_basis(model).pair_orbits
    support = [o for o, orb in enumerate(orbits) if b.weights[orb[0]] != 0]
    lin = linearize_weights(model, b.weights, digits=digits, support=support)
    return BoundaryPoint(b.rank, b.classes, b.zero_pattern, b.dimension, b.weights, b.xi,
                         b.verified, lin, _face_invariant(model, b.weights, support))


def _face_invariant(model, E, support):
    """Whether DF(dE) stays on the support for every support direction dE (exact)."""
    from ..rg.couplings import coupling_basis
    from .linearize import weight_chart_operator
    orbits = coupling_basis(model).pair_orbits
    M = count_matrix(model).T.tolist()
    A, _, _ = weight_chart_operator([list(r) for r in E.tolist()], M, model.scale, orbits,
                                    sympy.Integer(1), sympy.Integer(0), lambda a, b: a / b)
    off = [o for o in range(len(orbits)) if o not in support]
    return all(A[o][b] == 0 for o in off for b in support)
