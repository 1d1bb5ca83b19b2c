r"""Exact wide chains: free energy per layer, G_h(r) and xi at any width N.

The bulk transfer matrix of a width-N layer (Eq. 14 and 18 of Lee, Lee & Yi) has its
nonzero spectrum on the types of :mod:`symrg.width.typeclasses`, and further on the *classes*
of types with identical pattern weights (the exact lumping ``M = Fhat U``).  This
module evaluates, at mpmath precision,

* ``ln lambda_1`` (minus beta times the free energy per layer; per layer of N neurons),
* ``chi(N) = |lambda_2 / lambda_1|`` and ``xi(N) = -1 / ln chi(N)`` (Eq. 36),
* the site-averaged bulk ``G_h(r)`` (Eq. 35), from the class-level formulas

      <f_l> = nu Phi_l mu / (lambda nu mu),
      G(r) = nu Phi_l M^(r-1) Phi_l mu / (lambda^(r+1) nu mu) - <f_l>^2   (r >= 1),

  with ``M mu = lambda mu``, ``nu M = lambda nu`` and
  ``Phi_l[k, k'] = sum_{tau' in k'} R[k, tau'] f_l(tau')`` (derivation in :mod:`symrg.width.typeclasses`).

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
import re
from dataclasses import dataclass, field
from functools import lru_cache

import flint
import mpmath
import numpy as np
import sympy

from ..errors import ConvergenceError, ModelError, ModelTooLargeError
from ..model.network import DEFAULT_MAX_STATES, Model
from ..numerics import decimal_string, is_nilpotent, latex_decimal
from .typeclasses import (multinomial, pattern_classes, tuple_values, type_count,
                          type_observable)

__all__ = ["WidePoint", "wide_chain", "check_width", "check_widths_total", "parse_widths",
           "flint_precision", "MAX_WIDTHS", "WIDTH_WORK_FACTOR"]


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


#: Most entries of a ``--widths`` list.
MAX_WIDTHS = 4096
#: The type counts of all widths of one run add up to at most this many times
#: ``max_states`` (each width alone is bounded by ``max_states``).
WIDTH_WORK_FACTOR = 4
_WIDTH = re.compile(r"[0-9]{1,12}")


def parse_widths(text: str) -> list:
    """``"1,2,4,1000"`` -> ``[1, 2, 4, 1000]`` (ModelError naming the bad entry).

    Entries are ASCII integers >= 1 of at most 12 digits; at most :data:`MAX_WIDTHS`.

    Examples
    --------
    >>> parse_widths("1, 2,4")
    [1, 2, 4]
    """
    from ..model.loader import quote
    parts = str(text).split(",", MAX_WIDTHS)
    if len(parts) > MAX_WIDTHS:
        raise ModelError(f"widths: more than {MAX_WIDTHS:,} entries; give fewer widths")
    out = []
    for part in parts:
        part = part.strip()
        if not _WIDTH.fullmatch(part) or int(part) < 1:
            raise ModelError(f"widths: expected a comma-separated list of integers >= 1, "
                             f"got {quote(part)}")
        out.append(int(part))
    return out


def check_widths_total(model: Model, widths, max_states=DEFAULT_MAX_STATES) -> int:
    """Refuse, before any work, widths whose type counts add up past the run's limit.

    Each width is bounded by :func:`check_width`; the sum of the type counts
    ``C(N + d - 1, d - 1)`` over all widths is bounded by :data:`WIDTH_WORK_FACTOR`
    times ``max_states``.  Returns the total.

    Raises
    ------
    ModelTooLargeError
        Naming the total, the limit, ``--widths`` and ``--max-states``.
    """
    d = len(tuple_values(model))
    total = sum(type_count(N, d) for N in widths)
    limit = WIDTH_WORK_FACTOR * max_states
    if total > limit:
        raise ModelTooLargeError(
            f"widths: {len(widths):,} widths with {total:,} types in all, above the limit "
            f"{limit:,} ({WIDTH_WORK_FACTOR} x --max-states); give fewer or smaller widths "
            f"or raise --max-states (max_states=)")
    return total


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
    """g(class, a) for every tuple value a, in arb (module docstring of symrg.width.typeclasses)."""
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


def _log_float(x):
    """ln of a non-negative arb as a float (-inf for 0)."""
    return float(x.log()) if x > 0 else -math.inf


class _Operator:
    """The class matrix ``M = Fhat U`` applied through Fhat (classes x types).

    ``Fhat[k, tau] = multinomial(tau) prod_a g(k, a)^tau(a) / s`` with one common scale
    s (eigenvalues scale by 1/s; ratios and G_h do not change).  Holds Fhat in
    ball arithmetic (acb) and M in float64, the class of each type and the type
    observables, so no classes x classes product is formed in high precision.
    """

    def __init__(self, model, width, u, plain):
        types, classes, obs = _class_data(model, width)
        g = _per_neuron_sums(model, classes, u, plain)
        self.n, self.types = len(classes), types
        self.member_of = [0] * len(types)
        for k, c in enumerate(classes):
            for t in c["members"]:
                self.member_of[t] = k
        log_f = self._log_entries(g, types)
        top = float(np.max(log_f))
        self.log_scale = flint.arb(top)
        inv = (-self.log_scale).exp()
        rows = [self._row(gk, types, width, inv) for gk in g]
        self.F = flint.acb_mat(flint.arb_mat(rows))
        self.FT = self.F.transpose()
        U = np.zeros((len(types), self.n))
        U[np.arange(len(types)), self.member_of] = 1
        self.Mf = np.exp(log_f - top) @ U
        self.obs = [([_to_arb(v) for v in f1], [_to_arb(v) for v in f2]) for f1, f2 in obs]

    @staticmethod
    def _log_entries(g, types):
        T = np.array(types, dtype=float)
        log_mult = np.array([math.lgamma(sum(t) + 1) - sum(math.lgamma(n + 1) for n in t)
                             for t in types])
        lg = np.array([[_log_float(x) for x in row] for row in g])
        out = np.tile(log_mult, (len(g), 1))
        for a in range(T.shape[1]):
            mask = T[:, a] > 0
            out[:, mask] += lg[:, a:a + 1] * T[mask, a][None, :]
        return out

    @staticmethod
    def _row(g_row, types, width, inv):
        if len(g_row) == 2:                        # (g0 + g1 t)^N: type k has k of a_1
            p0, p1 = [flint.arb(1)], [inv]
            for _ in range(width):
                p0.append(p0[-1] * g_row[0])
                p1.append(p1[-1] * g_row[1])
            binom = _binomials(width)
            return [binom[k] * p1[k] * p0[width - k] for k in range(width + 1)]
        return [multinomial(t) * _product(g_row, t) * inv for t in types]

    def expand(self, x, weights=None):
        """Class vector -> type vector ``U x`` (times ``weights`` per type)."""
        if weights is None:
            return flint.acb_mat(len(self.types), 1, [x[k, 0] for k in self.member_of])
        return flint.acb_mat(len(self.types), 1, [x[k, 0] * w for k, w in
                                                  zip(self.member_of, weights)])

    def reduce(self, y):
        """Type vector -> class vector ``U^T y``."""
        out = [flint.acb(0)] * self.n
        for t, k in enumerate(self.member_of):
            out[k] += y[t, 0]
        return flint.acb_mat(self.n, 1, out)

    def right(self, x, weights=None):
        """``M x``; with per-type ``weights`` f: ``Phi x = Fhat diag(f) U x``."""
        return self.F * self.expand(x, weights)

    def left(self, x):
        """``M^T x`` (the left action of M, on a column vector)."""
        return self.reduce(self.FT * x)


@lru_cache(maxsize=4)
def _binomials(width):
    """C(N, k) for k = 0..N as arb (one exact integer recurrence)."""
    out, c = [], 1
    for k in range(width + 1):
        out.append(flint.arb(flint.fmpz(c)))
        c = c * (width - k) // (k + 1)
    return out


def _product(g_row, t):
    out = flint.arb(1)
    for g, n in zip(g_row, t):
        if n:
            out *= g ** n
    return out


# -- eigenpairs by mixed-precision Newton ---------------------------------------------
def _cplx(z):
    return complex(float(z.real.mid()), float(z.imag.mid()))


def _inverse_iteration(Af, lam0, x0):
    """A float64 eigenvector at lam0 by inverse iteration (no LAPACK balancing).

    LAPACK's balancing can return useless eigenvectors for matrices whose entries
    span hundreds of orders of magnitude; a few inverse-iteration steps from a
    generic start (seeded) give a vector with a float64-sized residual.
    """
    n = Af.shape[0]
    best, best_res = x0 / np.abs(x0).max(), np.abs(Af @ x0 - lam0 * x0).max() / np.abs(x0).max()
    shift = lam0 + 1e-11 * max(abs(lam0), 1e-300)
    try:
        inv = np.linalg.inv(Af - shift * np.eye(n))
    except np.linalg.LinAlgError:
        return best
    b = np.ones(n) + 0.1 * np.random.default_rng(0).random(n)
    for _ in range(3):
        y = inv @ b
        if not np.all(np.isfinite(y)) or np.abs(y).max() == 0:
            break
        b = y / y[np.argmax(np.abs(y))]
        res = np.abs(Af @ b - lam0 * b).max()
        if res < best_res:
            best, best_res = b, res
    return best


def _refine(apply, Af, lam0, x0, digits):
    """Newton refinement of the simple eigenpair (lam0, x0) of the operator ``apply``.

    Residuals in ball arithmetic, corrections from the float64 bordered Jacobian
    ``[[Af - lam0, -x0], [e_j^T, 0]]`` (mixed-precision refinement).
    """
    n = Af.shape[0]
    x0 = _inverse_iteration(Af, lam0, x0)
    j = int(np.argmax(np.abs(x0)))
    x0 = x0 / x0[j]
    J = np.zeros((n + 1, n + 1), dtype=complex)
    J[:n, :n] = Af - lam0 * np.eye(n)
    J[:n, n] = -x0
    J[n, j] = 1
    try:
        Jinv = np.linalg.inv(J)
    except np.linalg.LinAlgError:
        raise ConvergenceError(
            f"wide chain: the eigenvalue near {complex(lam0):.6g} is not simple (several "
            "communicating classes share it, or a period); no unique bulk state") from None
    x = flint.acb_mat(n, 1, [flint.acb(complex(v)) for v in x0])
    lam = flint.acb(complex(lam0))
    tol = mpmath.mpf(10) ** (-digits) * max(abs(_cplx(lam)), 1e-300)
    size, previous = math.inf, math.inf
    for _ in range(8 + digits // 10):
        r = apply(x) - x * lam
        res = [r[i, 0] for i in range(n)] + [x[j, 0] - 1]
        big = max(res, key=lambda z: abs(_cplx(z)))
        size = abs(_cplx(big))
        exact = mpmath.mpf(abs(big).mid().str(20, radius=False))
        if size == 0 or exact <= tol:
            return lam, x
        if exact > previous / 10:         # stagnation at the working precision
            break
        previous = exact
        rf = np.array([_cplx(z / size) for z in res])
        delta = -(Jinv @ rf)
        for i in range(n):
            x[i, 0] = x[i, 0] + flint.acb(complex(delta[i])) * size
        lam = lam + flint.acb(complex(delta[n])) * size
    raise ConvergenceError(
        f"wide chain: eigenpair near {complex(lam0):.6g} did not converge to {digits} "
        f"digits (residual {size:.3g}); the eigenvalue may be multiple, try other digits")


def _is_nilpotent_rest(op, lam, mu, nu):
    """Whether ``M/lam - mu nu/(nu mu)`` is nilpotent (lambda_2 = 0 exactly, to precision;
    :func:`symrg.numerics.is_nilpotent`)."""
    n = op.n
    nuT = nu.transpose()
    numu = (nuT * mu)[0, 0]
    return is_nilpotent(
        lambda v: op.right(v) * (1 / lam) - mu * ((nuT * v)[0, 0] / numu),
        flint.acb_mat(n, 1, [flint.acb(1) / (i + 2) for i in range(n)]),
        lambda v: max(mpmath.mpf(abs(v[i, 0]).mid().str(20, radius=False)) for i in range(n)),
        n, flint.ctx.dps)


def _spectrum(op, digits):
    """(lambda_1, |lambda_2|, mu, nu) of the (scaled) class operator, verified."""
    Mf = op.Mf
    w = np.linalg.eigvals(Mf)
    order = list(np.argsort(-np.abs(w)))
    # float64 may not order a nearly degenerate pair (lambda, -lambda): the Perron
    # candidate is the largest real part among the eigenvalues of largest modulus
    top = [i for i in order if abs(w[i]) >= (1 - 1e-9) * abs(w[order[0]])]
    perron = max(top, key=lambda i: w[i].real)
    order.remove(perron)
    order.insert(0, perron)
    start = np.ones(op.n, dtype=complex)
    lam, mu = _refine(op.right, Mf, w[order[0]], start, digits)
    _, nu = _refine(op.left, Mf.T, w[order[0]], start, digits)
    if abs(float(lam.imag.mid())) > 1e-30 * abs(float(lam.real.mid())) or not lam.real > 0:
        raise ConvergenceError(f"wide chain: Perron eigenvalue is not real positive: {lam}")
    if op.n == 1:
        return lam, flint.arb(0), mu, nu
    lam2f = w[order[1]]
    if abs(lam2f) < 1e-12 * abs(w[order[0]]):
        if _is_nilpotent_rest(op, lam, mu, nu):
            return lam, flint.arb(0), mu, nu
        raise ConvergenceError("wide chain: |lambda_2 / lambda_1| < 1e-12 could not be "
                               "resolved; raise digits")
    degenerate = ModelError(
        f"transfer matrix: |lambda_2| and lambda_1 agree to {digits // 2} digits (no unique "
        f"bulk state, or xi beyond 10^{digits // 2}: an ordered wide chain); raise --digits "
        f"to split them")
    close = abs(abs(lam2f) - abs(w[order[0]])) < 1e-9 * abs(w[order[0]])
    try:
        lam2, _ = _refine(op.right, Mf, lam2f, start, digits)
    except ConvergenceError:
        if close:                   # float64 cannot split the pair and Newton cannot either
            raise degenerate from None
        raise
    if close:
        # |lambda_2| within 1e-9 of lambda_1 in float64 (an ordered wide chain, xi large):
        # decided at the working precision, and only when the refinement found another
        # eigenvalue than lambda_1
        gap = lam.real - abs(lam2)
        if not gap > lam.real * flint.arb(10) ** (-(digits // 2)) or \
                abs(_cplx(lam2 - lam)) <= 10.0 ** (-(digits // 2)) * abs(_cplx(lam)):
            raise degenerate
    return lam, abs(lam2), mu, nu


def _correlations(op, lam, mu, nu, distances):
    """Site-averaged <h> and G_h(r) from the class operator (module docstring)."""
    nuT = nu.transpose()
    numu = (nuT * mu)[0, 0]
    top = max(distances, default=0)
    total = [flint.acb(0)] * (top + 1)
    mean_all = flint.acb(0)
    for f1, f2 in op.obs:
        w = op.right(mu, f1)
        mean = (nuT * w)[0, 0] / (lam * numu)
        mean_all += mean
        total[0] += (nuT * op.right(mu, f2))[0, 0] / (lam * numu) - mean ** 2
        power = lam
        for r in range(1, top + 1):
            power = power * lam
            total[r] += (nuT * op.right(w, f1))[0, 0] / (power * numu) - mean ** 2
            w = op.right(w)
    L = len(op.obs)
    return (mean_all / L).real, [(total[r] / L).real for r in distances]


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
        s = lambda x: latex_decimal(x, 10)
        where = r"\beta_v\to\infty" if self.plain else rf"\beta_v={self.beta_v}"
        return (rf"$N={self.width}\ ({where}):\ \ln\lambda_1={s(self.log_lambda)},\ "
                rf"\chi=|\lambda_2/\lambda_1|={s(self.chi)},\ \xi={s(self.xi)}$")

    def plot(self, stem):
        """Plot G_h(r) of this width (:func:`symrg.plots.correlations.plot_correlations`).

        Writes ``<stem>.pdf`` and ``<stem>.png``; returns ``{format: path}``.
        """
        from ..plots import save_figure
        from ..plots.correlations import plot_correlations
        key = "G_plain" if self.plain else "G_dna"
        section = {"r": list(self.distances), "G_dna": None, "G_plain": None,
                   key: [decimal_string(g, 20) for g in self.G]}
        label = f"N = {self.width}, " + ("plain network" if self.plain else "DNA")
        return save_figure(plot_correlations(section, labels={key: label}), stem)


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

    Examples
    --------
    >>> import mpmath
    >>> from symrg.model.network import paper_model
    >>> p = wide_chain(paper_model(), 1, plain=True, digits=20)   # xi = 1 / ln 4
    >>> mpmath.nstr(p.xi, 12), p.types
    ('0.721347520444', 2)
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
        op = _Operator(model, width, uu, plain)
        lam, lam2, mu, nu = _spectrum(op, digits + 10)
        log_lambda = lam.real.log() + op.log_scale
        chi = lam2 / lam.real
        xi = flint.arb(0) if chi == 0 else -1 / chi.log()
        mean, G = _correlations(op, lam, mu, nu, distances)
    return WidePoint(width, count, op.n, _mp(log_lambda, digits), _mp(chi, digits),
                     _mp(xi, digits), _mp(mean, digits), tuple(_mp(g, digits) for g in G),
                     distances, bool(plain), beta_v, digits)
