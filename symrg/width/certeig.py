r"""Certified dominant spectrum of a nonnegative ball matrix: lambda_1 and |lambda_2| with bounds.

The wide chains of :mod:`symrg.width.chain` have class matrices ``M`` (up to ~700 x 700 at
N = 1000) whose entries span hundreds of orders of magnitude, whose second eigenvalue can
be 10^-18 of the first (DNA, a nonzero-mean prior) or 1 - 10^-11 of it (an almost
reducible plain chain).  float64 eigen-decompositions fail there, and a decay test is no
proof that lambda_2 = 0.  This module returns enclosures instead:

0. *Balancing*.  ``M`` is replaced by the exactly similar ``D^{-1} M D`` (D a diagonal of
   powers of two) whose left and right Perron vectors are both about ``sqrt(x y)``: the
   class matrices are graded over thousands of binary orders, and unbalanced, the
   deflated remainder below is so non-normal that no Gershgorin scaling bounds it.
1. *Subspace iteration* in multiprecision midpoint arithmetic (python-flint ``acb_mat``,
   radii dropped) with pivoted normalisation ``V <- (M V) (M V)_J^{-1}`` and Ritz values
   from the k x k block; left vectors by the same iteration on ``M^T``.  Nothing here is
   trusted.
2. *Verification*.  With approximate eigenvectors ``X`` (n x k) and pivot rows ``J``,
   ``S`` is the identity with its columns ``J`` replaced by ``X``;
   ``S^{-1} = I - (X - E_J) X_J^{-1} E_J^T`` (Woodbury), and ``B = S^{-1} M S`` is
   computed in ball arithmetic from the ball matrix ``M``.  The vectors of lambda_1 and
   the |lambda_2| group are first refined in the coordinates of B (:func:`_refine`), so
   the residual columns ``B[R, K]`` are at rounding level.  Gershgorin's theorem for
   ``D^{-1} B D`` (D a positive diagonal of powers of two) gives discs; a union of discs
   disjoint from the others holds exactly as many eigenvalues as it has discs.  D solves
   ``(2^T - |B_RR|) d_R = |B_RK| 1`` (:func:`_resolvent_scaling`): every disc outside K
   lies in ``|z| <= 2^T`` (T a little below |lambda_2|) and the discs of K shrink to
   second order in the residual; the Perron vector of ``|B_RR|`` is the fallback.
   When no D bounds the rest (a non-normal remainder with tiny eigenvalues), the discs
   of ``B^p`` (p = 2, 4, 8; eigenvalues lambda^p) do, and p-th roots are taken.
3. lambda_1 is certified when its disc lies outside every other disc's modulus, so it is
   the spectral radius, real and positive by Perron--Frobenius (M >= 0).  |lambda_2| lies
   between the largest lower modulus of an isolated group of discs and the largest upper
   modulus of all the others.

lambda_2 = 0 is never inferred from small numbers: only from ``n = 1`` or, for an exact
matrix of at most :data:`EXACT_SIZE` rows, from its exact characteristic polynomial.
"""

import math
from dataclasses import dataclass

import flint
import numpy as np

__all__ = ["DominantSpectrum", "dominant_spectrum", "EXACT_SIZE"]

#: Largest exact (zero-radius, rational) matrix whose characteristic polynomial is used to
#: prove lambda_2 = 0.
EXACT_SIZE = 64

#: Largest subspace of the iteration (the rest of the spectrum is bounded by Gershgorin).
MAX_COLUMNS = 64


@dataclass(frozen=True)
class DominantSpectrum:
    """lambda_1 and |lambda_2| of a nonnegative matrix as balls, with the Perron vectors.

    Attributes
    ----------
    lam1 : flint.arb
        Enclosure of the Perron root (certified, or ``None`` when it could not be isolated).
    lam2 : flint.arb
        Enclosure of ``|lambda_2|`` (``arb(0)`` exactly when lambda_2 = 0 is proven).
    right, left : flint.acb_mat
        Approximate right / left Perron vectors (columns, midpoints).
    isolated : bool
        Whether the disc of lambda_1 is disjoint from every other disc.
    """

    lam1: object
    lam2: object
    right: object
    left: object
    isolated: bool


def _col(A, c):
    return [A[i, c] for i in range(A.nrows())]


def _rows(A, J):
    m = A.ncols()
    return flint.acb_mat(len(J), m, [A[r, c] for r in J for c in range(m)])


def _eliminate(W):
    """Pivot rows J and the eliminated columns of W (partial pivoting, pivots scaled to 1).

    The columns span the same space as W's (a triangular change of basis) and stay
    independent however fast the spectrum decays; a column that vanishes at the working
    precision is replaced by the unit vector of a free row.
    """
    n, m = W.nrows(), W.ncols()
    W = W.mid()
    J, taken = [], set()
    for c in range(m):
        col = _col(W, c)
        logs = [_log2(x) for x in col]
        size = max(logs)
        r = max((i for i in range(n) if i not in taken), key=logs.__getitem__)
        J.append(r)
        taken.add(r)
        if not logs[r] > size - flint.ctx.prec + 16:     # vanished: noise only
            col = [flint.acb(1 if i == r else 0) for i in range(n)]
        inv = (1 / col[r]).mid()
        col = [(x * inv).mid() for x in col]
        col[r] = flint.acb(1)
        col = flint.acb_mat(n, 1, col)
        row = flint.acb_mat(1, m, [W[r, c2] if c2 > c else 0 for c2 in range(m)])
        W = (W - col * row).mid()
        for i in range(n):
            W[i, c] = col[i, 0]
    return J, W


def _pivots(X):
    return _eliminate(X)[0]


def _log2(z):
    """log2 |z| of a ball's midpoint as an integer within one bit (-inf for 0)."""
    if isinstance(z, flint.acb):
        return max(_log2(z.real), _log2(z.imag))
    man, exp = z.mid().man_exp()
    if man == 0:
        return -math.inf
    return int(exp) + int(man).bit_length()


def _start(n, m):
    """A deterministic generic start block (positive, no structure)."""
    draws = np.random.default_rng(0).integers(1, 2 ** 20, size=(n, m))
    return flint.acb_mat(n, m, [flint.acb(flint.fmpq(int(x), 2 ** 20)) for x in draws.flat])


def _ritz(Mm, m, steps, warm=None):
    """Subspace iteration with m columns: (values, vectors) sorted by modulus, residuals.

    ``warm`` (n x k, k <= m) replaces the first columns of the generic start.
    """
    n = Mm.nrows()
    V = _start(n, m)
    if warm is not None:
        for c in range(min(m, warm.ncols())):
            for i in range(n):
                V[i, c] = warm[i, c]
    W = (Mm * V).mid()
    best, stale = None, 0
    for _ in range(steps):
        J, V = _eliminate(W)
        W = (Mm * V).mid()
        H = (_rows(V, J).inv() * _rows(W, J)).mid()
        vals, Q = H.eig(right=True, algorithm="approx")
        order = sorted(range(m), key=lambda i: -abs(vals[i]).mid())
        vals = [vals[i] for i in order]
        Q = flint.acb_mat(m, m, [Q[r, i] for r in range(m) for i in order])
        X = (V * Q).mid()
        res = _residuals(W * Q, X, vals)
        if best is None or max(res[:2]) < max(best[2][:2]) - 1:
            best, stale = (vals, X, res), 0
        else:
            stale += 1
        if stale == 3 or max(best[2][:2]) < 30 - flint.ctx.prec:
            break
    return best


def _residuals(MX, X, vals):
    """log2 of max |M x - lambda x| / max(|lambda x|) per column."""
    out = []
    n = X.nrows()
    for c, lam in enumerate(vals):
        r = max(_log2(MX[i, c] - lam * X[i, c]) for i in range(n))
        s = max(_log2(lam * X[i, c]) for i in range(n))
        out.append(r - s)
    return out


def _similarity(M, X, J):
    """``B = S^{-1} M S`` in ball arithmetic (module docstring, step 2)."""
    n, k = X.nrows(), X.ncols()
    MX = M * X
    entries = M.entries()
    for c, j in enumerate(J):
        for i in range(n):
            entries[i * n + j] = MX[i, c]
    MS = flint.acb_mat(n, n, entries)
    Z = flint.acb_mat(n, k, [X[i, c] - (1 if i == J[c] else 0) for i in range(n)
                             for c in range(k)])
    return MS - Z * (_rows(X, J).inv() * _rows(MS, J))


def _flog2(z):
    """log2 |z| of a ball's midpoint as a float (-inf for 0)."""
    a = abs(z).mid()
    return float(a.log() / math.log(2)) if a > 0 else -math.inf


def _tight(B, J):
    """The rows of J whose discs must be small: lambda_1 and the group of |lambda_2|.

    J is in Ritz order (decreasing modulus); the group ends at the first factor-2 gap in
    the moduli of the diagonal of B.
    """
    logs = [_flog2(B[j, j]) for j in J]
    t = 2
    while t < len(J) and logs[t] > logs[t - 1] - 1:
        t += 1
    return list(J[:t])


def _scaling(logB, K, target):
    """Exponents e (d = 2^e) of the Gershgorin similarity D^{-1} B D.

    Off K, d is the Perron vector of |B| (log domain), so those discs lie in about
    ``|z| <= rho(|B_RR|)``; on K, d_a = 2^target / max_r(|B_ra| / d_r), so that the
    columns of K add at most about 2^target to any other disc and the discs of K shrink
    to second order in the residual.  Any choice gives valid discs.
    """
    n = logB.shape[0]
    rest = np.array([i for i in range(n) if i not in set(K)], dtype=int)
    e = np.zeros(n)
    if len(rest):
        L = logB[np.ix_(rest, rest)] * math.log(2)
        v = np.zeros(len(rest))
        for _ in range(40):
            w = L + v[None, :]
            top = np.max(w, axis=1)
            top = np.where(np.isfinite(top), top, 0)
            v = top + np.log(np.sum(np.exp(w - top[:, None]), axis=1) + 1e-300)
            v -= np.max(v)
        e[rest] = np.round(np.maximum(v / math.log(2), -1e7))
        for a in K:
            C = np.max(logB[rest, a] - e[rest])
            e[a] = round(target - C) if math.isfinite(C) else 0
    return e.astype(int)


def _log2sum(L, axis):
    """log2 of the sum of 2^L along ``axis`` (-inf for an empty or all -inf sum)."""
    top = np.max(L, axis=axis, initial=-np.inf)
    safe = np.where(np.isfinite(top), top, 0)
    with np.errstate(divide="ignore"):
        return safe + np.log2(np.sum(np.exp2(L - np.expand_dims(safe, axis)), axis=axis))


def _resolvent_scaling(logB, logdiag, K, T):
    """Exponents e of the Gershgorin similarity that put every disc outside K in |z| <= 2^T.

    With ``d_K = 1`` and ``d_R`` the solution of ``(2^T - |B_RR|) d_R = |B_RK| 1 + f``
    (|B_RR| with its diagonal; f a tiny floor that keeps d positive), every row r outside
    K has ``|B_rr| d_r + sum_j |B_rj| d_j <= 2^T d_r``, and the discs of K get radius
    ``|B_aR| d_R``: second order in the residual columns ``B_RK``.  Solved in the log domain
    by the monotone iteration ``d_R <- (|B_RR| d_R + rhs) / 2^T``, which converges when the
    rest of the spectrum of |B_RR| lies below 2^T; None when it does not.
    """
    n = logB.shape[0]
    Kset = set(K)
    R = np.array([i for i in range(n) if i not in Kset], dtype=int)
    if not len(R):
        return np.zeros(n, dtype=int)
    L = logB[np.ix_(R, R)].copy()
    L[np.arange(len(R)), np.arange(len(R))] = logdiag[R]
    rhs = _log2sum(logB[np.ix_(R, list(K))], axis=1)
    finite = rhs[np.isfinite(rhs)]
    floor = (np.min(finite) - 64) if len(finite) else 0.0
    rhs = np.logaddexp2(rhs, floor)
    v = rhs - T
    for _ in range(400):
        new = np.logaddexp2(_log2sum(L + v[None, :], axis=1), rhs) - T
        step = np.max(new - v)
        v = new
        if step < 1e-3:
            break
        if np.max(v) > 1e6:
            return None
    else:
        return None
    e = np.zeros(n)
    e[R] = np.round(v)
    return e.astype(int)


def _discs(B, J):
    """Gershgorin discs (center, radius upper bound) of D^{-1} B D, and the tight rows.

    D from :func:`_resolvent_scaling` (rest below half the |lambda_2| group), or else from
    :func:`_scaling` (Perron vector of the rest).  Any D gives valid discs.
    """
    n = B.nrows()
    re, im = B.real.entries(), B.imag.entries()
    if all(x.is_zero() for x in im):
        upper = [abs(x).upper() for x in re]
    else:                                       # |z| <= |Re z| + |Im z|
        upper = [(abs(x) + abs(y)).upper() for x, y in zip(re, im)]
    for i in range(n):
        upper[i * n + i] = flint.arb(0)
    logB = np.array([_log2(x) for x in upper], dtype=float).reshape(n, n)
    logdiag = np.array([_log2(B[i, i]) for i in range(n)], dtype=float)
    K = _tight(B, J)
    e = None
    for drop in (1, 0.125):
        if e is None:
            e = _resolvent_scaling(logB, logdiag, K, _flog2(B[K[-1], K[-1]]) - drop)
    if e is None:
        e = _scaling(logB, K, _log2(B[K[-1], K[-1]]) - 12)
    d = flint.arb_mat(n, 1, [flint.arb(2) ** int(x) for x in e])
    R = flint.arb_mat(n, n, upper) * d
    return [(B[i, i], (R[i, 0] / flint.arb(2) ** int(e[i])).upper()) for i in range(n)], K


def _bounds(discs, K):
    """(lambda_1 ball or None, |lambda_2| lower, upper, isolated, rho) from the discs.

    ``K`` lists the rows of lambda_1 (first) and of the |lambda_2| group; every other
    disc lies in ``|z| <= rho``.
    """
    top = [discs[a] for a in K]
    rest = [abs(c).upper() + r for i, (c, r) in enumerate(discs) if i not in set(K)]
    rho = max(rest, default=flint.arb(0), key=lambda x: x.mid())
    lo = [(abs(c) - r).lower() for c, r in top]
    hi = [(abs(c) + r).upper() for c, r in top]
    others_hi = max(hi[1:] + [rho], key=lambda x: x.mid())
    c1, r1 = top[0]
    isolated = bool(lo[0] > others_hi and (c1.real - r1).lower() > 0)
    lam1 = flint.arb(c1.real.mid(), (c1.real.rad() + r1).upper()) if isolated else None
    lower = flint.arb(0)
    for g in _groups(top[1:]):
        low = min((lo[1 + a] for a in g), key=lambda x: x.mid())
        if low > rho:                           # a component: it holds len(g) eigenvalues
            lower = max(lower, low, key=lambda x: x.mid())
    return lam1, lower, others_hi, isolated, rho


def _groups(top):
    """Connected components of overlapping discs (index lists)."""
    k = len(top)
    parent = list(range(k))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a
    for a in range(k):
        for b in range(a + 1, k):
            (ca, ra), (cb, rb) = top[a], top[b]
            if not (abs(ca - cb) > ra + rb):
                parent[find(a)] = find(b)
    out = {}
    for a in range(k):
        out.setdefault(find(a), []).append(a)
    return list(out.values())


def _exact_rest_is_zero(M):
    """For an exact matrix: whether its characteristic polynomial is x^(n-1) (x - c)."""
    n = M.nrows()
    if n > EXACT_SIZE:
        return False
    try:
        Q = flint.fmpq_mat(n, n, [e.mid().fmpq() if e.is_exact() else _fail()
                                  for e in M.entries()])
    except (ValueError, ArithmeticError):
        return False
    coeffs = Q.charpoly().coeffs()
    return all(c == 0 for c in coeffs[:n - 1]) and -coeffs[n - 1] > 0


def _rank_one(M):
    """The exact case: lambda_1 = trace, Perron vectors M^n 1 and (M^T)^n 1."""
    n = M.nrows()
    Q = flint.fmpq_mat(n, n, [e.mid().fmpq() for e in M.entries()])
    ones = flint.fmpq_mat(n, 1, [1] * n)
    P = Q ** n
    vec = lambda V: flint.acb_mat(n, 1, [flint.acb(flint.arb(V[i, 0])) for i in range(n)])
    return DominantSpectrum(flint.arb(M.trace()), flint.arb(0), vec(P * ones),
                            vec(P.transpose() * ones), True)


def _fail():
    raise ValueError("inexact entry")


def _balance(Am, columns, steps):
    """Right and left Perron vectors (midpoints) and the exponents ``e`` of the balancing.

    ``D = diag(2^e)`` with ``e_i`` the nearest integer to ``log2 sqrt(x_i / y_i)`` makes the
    right and left Perron vectors of ``D^{-1} M D`` both about ``sqrt(x y)``: the class
    matrices are graded over thousands of binary orders, and their deflation pivots,
    residuals and Gershgorin discs are far tighter on the balanced matrix.  ``D`` is exact
    (powers of two), so the spectrum is unchanged.
    """
    n = Am.nrows()
    _, X, _ = _ritz(Am, min(n, 2), max(20, steps // 4))         # a scale only: cheap
    _, Y, _ = _ritz(Am.transpose(), min(n, columns), steps)      # also the left output
    e = []
    for i in range(n):
        a, b = _log2(X[i, 0]), _log2(Y[i, 0])
        e.append(int((a - b) // 2) if math.isfinite(a) and math.isfinite(b) else 0)
    return _col(X, 0), _col(Y, 0), e


def _scale(A, e):
    """``D^{-1} A D`` for ``D = diag(2^e)`` (exact)."""
    n = A.nrows()
    shift = [flint.arb(2) ** x for x in e]
    return type(A)(n, n, [A[i, j] * shift[j] / shift[i] for i in range(n) for j in range(n)])


def _refine(B, J, K):
    """Eigenvectors of ``B`` near the unit vectors ``e_J`` (midpoints), or None.

    For the rows ``a`` in ``K`` (lambda_1 and the |lambda_2| group), a fixed-point
    iteration for ``(B - mu I) v = 0`` with ``v[a] = 1`` and ``mu = B[a, a]``: rows of J
    by a Jacobi step (the J block is nearly diagonal), the other rows by
    ``v_R <- (B v)_R / mu``, which contracts when the rest of the spectrum lies below |mu|
    (about one factor |lambda_rest / mu| per round).  It shrinks the residual columns
    ``B[R, K]`` of the similarity to rounding level, so the Gershgorin discs of the
    dominant eigenvalues shrink to second order in it.  The other columns stay unit
    vectors, and so does a column whose mu is within 2^-20 of another diagonal entry of
    the J block (a double eigenvalue).  Nothing here is trusted: the certificate is the
    similarity recomputed from the result.
    """
    n, k = B.nrows(), len(J)
    Bm = B.mid()
    mu = [Bm[a, a] for a in J]
    near = lambda c, b: _log2(mu[c] - Bm[b, b]) < _log2(mu[c]) - 20
    active = [c for c, a in enumerate(J) if a in K and mu[c] != 0
              and not any(b != a and near(c, b) for b in J)]
    if not active:
        return None
    inv = flint.acb_mat(k, k, [(1 / mu[c]).mid() if c == d and c in active else 0
                               for c in range(k) for d in range(k)])
    V = flint.acb_mat(n, k, [1 if i == a else 0 for i in range(n) for a in J])
    last = math.inf
    for _ in range(200):
        BV = (Bm * V).mid()
        W = (BV * inv).mid()
        for c, a in enumerate(J):
            for b in J:
                W[b, c] = 1 if b == a else 0 if c not in active else (
                    (BV[b, c] - Bm[b, b] * V[b, c]) / (mu[c] - Bm[b, b])).mid()
        change = max(_log2(x) for x in (W - V).entries())
        V = W
        if change < 8 - flint.ctx.prec:
            return V
        if change > last + 4:                   # diverges: the rest is not below mu
            return None
        last = min(last, change)
    return V


def _refined(A, X, J):
    """``B = S^{-1} A S`` for the refined vectors (or the given ones), and those vectors."""
    B = _similarity(A, X, J)
    V = _refine(B, J, _tight(B, J))
    if V is None:
        return B, X
    VJ = flint.acb_mat(len(J), len(J), [V[a, c] for a in J for c in range(len(J))])
    taken = set(J)
    VR = flint.acb_mat(X.nrows(), len(J), [0 if i in taken else V[i, c]
                                           for i in range(X.nrows()) for c in range(len(J))])
    Xn = (X * VJ + VR).mid()
    return _similarity(A, Xn, J), Xn


def _certify(B, J, powers):
    """Gershgorin bounds of ``B^p`` for the first p = 1, 2, 4, ... (up to ``powers``) that
    isolates lambda_1 and |lambda_2|.

    The eigenvalues of ``B^p`` are the p-th powers of those of ``B``: a rest block that
    Gershgorin cannot bound below |lambda_2| (a highly non-normal remainder, whose powers
    shrink far faster than its entries) is bounded on a power.  Returns
    ``(lam1, lower, upper, isolated, discs, K, rho)``: lambda_1 and the bounds of
    |lambda_2| for ``B`` itself (p-th roots), the discs and rest bound of ``B^p``.
    """
    P, p = B, 1
    while True:
        discs, K = _discs(P, J)
        lam1, lower, upper, isolated, rho = _bounds(discs, K)
        if (isolated and (lower > 0 or len(K) == 1)) or 2 * p > powers:
            break
        lows = [(abs(c) - r).lower() for c, r in (discs[a] for a in K[1:])]
        if lows and min(lows, key=lambda x: x.mid()) > rho:
            break               # the rest is bounded: lambda_1 and lambda_2 merge, powers keep that
        P, p = P * P, 2 * p
    if p > 1:
        lam1 = lam1.root(p) if lam1 is not None else None
        lower = lower.root(p) if lower > 0 else flint.arb(0)
        upper = upper.root(p)
    return lam1, lower, upper, isolated, discs, K, rho


#: Highest power of the similarity tried by :func:`dominant_spectrum` (p = 1, 2, 4, 8).
MAX_POWER = 8


def dominant_spectrum(M, *, columns=8, steps=None) -> DominantSpectrum:
    """Certified lambda_1 and |lambda_2| of the nonnegative ball matrix ``M`` (arb_mat).

    Works at the current flint precision (borrow it with
    :class:`symrg.width.chain.flint_precision`).  ``columns`` is the first subspace size; it
    is doubled (up to n) while the rest of the spectrum is not bounded below |lambda_2|.

    Returns
    -------
    DominantSpectrum
        Balls; the caller decides whether their radii support the digits it reports.
    """
    n = M.nrows()
    one = flint.acb_mat(1, 1, [1])
    if n == 1:
        return DominantSpectrum(M[0, 0], flint.arb(0), one, one, True)
    if _exact_rest_is_zero(M):                  # x^(n-1) (x - trace): lambda_2 = 0 proven
        return _rank_one(M)
    steps = steps or 60 + flint.ctx.prec // 4
    x0, y0, e = _balance(flint.acb_mat(M).mid(), columns, steps)
    A = flint.acb_mat(_scale(M, e))
    Am = A.mid()
    warm = flint.acb_mat(n, 1, [(x0[i] / flint.arb(2) ** e[i]).mid() for i in range(n)])
    m, X = min(n, columns), warm
    while True:
        vals, X, _ = _ritz(Am, m, steps, X)
        k = m if m == n else m - 1                  # the last Ritz pair converges slowest
        # Ritz values at the noise level (zero, often defective) stay in the rest block;
        # when lambda_2 is among them, only lambda_1 and a bound on the rest are certified
        # (the caller raises the precision) and more columns do not help
        resolved = sum(1 for v in vals[:k] if _log2(v) > _log2(vals[0]) - flint.ctx.prec // 2)
        for k in ([max(2, min(k, resolved))] if resolved >= 2 else [2, 1]):
            Xk = flint.acb_mat(n, k, [X[i, c] for i in range(n) for c in range(k)])
            J = _pivots(Xk)
            B, Xk = _refined(A, Xk, J)
            lam1, lower, upper, isolated, discs, K, rho = _certify(
                B, J, MAX_POWER if resolved >= 2 else 1)
            if isolated and (lower > 0 or k == 1):
                break
        c2, r2 = discs[K[1]] if len(K) > 1 else (flint.acb(0), flint.arb(0))
        # precision, not the subspace, is short: the rest is bounded but the disc is wide
        blurred = not abs(c2).lower() > 2 * r2 and abs(c2).lower() > 4 * rho
        # lambda_1 and lambda_2 merged while the rest is far below: more columns do not help
        c1, r1 = discs[K[0]]
        merged = (not isolated and (abs(c2) - r2).lower() > rho and abs(c2).lower() > 4 * r2
                  and not abs(c1 - c2) > r1 + r2)
        if (m == n or (isolated and lower > 0) or blurred or merged or m >= MAX_COLUMNS
                or resolved < 2):
            break
        m = min(n, 2 * m)
    right = flint.acb_mat(n, 1, [(Xk[i, 0] * flint.arb(2) ** e[i]).mid() for i in range(n)])
    left = flint.acb_mat(n, 1, y0)
    lam2 = flint.arb(0).union(upper) if lower == 0 else lower.union(upper)
    return DominantSpectrum(lam1, lam2, right, left, isolated)
