"""Complete classification of the symmetric fixed points, block by block (Eq. 28).

A symmetric fixed point is a G-invariant E with ``E (M E)^(p-1) = kappa E``
(``M = Omega^T``, kappa != 0, every weight non-zero).  In the isotypic blocks of
:mod:`symrg.rg.symmetry` this reads ``E_lambda (M_lambda E_lambda)^(p-1) = kappa E_lambda``
for every lambda, with one kappa.  Normalise kappa = 1.  A block of rank r is
``E_lambda = X_lambda C_lambda Y_lambda`` (X: m^h x r, Y: r x m^sigma) and the block
equation holds iff ``G_lambda = Y M_lambda X C_lambda`` satisfies ``G^(p-1) = I``:
G is diagonalisable with (p-1)-th roots of unity zeta^k as eigenvalues, with
multiplicities ``m_lambda = (m_0, ..., m_{p-2})``.  With ``H = Y M_lambda X``
(invertible; possible iff r <= rank M_lambda) and ``G = S D S^-1``,
``C = H^-1 S D S^-1``.  The block's solutions of type (r, m) form a smooth
irreducible set of dimension

    r (m^h - r) + r (m^sigma - r) + r^2 - sum_k m_k^2     (0 when r = 0).

A component is a choice (r_lambda, m_lambda) per block, not all zero, up to the
JOINT cyclic shift of the root labels (the residual rescaling E -> zeta E, which
keeps kappa = 1).  Its projective dimension is the sum of the block dimensions; its
rank is ``sum_lambda d_lambda r_lambda``.  It is isolated iff every non-zero block has
r = m^h = m^sigma = rank M_lambda and a single root: ``E_lambda = zeta^k M_lambda^-1``.

Zero weights.  A component is kept iff no orbit weight vanishes identically on it.
Each weight is a rational function of the parameters (X, Y, S); a non-zero one of
degree d vanishes at a uniformly random integer point of [-R, R]^n with probability
at most d / (2R + 1) (Schwartz-Zippel).  A component is rejected only when one
weight vanishes at three independent samples with R = 10^6.

Exact arithmetic: rational matrices in python-flint; for p > 3 the values lie in
Q(zeta), zeta = exp(2 pi i/(p-1)), kept as coefficient vectors in powers of zeta and
reduced modulo the cyclotomic polynomial.
"""

import itertools
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Tuple

import flint
import sympy

from ..lattice.counting import count_matrix
from ..model.network import Model
from ..rg.couplings import coupling_basis
from ..rg.symmetry import _reconstruction, block_counts, symmetry_blocks

__all__ = ["BlockChoice", "Component", "symmetric_components", "components_from_blocks",
           "CycloMatrix",
           "sample_component", "root_of_unity", "weight_symbols", "verify_point",
           "cyclo_to_sympy", "cyclo_inverse"]


@dataclass(frozen=True)
class BlockChoice:
    """Rank and root multiplicities of one isotypic block in a component."""

    label: str
    irrep_dimension: int
    rank: int
    multiplicities: tuple
    dimension: int


@dataclass(frozen=True)
class Component:
    """One irreducible component of the symmetric fixed-point set (kappa = 1).

    ``rank`` and ``multiplicities`` refer to the full weight matrix (sum of d_lambda
    times the block values); ``dimension`` is projective.
    """

    choices: Tuple[BlockChoice, ...]
    rank: int
    multiplicities: tuple
    dimension: int

    @property
    def block_ranks(self) -> dict:
        return {c.label: c.rank for c in self.choices}


def _compositions(r, parts):
    for m in itertools.product(range(r + 1), repeat=parts):
        if sum(m) == r:
            yield m


def _block_options(a, b, rank_m, p):
    """(r, m, dim) of one block with m^h = a, m^sigma = b and rank M_lambda = rank_m."""
    out = [(0, (0,) * (p - 1), 0)]
    for r in range(1, min(a, b, rank_m) + 1):
        for m in _compositions(r, p - 1):
            out.append((r, m, r * (a - r) + r * (b - r) + r * r - sum(x * x for x in m)))
    return out


def _shift(m, k):
    return m[k:] + m[:k]


def _fmpq_mat(A) -> flint.fmpq_mat:
    A = sympy.Matrix(A)
    return flint.fmpq_mat(A.rows, A.cols, [flint.fmpq(int(sympy.Rational(x).p),
                                                      int(sympy.Rational(x).q)) for x in A])


@lru_cache(maxsize=64)
def symmetric_components(model: Model) -> Tuple[Component, ...]:
    """Every component of the symmetric fixed-point set (before the zero-weight test).

    Sorted by (rank, -dimension, block data).  For the trivial group (N = L = 1) this
    is the full-space classification (``fixedpoints.family_components``).
    """
    blocks = symmetry_blocks(model)
    Ms = block_counts(model)
    return components_from_blocks(
        [(b.label, b.dimension, b.h_multiplicity, b.sigma_multiplicity, _fmpq_mat(M).rank())
         for b, M in zip(blocks, Ms) if b.size], model.scale)


def components_from_blocks(blocks, p: int) -> Tuple[Component, ...]:
    """Every component from the block data ``(label, d_lambda, m_h, m_sigma, rank M_lambda)``
    of the blocks that carry couplings (module docstring), sorted as
    :func:`symmetric_components`.  Shared with the type blocks of
    :mod:`symrg.fixedpoints.typeclassify`."""
    options = [_block_options(a, b, rank_m, p) for _, _, a, b, rank_m in blocks]
    seen, out = set(), []
    for combo in itertools.product(*options):
        if all(r == 0 for r, _, _ in combo):
            continue
        ms = tuple(m for _, m, _ in combo)
        canon = min(tuple(_shift(m, k) for m in ms) for k in range(p - 1))
        if canon in seen:
            continue
        seen.add(canon)
        choices = tuple(BlockChoice(blk[0], blk[1], r, m, dim)
                        for blk, (r, _, dim), m in zip(blocks, combo, canon))
        total_m = tuple(sum(c.irrep_dimension * c.multiplicities[j] for c in choices)
                        for j in range(p - 1))
        out.append(Component(choices, sum(c.irrep_dimension * c.rank for c in choices),
                             total_m, sum(c.dimension for c in choices)))
    out.sort(key=lambda c: (c.rank, -c.dimension,
                            tuple((-x.rank, x.multiplicities) for x in c.choices)))
    return tuple(out)


# -- arithmetic in Q(zeta) -------------------------------------------------------------
def root_of_unity(n: int, k: int = 1):
    """zeta_n^k = exp(2 pi i k / n) as an exact sympy number (radicals when sympy has them)."""
    k %= n
    if k == 0:
        return sympy.Integer(1)
    angle = 2 * sympy.pi * k / n
    return sympy.expand(sympy.cos(angle) + sympy.I * sympy.sin(angle))


@lru_cache(maxsize=None)
def _cyclotomic(n):
    return flint.fmpq_poly(list(flint.fmpz_poly.cyclotomic(n).coeffs()))


class CycloMatrix:
    """A matrix over Q(zeta_n) as ``sum_j zeta^j A_j`` (j mod n, A_j rational flint)."""

    def __init__(self, n, parts):
        self.n = n
        self.parts = list(parts)

    @classmethod
    def rational(cls, n, A):
        zero = flint.fmpq_mat(A.nrows(), A.ncols())
        return cls(n, [A] + [zero] * (n - 1))

    @property
    def shape(self):
        return self.parts[0].nrows(), self.parts[0].ncols()

    def __mul__(self, other):
        if isinstance(other, flint.fmpq_mat):
            return CycloMatrix(self.n, [A * other for A in self.parts])
        rows, cols = self.shape[0], other.shape[1]
        out = [flint.fmpq_mat(rows, cols) for _ in range(self.n)]
        for i, A in enumerate(self.parts):
            for j, B in enumerate(other.parts):
                out[(i + j) % self.n] = out[(i + j) % self.n] + A * B
        return CycloMatrix(self.n, out)

    def __rmul__(self, other):
        return CycloMatrix(self.n, [other * A for A in self.parts])

    def __sub__(self, other):
        return CycloMatrix(self.n, [A - B for A, B in zip(self.parts, other.parts)])

    def entry(self, i, j) -> flint.fmpq_poly:
        """Entry (i, j) reduced modulo the cyclotomic polynomial."""
        return flint.fmpq_poly([A[i, j] for A in self.parts]) % _cyclotomic(self.n)

    def is_zero(self) -> bool:
        rows, cols = self.shape
        return all(self.entry(i, j) == 0 for i in range(rows) for j in range(cols))


def cyclo_to_sympy(n, poly):
    """The sympy number of an element of Q(zeta_n) given as a reduced fmpq_poly."""
    coeffs = poly.coeffs()
    total = sympy.Integer(0)
    for j, c in enumerate(coeffs):
        if c != 0:
            total += sympy.Rational(int(c.p), int(c.q)) * root_of_unity(n, j)
    return sympy.expand(total)


def cyclo_inverse(n, poly):
    """Inverse of a non-zero element of Q(zeta_n) (extended gcd with the cyclotomic)."""
    g, s, _ = poly.xgcd(_cyclotomic(n))
    return (s / g[0]) % _cyclotomic(n) if g.degree() == 0 else None


# -- samples ------------------------------------------------------------------------------
def _random_int_mat(rng, rows, cols, bound):
    return flint.fmpq_mat(rows, cols, [rng.randint(-bound, bound) for _ in range(rows * cols)])


def _block_sample(M, choice, n, rng, bound, factors=None):
    """E_lambda = X H^-1 S D S^-1 Y (kappa = 1) as a CycloMatrix, or None (singular draw).

    ``factors``: a list to which the drawn ``(X, Y, S)`` are appended (random draws only).
    """
    a, b = M.ncols(), M.nrows()
    r = choice.rank
    if r == 0:
        return CycloMatrix.rational(n, flint.fmpq_mat(a, b))
    if r == a == b and len([x for x in choice.multiplicities if x]) == 1:
        k = next(j for j, x in enumerate(choice.multiplicities) if x)
        parts = [flint.fmpq_mat(a, b) for _ in range(n)]
        parts[k] = M.inv()
        return CycloMatrix(n, parts)
    X = _random_int_mat(rng, a, r, bound)
    Y = _random_int_mat(rng, r, b, bound)
    H = Y * M * X
    S = _random_int_mat(rng, r, r, bound) if n > 1 else _identity(r)
    if H.det() == 0 or S.det() == 0:
        return None
    if factors is not None:
        factors.append((X, Y, S))
    left, right = X * H.inv() * S, S.inv() * Y
    parts, start = [], 0
    for k in range(n):
        P = flint.fmpq_mat(r, r)
        for t in range(start, start + choice.multiplicities[k]):
            P[t, t] = 1
        start += choice.multiplicities[k]
        parts.append(left * P * right)
    return CycloMatrix(n, parts)


def _identity(r):
    I = flint.fmpq_mat(r, r)
    for t in range(r):
        I[t, t] = 1
    return I


def _orbit_values(model, block_mats):
    """Orbit weights (reduced fmpq_poly in zeta) of the invariant E with these blocks."""
    n = block_mats[0].n
    R = _flint_reconstruction(model)
    parts = []
    for j in range(n):
        entries = [x for B in block_mats for x in B.parts[j].entries()]
        parts.append(R * flint.fmpq_mat(len(entries), 1, entries))
    cyc = _cyclotomic(n)
    return [flint.fmpq_poly([P[o, 0] for P in parts]) % cyc for o in range(R.nrows())]


@lru_cache(maxsize=64)
def _flint_reconstruction(model):
    return _fmpq_mat(_reconstruction(model))


def _draw(model, comp, rng, bound):
    """One sample of the component: (block CycloMatrices, orbit values) or None."""
    n = model.scale - 1
    blocks = symmetry_blocks(model)
    Ms = [_fmpq_mat(M) for M in block_counts(model)]
    by_label = {c.label: c for c in comp.choices}
    mats = []
    for b, M in zip(blocks, Ms):
        choice = by_label.get(b.label)
        if choice is None:  # block without couplings
            mats.append(CycloMatrix.rational(n, flint.fmpq_mat(b.h_multiplicity,
                                                               b.sigma_multiplicity)))
            continue
        B = _block_sample(M, choice, n, rng, bound)
        if B is None:
            return None
        mats.append(B)
    return mats, _orbit_values(model, mats)


def sample_component(model: Model, comp: Component, seed: int = 0):
    """An exact point of ``comp`` with every weight non-zero.

    Returns ``(values, how)`` with ``values`` the orbit weights as reduced elements of
    Q(zeta_{p-1}) (fmpq_poly), or ``(None, reason)`` when a weight vanishes
    identically on the component (Schwartz-Zippel test, module docstring).
    """
    rng = random.Random(seed)
    if comp.dimension == 0:
        got = _draw(model, comp, rng, 1)
        zero = [o for o, v in enumerate(got[1]) if v == 0]
        if zero:
            return None, f"the isolated candidate has a vanishing weight {_orbit_weight(model, zero[0])}"
        return got[1], "exact: E_lambda = zeta^k M_lambda^-1 per block"
    if _is_positive_component(model, comp):
        return [flint.fmpq_poly([1])] * len(coupling_basis(model).pair_orbits), \
            "exact: E = 1 1^T (K = 0)"
    for bound in (2, 3, 5, 9, 30):
        for _ in range(4):
            got = _draw(model, comp, rng, bound)
            if got is not None and all(v != 0 for v in got[1]):
                return got[1], f"exact: rational X, C, Y with entries in [-{bound}, {bound}]"
    vanishing = None
    for _ in range(3):
        got = None
        while got is None:
            got = _draw(model, comp, rng, 10 ** 6)
        zeros = {o for o, v in enumerate(got[1]) if v == 0}
        if not zeros:
            return got[1], "exact: rational X, C, Y with entries in [-10^6, 10^6]"
        vanishing = zeros if vanishing is None else vanishing & zeros
    if vanishing:
        o = min(vanishing)
        return None, (f"the weight {_orbit_weight(model, o)} vanishes at 3 independent random samples "
                      f"(Schwartz-Zippel: identically zero on the component)")
    return None, "no sample with every weight non-zero in 3 random draws (not proven empty)"


def _is_positive_component(model, comp):
    """The component of E = 1 1^T: rank 1 in the trivial block, zero elsewhere."""
    first = symmetry_blocks(model)[0].label
    nonzero = [c for c in comp.choices if c.rank]
    return len(nonzero) == 1 and nonzero[0].label == first and nonzero[0].rank == 1


def verify_point(model: Model, values) -> bool:
    """Exact check of ``E (M E)^(p-1) = kappa E`` (some kappa != 0) on the full matrix E.

    Zero weights are allowed (the weight map's fixed points, :mod:`symrg.fixedpoints.zeroweight`);
    E = 0 is not a fixed point.

    ``values`` are orbit weights in Q(zeta_{p-1}); E is assembled from the pair orbits
    (not from the blocks) and multiplied with Omega^T directly.
    """
    n = model.scale - 1
    basis = coupling_basis(model)
    n_h, n_s = len(model.h_states), len(model.sigma_states)
    parts = [flint.fmpq_mat(n_h, n_s) for _ in range(n)]
    for v, orbit in zip(values, basis.pair_orbits):
        coeffs = v.coeffs()
        for j, c in enumerate(coeffs):
            for i, k in orbit:
                parts[j][i, k] = c
    E = CycloMatrix(n, parts)
    M = _fmpq_mat(count_matrix(model).T)
    F = E
    for _ in range(model.scale - 1):
        F = F * M * E
    # compare with the first non-zero weight (a zero-weight point may have w_0 = 0)
    reps = [orbit[0] for orbit in basis.pair_orbits]
    i0, j0 = next(((i, k) for i, k in reps if E.entry(i, k) != 0), reps[0])
    f0, e0 = F.entry(i0, j0), E.entry(i0, j0)
    if e0 == 0 or f0 == 0:
        return False
    # F * e0 - f0 * E == 0 in Q(zeta)
    cyc = _cyclotomic(n)
    for orbit in basis.pair_orbits:
        i, k = orbit[0]
        if (F.entry(i, k) * e0 - f0 * E.entry(i, k)) % cyc != 0:
            return False
    return True


def _orbit_weight(model: Model, o: int) -> str:
    """Terminal name ``E[h,sigma]`` of the weight of pair orbit ``o`` (its first pair)."""
    from ..rg.weightvars import weight_text
    i, j = coupling_basis(model).pair_orbits[o][0]
    return weight_text(model.h_states[i], model.sigma_states[j])


def weight_symbols(model: Model) -> Tuple[sympy.Symbol, ...]:
    """Symbols ``w0, w1, ...`` of the orbit weights (pair orbits in ``coupling_basis`` order;
    names zero-padded by :func:`symrg.rg.weightvars.weight_names`)."""
    from ..rg.weightvars import weight_names
    return tuple(sympy.Symbol(n) for n in weight_names(len(coupling_basis(model).pair_orbits)))
