r"""Exact wide chains: free energy per layer, G_h(r) and xi at any width N.

The bulk transfer matrix of a width-N layer (Eq. 14 and 18 of Lee, Lee & Yi) has its
nonzero spectrum on the types of :mod:`symrg.types`, and further on the *classes*
of types with identical pattern weights (the exact lumping ``M = Fhat U``).  This
module evaluates, at mpmath precision,

* ``ln lambda_1`` (minus beta times the free energy per layer; per layer of N neurons),
* ``chi(N) = |lambda_2 / lambda_1|`` and ``xi(N) = -1 / ln chi(N)`` (Eq. 36),
* the site-averaged bulk ``G_h(r)`` (Eq. 35), from the class-level formulas

      <f_l> = nu Phi_l mu / (lambda nu mu),
      G(r) = nu Phi_l M^(r-1) Phi_l mu / (lambda^(r+1) nu mu) - <f_l>^2   (r >= 1),

  with ``M mu = lambda mu``, ``nu M = lambda nu`` and
  ``Phi_l[k, k'] = sum_{tau' in k'} R[k, tau'] f_l(tau')`` (derivation in :mod:`symrg.types`).

Numerics.  The class matrices are built in ball arithmetic (python-flint ``arb``) at
``digits + 30`` decimal digits.  Eigenpairs start from a float64 eigen-decomposition and
are refined by Newton's method on the bordered system
``[(M - lambda) x ; x_j - 1] = 0``, residuals in high precision and corrections from
the float64 Jacobian (mixed-precision refinement: each step gains about 13 digits);
the final residual is checked and a failure raises :class:`ConvergenceError`.

beta (the label term) enters only the finite-depth boundary, never the bulk; beta_v
enters through ``u = e^{beta_v}``; ``plain=True`` is the beta_v -> infinity limit.
"""

import math
from dataclasses import dataclass, field
from functools import lru_cache

import flint
import mpmath
import numpy as np
import sympy

from .errors import ConvergenceError, ModelError, ModelTooLargeError
from .model import DEFAULT_MAX_STATES, Model
from .types import (enumerate_types, multinomial, pattern_classes, tuple_values, type_count,
                    type_observable)

__all__ = ["WidePoint", "wide_chain", "check_width", "parse_widths", "flint_precision"]


class flint_precision:
    """Context manager borrowing flint's global precision (``digits`` decimal) and restoring it."""

    def __init__(self, digits):
        self.bits = int(digits * 3.33) + 16

    def __enter__(self):
        self.saved = flint.ctx.prec
        flint.ctx.prec = self.bits
        return self

    def __exit__(self, *exc):
        flint.ctx.prec = self.saved


def check_width(model: Model, width, max_states=DEFAULT_MAX_STATES) -> int:
    """Refuse a width whose type count exceeds ``max_states``; return the type count.

    Raises
    ------
    ModelError
        A width that is not an integer >= 1.
    ModelTooLargeError
        ``C(N + d - 1, d - 1) > max_states`` (d = |V_h|^L), with the count in the message.
    """
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ModelError(f"widths: expected integers >= 1, got {width!r}")
    d = len(tuple_values(model))
    count = type_count(width, d)
    if count > max_states:
        raise ModelTooLargeError(
            f"widths: N = {width} has {count:,} types (C(N+{d - 1}, {d - 1}), "
            f"{d} per-neuron tuples) above the limit {max_states:,}; use a smaller width "
            f"or raise --max-states (max_states=)")
    return count


def parse_widths(text: str) -> list:
    """``"1,2,4,1000"`` -> ``[1, 2, 4, 1000]`` (ModelError naming the bad entry)."""
    out = []
    for part in str(text).split(","):
        part = part.strip()
        if not part.isdigit() or int(part) < 1:
            raise ModelError(f"widths: expected a comma-separated list of integers >= 1, "
                             f"got {part!r}")
        out.append(int(part))
    return out


# -- class matrices -------------------------------------------------------------------
@lru_cache(maxsize=8)
def _class_data(model: Model, width: int):
    """Types, classes and the exact type observables of a width-N layer (cached)."""
    types, classes = pattern_classes(model, width)
    obs = [(type_observable(model, types, l, 1), type_observable(model, types, l, 2))
           for l in range(model.data)]
    return types, classes, obs


def _to_arb(x):
    if isinstance(x, flint.fmpq):
        return flint.arb(x)
    x = sympy.Rational(x) if isinstance(x, (int, sympy.Rational)) else x
    if isinstance(x, sympy.Rational):
        return flint.arb(flint.fmpq(int(x.p), int(x.q)))
    return flint.arb(mpmath.nstr(mpmath.mpf(x), int(flint.ctx.prec / 3.3) + 5))


def _u_value(u):
    """u = e^{beta_v} as an mpf (sympy numbers and expressions such as E accepted)."""
    if isinstance(u, (mpmath.mpf, float, int)):
        value = mpmath.mpf(u)
    else:
        expr = sympy.sympify(u)
        if expr.free_symbols or not expr.is_real:
            raise ModelError(f"u: expected a positive number, got {expr}")
        value = mpmath.mpf(sympy.N(expr, mpmath.mp.dps + 10))
    if not value > 0:
        raise ModelError(f"u: expected a positive number, got {value}")
    return value


def _per_neuron_sums(model, classes, u, plain):
    """g(class, a) for every tuple value a, in arb (module docstring of symrg.types)."""
    tuples = tuple_values(model)
    if plain:
        if not all(v in model.h_values for v in model.sigma_values):
            raise ModelError("activation: an output is not one of values.h; the plain "
                             "chain is undefined")
        return [[_to_arb(c["weights"].get(a, flint.fmpq(0))) for a in tuples] for c in classes]
    log_u = flint.arb(mpmath.nstr(mpmath.log(u), int(flint.ctx.prec / 3.3) + 5))
    bond = {}
    out = []
    for c in classes:
        row = []
        for a in tuples:
            total = flint.arb(0)
            for x, n in c["weights"].items():
                if (a, x) not in bond:
                    dist = sum((abs(p - q) ** model.norm for p, q in zip(a, x)), sympy.Integer(0))
                    bond[(a, x)] = (-_to_arb(dist) * log_u).exp()
                total += _to_arb(n) * bond[(a, x)]
            row.append(total)
        out.append(row)
    return out


def _rows(g_row, types, width):
    """Row of R over types for one class: multinomial(tau') prod_a g_a^tau'(a)."""
    if len(g_row) == 2:                    # (g0 + g1 t)^N: coefficient k is type k
        return (flint.arb_poly([g_row[0], g_row[1]]) ** width).coeffs()
    return [multinomial(t) * _product(g_row, t) for t in types]


def _product(g_row, t):
    out = flint.arb(1)
    for g, n in zip(g_row, t):
        if n:
            out *= g ** n
    return out


def _class_matrices(model, width, u, plain):
    """(M, [Phi_l], [Phi2_l]) as acb matrices over classes."""
    types, classes, obs = _class_data(model, width)
    g = _per_neuron_sums(model, classes, u, plain)
    obs_arb = [([_to_arb(v) for v in f1], [_to_arb(v) for v in f2]) for f1, f2 in obs]
    member_of = [0] * len(types)
    for k, c in enumerate(classes):
        for t in c["members"]:
            member_of[t] = k
    n = len(classes)
    M = [[flint.arb(0)] * n for _ in range(n)]
    phis = [([[flint.arb(0)] * n for _ in range(n)], [[flint.arb(0)] * n for _ in range(n)])
            for _ in obs]
    for k in range(n):
        row = _rows(g[k], types, width)
        row = row + [flint.arb(0)] * (len(types) - len(row))
        for t, value in enumerate(row):
            j = member_of[t]
            M[k][j] += value
            for (P1, P2), (f1, f2) in zip(phis, obs_arb):
                P1[k][j] += value * f1[t]
                P2[k][j] += value * f2[t]
    mat = lambda rows: flint.acb_mat(flint.arb_mat(rows))
    return types, classes, mat(M), [(mat(a), mat(b)) for a, b in phis]


# -- eigenpairs by mixed-precision Newton ---------------------------------------------
def _to_numpy(A):
    return np.array([[complex(A[i, j].real.mid()) + 1j * float(A[i, j].imag.mid())
                      for j in range(A.ncols())] for i in range(A.nrows())])


def _refine(A, Af, lam0, x0, digits):
    """Newton refinement of the simple eigenpair (lam0, x0) of A (acb) to ``digits``."""
    n = A.nrows()
    j = int(np.argmax(np.abs(x0)))
    x0 = x0 / x0[j]
    J = np.zeros((n + 1, n + 1), dtype=complex)
    J[:n, :n] = Af - lam0 * np.eye(n)
    J[:n, n] = -x0
    J[n, j] = 1
    Jinv = np.linalg.inv(J)
    x = flint.acb_mat(n, 1, [flint.acb(complex(v)) for v in x0])
    lam = flint.acb(complex(lam0))
    tol = mpmath.mpf(10) ** (-digits - 8)
    for _ in range(8 + digits // 10):
        r = A * x - x * lam
        res = [r[i, 0] for i in range(n)] + [x[j, 0] - 1]
        size = max(abs(complex(z.real.mid()) + 1j * float(z.imag.mid())) for z in res)
        scale = max(abs(complex(lam.real.mid()) + 1j * float(lam.imag.mid())), 1e-300)
        if size == 0 or mpmath.mpf(size) <= tol * scale:
            return lam, x
        rf = np.array([complex(z.real.mid()) / size + 1j * float(z.imag.mid()) / size
                       for z in res])
        delta = -(Jinv @ rf) * size
        for i in range(n):
            x[i, 0] = x[i, 0] + flint.acb(complex(delta[i]))
        lam = lam + flint.acb(complex(delta[n]))
    raise ConvergenceError(
        f"wide chain: eigenpair near {complex(lam0):.6g} did not converge to {digits} "
        f"digits (residual {size:.3g}); the eigenvalue may be multiple, try other digits")


def _is_nilpotent_rest(A, lam, mu, nu):
    """Whether ``A/lam - mu nu/(nu mu)`` is nilpotent (lambda_2 = 0 exactly, to precision)."""
    n = A.nrows()
    numu = (nu * mu)[0, 0]
    v = flint.acb_mat(n, 1, [flint.acb(1) / (i + 2) for i in range(n)])
    floor = mpmath.mpf(2) ** (-(flint.ctx.prec - 40))
    for _ in range(n + 1):
        v = A * v * (1 / lam) - mu * ((nu * v)[0, 0] / numu)
        size = max(abs(complex(v[i, 0].real.mid())) for i in range(n))
        if size <= floor:
            return True
    return False


def _spectrum(M, digits):
    """(lambda_1, |lambda_2|, mu, nu) of the class matrix M (acb), verified."""
    n = M.nrows()
    Mf = _to_numpy(M)
    w, V = np.linalg.eig(Mf)
    order = np.argsort(-np.abs(w))
    wl, Vl = np.linalg.eig(Mf.T)
    left = int(np.argmin(np.abs(wl - w[order[0]])))
    lam, mu = _refine(M, Mf, w[order[0]], V[:, order[0]], digits)
    lam_l, nu = _refine(M.transpose(), Mf.T, wl[left], Vl[:, left], digits)
    nu = nu.transpose()
    if abs(complex(lam.imag.mid())) > 1e-30 * abs(float(lam.real.mid())) or \
            float(lam.real.mid()) <= 0:
        raise ConvergenceError(f"wide chain: Perron eigenvalue is not real positive: {lam}")
    if n == 1:
        return lam, flint.arb(0), mu, nu
    lam2f = w[order[1]]
    if abs(lam2f) < 1e-12 * abs(w[order[0]]):
        if _is_nilpotent_rest(M, lam, mu, nu):
            return lam, flint.arb(0), mu, nu
        raise ConvergenceError("wide chain: |lambda_2 / lambda_1| < 1e-12 could not be "
                               "resolved; raise digits")
    if abs(abs(lam2f) - abs(w[order[0]])) < 1e-9 * abs(w[order[0]]):
        raise ModelError("transfer matrix: expected a simple dominant Perron eigenvalue (a "
                         "unique bulk state), got |lambda_2| = lambda_1")
    lam2, _ = _refine(M, Mf, lam2f, V[:, order[1]], digits)
    return lam, abs(lam2), mu, nu


# -- results --------------------------------------------------------------------------
def _mp(x, digits):
    """An arb/acb midpoint as an mpmath mpf rounded to ``digits``."""
    if isinstance(x, flint.acb):
        x = x.real
    text = x.mid().str(digits + 5, radius=False)
    with mpmath.workdps(digits):
        return +mpmath.mpf(text)


@dataclass(frozen=True)
class WidePoint:
    """Bulk observables of the width-N chain (one row of ``symrg width``).

    Attributes
    ----------
    width, types, classes : int
    log_lambda : mpmath.mpf
        ``ln lambda_1`` = -beta F per layer (bulk free energy, Eq. 18 chain).
    chi : mpmath.mpf
        ``|lambda_2 / lambda_1|`` (0 when lambda_2 = 0).
    xi : mpmath.mpf
        ``-1 / ln chi`` (Eq. 36; 0 when chi = 0).
    mean_h : mpmath.mpf
    G : tuple of mpmath.mpf
        ``G_h(r)`` at ``distances`` (Eq. 35, averaged over neurons and data points).
    distances : tuple of int
    plain : bool
    beta_v : str
    digits : int
    """

    width: int
    types: int
    classes: int
    log_lambda: object
    chi: object
    xi: object
    mean_h: object
    G: tuple
    distances: tuple
    plain: bool
    beta_v: str
    digits: int = field(default=50)

    def __repr__(self):
        s = lambda x: mpmath.nstr(x, 12)
        return (f"WidePoint(N={self.width}, types={self.types}, classes={self.classes}, "
                f"{'plain' if self.plain else 'beta_v=' + self.beta_v}: ln lambda_1="
                f"{s(self.log_lambda)}, chi={s(self.chi)}, xi={s(self.xi)}, "
                f"<h>={s(self.mean_h)})")

    def _repr_latex_(self):
        s = lambda x: mpmath.nstr(x, 10)
        where = r"\beta_v\to\infty" if self.plain else rf"\beta_v={self.beta_v}"
        return (rf"$N={self.width}\ ({where}):\ \ln\lambda_1={s(self.log_lambda)},\ "
                rf"\chi=|\lambda_2/\lambda_1|={s(self.chi)},\ \xi={s(self.xi)}$")


def wide_chain(model: Model, width: int, *, u=None, plain=False, distances=range(0, 31),
               digits=50, max_states=DEFAULT_MAX_STATES) -> WidePoint:
    """Exact bulk observables of the width-N chain of ``model`` (its own width ignored).

    Parameters
    ----------
    model : Model
        Value sets, activation, norm and prior (activation tables must cover the
        pre-activations reached at width N; built-ins always do).
    width : int
        N.
    u : number, optional
        ``u = e^{beta_v}`` of the DNA bond (default e, i.e. beta_v = 1).
    plain : bool
        The plain network (beta_v -> infinity).
    distances : iterable of int
        r of G_h(r).
    digits : int
        Significant digits of every result.
    max_states : int
        Largest type count accepted.

    Returns
    -------
    WidePoint

    Raises
    ------
    ModelTooLargeError
        Type count above ``max_states`` (the count is in the message).
    ConvergenceError
        An eigenpair that fails its residual check.
    """
    count = check_width(model, width, max_states)
    if plain and u is not None:
        raise ModelError("u: not used with plain=True; drop it")
    distances = tuple(distances)
    if any(not isinstance(r, int) or r < 0 for r in distances):
        raise ModelError(f"distances: expected integers >= 0, got {distances!r}")
    wp = digits + 30
    with mpmath.workdps(wp), flint_precision(wp):
        uu = None if plain else _u_value(mpmath.e if u is None else u)
        beta_v = "inf" if plain else mpmath.nstr(mpmath.log(uu), 15)
        types, classes, M, phis = _class_matrices(model, width, uu, plain)
        scale = max(abs(float(M[i, j].real.mid())) for i in range(M.nrows())
                    for j in range(M.ncols()))
        if not scale > 0 or not math.isfinite(scale):
            scale_arb = _max_entry(M)
        else:
            scale_arb = flint.arb(scale)
        Ms = M * (1 / scale_arb)
        lam, lam2, mu, nu = _spectrum(Ms, wp - 10)
        log_lambda = lam.real.log() + scale_arb.log()
        chi = lam2 / lam.real
        xi = flint.arb(0) if chi == 0 else -1 / chi.log()
        mean, G = _correlations(Ms, [(a * (1 / scale_arb), b * (1 / scale_arb))
                                     for a, b in phis], lam, mu, nu, distances)
    return WidePoint(width, count, len(classes), _mp(log_lambda, digits), _mp(chi, digits),
                     _mp(xi, digits), _mp(mean, digits), tuple(_mp(g, digits) for g in G),
                     distances, bool(plain), beta_v, digits)


def _max_entry(M):
    best = flint.arb(0)
    for i in range(M.nrows()):
        for j in range(M.ncols()):
            v = abs(M[i, j].real)
            if v.mid() > best.mid():
                best = v.mid()
    return best


def _correlations(M, phis, lam, mu, nu, distances):
    """Site-averaged <h> and G_h(r) from the class matrices (module docstring)."""
    numu = (nu * mu)[0, 0]
    top = max(distances, default=0)
    L = len(phis)
    total = [flint.acb(0)] * (top + 1)
    mean_all = flint.acb(0)
    for P1, P2 in phis:
        mean = (nu * (P1 * mu))[0, 0] / (lam * numu)
        mean_all += mean
        total[0] += (nu * (P2 * mu))[0, 0] / (lam * numu) - mean ** 2
        w = P1 * mu
        power = lam
        for r in range(1, top + 1):
            power = power * lam
            total[r] += (nu * (P1 * w))[0, 0] / (power * numu) - mean ** 2
            w = M * w
    return (mean_all / L).real, [(total[r] / L).real for r in distances]
