"""Numerical fixed-point search: an independent cross-check of the exact classification.

Minimum-norm Newton steps (SVD pseudo-inverse, which converges on positive-
dimensional solution sets too) on ``E (M E)^(p-1) - E'[0,0] E = 0`` in the orbit
weights, from seeded random complex starts, steered away from known isolated roots
by deflation.  Every reported point is verified by its residual and by agreement of
a re-solve at ``digits + 20``; completeness is NOT proven, so nothing in symrg decides
on this search: :func:`symrg.fixedpoints.analysis.find_fixed_points` classifies exactly, and
the tests use this search to look for points the classification might have missed.
"""

import random
from fractions import Fraction

import mpmath
import sympy

from ..errors import ConvergenceError
from ..lattice.counting import count_matrix
from ..model.network import Model
from ..rg.couplings import coupling_basis
from .points import (FixedPointFamily, _make_point, check_digits, is_fixed_point,
                     normalize_weights)

__all__ = ["numeric_search"]

class _Residual:
    """Projective residual ``F(E) - F[0,0] E`` on pair orbits and its Jacobian (mpmath)."""

    def __init__(self, model, symmetric=True):
        basis = coupling_basis(model, symmetric)
        self.orbits = basis.pair_orbits
        self.shape = (len(model.h_states), len(model.sigma_states))
        self.M = mpmath.matrix([[mpmath.mpf(x.p) / x.q for x in row]    # exact: prior Omega
                                for row in count_matrix(model).T.tolist()])      # is rational
        self.p = model.scale
        self.n = len(self.orbits) - 1

    def weights(self, v):
        E = mpmath.matrix(*self.shape)
        for o, orbit in enumerate(self.orbits):
            for i, j in orbit:
                E[i, j] = 1 if o == 0 else v[o - 1]
        return E

    def __call__(self, v, jacobian=True):
        E = self.weights(v)
        EM, ME = E * self.M, self.M * E
        left, right = [mpmath.eye(self.shape[0])], [mpmath.eye(self.shape[1])]
        for _ in range(self.p - 1):
            left.append(left[-1] * EM)
            right.append(right[-1] * ME)
        F = E * right[-1]
        reps = [orbit[0] for orbit in self.orbits]
        R = mpmath.matrix([F[i, j] - F[0, 0] * v[o] for o, (i, j) in enumerate(reps[1:])])
        if not jacobian:
            return R, F
        J = mpmath.matrix(self.n, self.n)
        for k in range(1, self.n + 1):
            B = mpmath.matrix(*self.shape)
            for i, j in self.orbits[k]:
                B[i, j] = 1
            dF = sum((left[a] * B * right[self.p - 1 - a] for a in range(self.p)),
                     mpmath.matrix(*self.shape))
            for o, (i, j) in enumerate(reps[1:]):
                J[o, k - 1] = dF[i, j] - dF[0, 0] * v[o] - (F[0, 0] if o == k - 1 else 0)
        return R, J


def _min_norm_step(J, R, rel):
    """``-J^+ R`` with singular values below ``rel * max`` dropped (SVD)."""
    U, S, V = mpmath.svd_c(J)
    smax = max(abs(s) for s in S)
    UhR = U.H * R
    y = mpmath.matrix(len(S), 1)
    for k, s in enumerate(S):
        if abs(s) > rel * smax:
            y[k] = UhR[k] / s
    return -(V.H * y)


def _deflation(v, roots):
    """Deflation factor m = prod (1 + 1/|v - r|^2) and its (Wirtinger) gradient."""
    m, grad = mpmath.mpf(1), mpmath.matrix(len(v), 1)
    for r in roots:
        d = v - r
        s = sum(abs(x) ** 2 for x in d)
        f = 1 + 1 / s
        grad = grad * f + m * mpmath.matrix([-mpmath.conj(x) / s ** 2 for x in d])
        m *= f
    return m, grad


def _newton(system, v, digits, roots=(), maxiter=80):
    """Minimum-norm Newton iteration; returns the converged vector or None."""
    tol = mpmath.mpf(10) ** (-digits)
    rel = mpmath.mpf(10) ** (-(digits // 2))
    for _ in range(maxiter + int(mpmath.log(digits, 2))):
        R, J = system(v)
        scale = 1 + max(abs(x) for x in v)
        if mpmath.mnorm(R, 1) < tol * scale ** (system.p + 1) and not roots:
            return v
        if roots:
            m, grad = _deflation(v, roots)
            J = J * m + R * grad.T
            R = R * m
        step = _min_norm_step(J, R, rel)
        size = mpmath.mnorm(step, 1)
        if size > 10 * scale:
            step *= 10 * scale / size
        v = v + step
        if max(abs(x) for x in v) > mpmath.mpf(10) ** 12:
            return None
        if roots and size < mpmath.mpf(10) ** (-(digits // 4)) * scale:
            return _newton(system, v, digits, (), maxiter)
    return None


def _classify(system, v, digits):
    """(rank of E, local dimension, multiplicities, kappa) at a converged point."""
    rel = mpmath.mpf(10) ** (-(digits // 2))
    E = system.weights(v)
    S = mpmath.svd_c(E, compute_uv=False)
    rank = sum(1 for s in S if abs(s) > rel * max(abs(x) for x in S))
    _, J = system(v)
    SJ = mpmath.svd_c(J, compute_uv=False) if system.n else []
    dim = sum(1 for s in SJ if abs(s) <= rel * max([abs(x) for x in SJ] + [1]))
    ME = system.M * E
    # mpmath.eig ignores left=/right= on a 1x1 matrix and returns a tuple
    values = mpmath.eig(ME, left=False, right=False) if ME.rows > 1 else [ME[0, 0]]
    eig = [z for z in values if abs(z) > rel * (1 + abs(z))]
    p = system.p
    _, F = system(v, jacobian=False)
    kappa = F[0, 0]
    counts = [0] * (p - 1)
    base = mpmath.root(kappa, p - 1) if p > 2 else kappa
    for z in eig:
        ang = mpmath.arg(z / base) / (2 * mpmath.pi) * (p - 1)
        counts[int(mpmath.nint(ang)) % (p - 1)] += 1
    canon = min(tuple(counts[k:] + counts[:k]) for k in range(p - 1))
    return rank, dim, canon, kappa


def _identify_exact(model, v, digits):
    """Try to recognise a numeric isolated point as rational; exact check of Eq. 28."""
    vals = []
    for x in v:
        if abs(mpmath.im(x)) > mpmath.mpf(10) ** (-(digits // 2)):
            return None
        frac = Fraction(mpmath.nstr(mpmath.re(x), digits)).limit_denominator(10 ** 9)
        vals.append(sympy.Rational(frac.numerator, frac.denominator))
    system = _Residual(model)
    E = sympy.zeros(*system.shape)
    for o, orbit in enumerate(system.orbits):
        for i, j in orbit:
            E[i, j] = 1 if o == 0 else vals[o - 1]
    return E if is_fixed_point(model, E) else None


def _to_sympy(x, digits):
    re_, im_ = sympy.Float(mpmath.re(x), digits), sympy.Float(mpmath.im(x), digits)
    return re_ if im_ == 0 else re_ + sympy.I * im_


def _solve_start(system, start, digits, roots):
    """Converge at ``digits``, re-solve at ``digits + 20``: (point, relative drift) or None."""
    with mpmath.workdps(digits + 10):
        v = _newton(system, mpmath.matrix(start), digits, roots)
    if v is None:
        return None
    with mpmath.workdps(digits + 30):
        w = _newton(system, mpmath.matrix(v), digits + 20)
        if w is None:
            raise ConvergenceError(f"fixed point near {mpmath.nstr(v[0], 15)}: re-solve at "
                                   f"{digits + 20} digits failed; raise digits")
        return w, mpmath.mnorm(w - v, 1) / (1 + mpmath.mnorm(v, 1))


def _exact_inverse_point(model, system):
    """E = M^-1 when n_h = n_sigma = rank M: the isolated point (exact, any coupling space)."""
    M = sympy.Matrix(count_matrix(model).T)
    if M.rows != M.cols or M.rank() < M.rows:
        return None, None
    E = normalize_weights(M.inv())
    if not is_fixed_point(model, E):
        return "zero", None
    v = mpmath.matrix([mpmath.mpf(E[o[0]].p) / E[o[0]].q for o in system.orbits[1:]])
    return _make_point(model, E, "exact: E M E = E, E = M^-1 (rational)", True), v


def numeric_search(model: Model, *, digits: int = 50, seed: int = 0, starts: int = 24):
    """Newton search for fixed points from seeded random complex starts (not proven complete).

    Returns ``(isolated, families, rejected, notes)`` as in :class:`FixedPointAnalysis`.
    """
    check_digits(digits)
    system = _Residual(model)
    rng = random.Random(seed)
    iso_v, isolated, families, rejected, fam_keys = [], [], [], [], set()
    skipped = 0
    with mpmath.workdps(digits + 30):
        point, v = _exact_inverse_point(model, system)
    if point == "zero":
        rejected.append(({"weights": "M^-1"}, "isolated candidate M^-1 has a vanishing weight"))
    elif point is not None:
        iso_v.append(v)
        isolated.append(point)
    for _ in range(starts):
        start = [mpmath.mpc(rng.gauss(0, 1), rng.gauss(0, 1)) for _ in range(system.n)]
        got = _solve_start(system, start, digits, tuple(iso_v))
        if got is None:
            continue
        w, drift = got
        with mpmath.workdps(digits + 30):
            if min([abs(x) for x in w] + [1]) < mpmath.mpf(10) ** (-(digits // 2)):
                rejected.append(({"weights": [mpmath.nstr(x, 15) for x in w]},
                                 "a weight vanishes (infinite coupling)"))
                continue
            rank, dim, mult, kappa = _classify(system, w, digits + 20)
            if abs(kappa) < mpmath.mpf(10) ** (-(digits // 2)):
                rejected.append(({"weights": [mpmath.nstr(x, 15) for x in w]},
                                 "E' = 0 (kappa = 0)"))
                continue
            if dim == 0:
                if drift > mpmath.mpf(10) ** (-(digits - 3)):
                    got = _solve_start(system, w, 2 * digits, ())
                    if got is None or got[1] > mpmath.mpf(10) ** (-(2 * digits - 3)):
                        raise ConvergenceError(
                            f"fixed point near {mpmath.nstr(w[0], 15)}: disagrees at "
                            f"{digits} and {digits + 20} digits even at {2 * digits}; "
                            f"raise digits")
                    w = got[0]
                if any(mpmath.mnorm(w - r, 1) < mpmath.mpf(10) ** (-(digits // 2)) for r in iso_v):
                    continue
                iso_v.append(w)
                isolated.append(_numeric_point(model, system, w, digits))
            elif drift > mpmath.mpf(10) ** (-(digits // 2)):
                skipped += 1
            elif (rank, dim, mult) not in fam_keys:
                fam_keys.add((rank, dim, mult))
                families.append(_numeric_family(model, system, w, digits, rank, dim, mult))
    notes = [f"numeric search: minimum-norm Newton from {starts} seeded random complex starts "
             f"(seed {seed}) with deflation; every point verified at {digits} and "
             f"{digits + 20} digits; completeness is NOT proven"]
    if skipped:
        notes.append(f"{skipped} start(s) ended on a family point that did not re-solve "
                     f"within 1e-{digits // 2}; not reported")
    isolated.sort(key=lambda pt: [str(x) for x in pt.weights])
    families.sort(key=lambda f: (f.rank, -f.dimension, f.multiplicities))
    return isolated, families, rejected, notes


def _numeric_point(model, system, w, digits):
    exact = _identify_exact(model, w, digits)
    how = f"Newton residual < 1e-{digits}; agrees at {digits} and {digits + 20} digits"
    if exact is not None:
        return _make_point(model, exact, how + "; recognised as rational and checked exactly",
                           True)
    E = system.weights(w)
    Es = sympy.ImmutableMatrix(E.rows, E.cols, lambda i, j: _to_sympy(E[i, j], digits))
    S = mpmath.svd_c(E, compute_uv=False)
    rank = sum(1 for s in S if abs(s) > mpmath.mpf(10) ** (-(digits // 2)) * max(S))
    return _make_point(model, Es, how, False, rank=rank)


def _numeric_family(model, system, w, digits, rank, dim, mult):
    sample = _numeric_point(model, system, w, digits)
    desc = (f"rank-{rank} fixed points (eigenvalue multiplicities {list(mult)}), local "
            f"dimension {dim} in the symmetric coupling space (found numerically); "
            + ("contains the positive point E = 1 1^T (K = 0)" if rank == 1
               else "no positive weights (physical points have rank 1)"))
    return FixedPointFamily(dim, rank, mult, [], rank == 1, desc, sample)
