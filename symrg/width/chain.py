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
``digits + 30`` decimal digits; lambda_1 and |lambda_2| come with certified enclosures
(:mod:`symrg.width.certeig`: subspace iteration, then Gershgorin discs of an exact-in-balls
similarity).  The working precision is raised until ``ln lambda_1``, ``chi`` and ``xi``
carry ``digits`` correct digits (to at most :data:`MAX_DIGITS_FACTOR` times ``digits``
plus :data:`MAX_EXTRA_DIGITS`); otherwise :class:`ConvergenceError` names the digits needed.  ``chi = 0``
only when lambda_2 = 0 is proven (one class, or an exact characteristic polynomial).
``<h>`` and ``G_h(r)`` use the Perron vectors at the final precision.

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
from ..numerics import decimal_string, latex_decimal
from .certeig import dominant_spectrum
from .reducible import (ReducibleSpectrum, _stochastic, reducible_spectrum,
                        transient_blocks, wide_structure)
from .typeclasses import (multinomial, pattern_classes, tuple_values, type_count,
                          type_observable)

__all__ = ["WidePoint", "wide_chain", "check_width", "check_widths_total", "parse_widths",
           "flint_precision", "MAX_WIDTHS", "WIDTH_WORK_FACTOR", "MAX_DIGITS_FACTOR",
           "MAX_EXTRA_DIGITS", "plain_transient_blocks"]

#: The working precision of :func:`wide_chain` stops at
#: ``MAX_DIGITS_FACTOR * digits + MAX_EXTRA_DIGITS``.
MAX_DIGITS_FACTOR = 4
MAX_EXTRA_DIGITS = 300


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
    ball arithmetic (acb), the class of each type and the type observables.
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


# -- certified spectrum ----------------------------------------------------------------
def _class_matrix(op):
    """The class matrix ``M = Fhat U`` as a real ball matrix (classes x classes)."""
    n = op.n
    rows = [[flint.arb(0)] * n for _ in range(n)]
    for t, k in enumerate(op.member_of):
        for i in range(n):
            rows[i][k] += op.F[i, t].real
    return flint.arb_mat(rows)


def _certified(spec, digits):
    """None when lambda_1, chi and xi carry ``digits`` digits, else the digits to try next."""
    if isinstance(spec, ReducibleSpectrum):
        return spec.wanted(digits)
    bits = int(digits * 3.33) + 8
    if spec.lam1 is None:
        return -1
    if spec.lam2.is_exact() and spec.lam2 == 0:
        return None
    chi = spec.lam2 / spec.lam1
    if not chi.lower() > 0:
        upper = chi.upper()
        scale = -float(upper.log()) / math.log(10) if upper > 0 else digits
        return digits + int(scale) + 20
    xi = -1 / chi.log()
    worst = min(x.rel_accuracy_bits() for x in (spec.lam1, chi, xi))
    if worst >= bits:
        return None
    return -1 if worst <= 0 else digits + int((bits - worst) / 3.32) + 20


def _plain_lambda(op, structure, width):
    """lambda_1 = S^N of the stochastic plain chain, in the scale of ``op``."""
    return flint.arb(structure.total) ** width * (-op.log_scale).exp()


def _spectrum_at(model, width, u, plain, wp, structure=None, digits=None):
    """(operator, DominantSpectrum) at ``wp`` working digits; a reducible or periodic
    plain chain (``structure``) gets a :class:`symrg.width.reducible.ReducibleSpectrum`."""
    op = _Operator(model, width, u, plain)
    if structure is not None:
        lam = _plain_lambda(op, structure, width)
        return op, reducible_spectrum(_class_matrix(op), structure, lam, digits or wp)
    return op, dominant_spectrum(_class_matrix(op))


def plain_transient_blocks(model: Model, width: int) -> dict:
    """The transient blocks of the width-N plain chain at the current flint precision:
    ``{component: (states, T, e)}`` (:func:`symrg.width.reducible.transient_blocks`), empty
    when the chain is irreducible and aperiodic.  For checks of the escape rates against
    other methods (tests, benchmarks)."""
    structure = _plain_structure(model, width)
    if structure is None:
        return {}
    op = _Operator(model, width, None, True)
    P, n = _stochastic(_class_matrix(op), _plain_lambda(op, structure, width))
    return transient_blocks(P, n, structure)


def _plain_structure(model, width):
    """The exact class structure of the plain chain, or None when it is irreducible and
    aperiodic (the generic certified path)."""
    types, classes, _ = _class_data(model, width)
    structure = wide_structure(types, classes, tuple_values(model), width)
    if structure.irreducible:
        return None
    if structure.total is None:
        raise ModelError(
            f"plain chain: at N = {width} an output outside values.h is reached, so the plain "
            f"chain loses weight, and it is {structure.kind_text()}; not analysed")
    return structure


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
        ``-1 / ln chi`` (Eq. 36; 0 when chi = 0; inf for a plain chain with several
        closed classes or a period).
    mean_h : mpmath.mpf
    G : tuple of mpmath.mpf
        ``G_h(r)`` at ``distances`` (Eq. 35, averaged over neurons and data points).
    distances : tuple of int
    plain : bool
    beta_v : str
    digits : int
    structure : symrg.width.reducible.StructureSummary or None
        Communicating classes, escape rates and the kind of a plain chain that is
        reducible or periodic (None: irreducible and aperiodic).
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
    structure: object = field(default=None, compare=False)

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
    wp, cap = digits + 30, MAX_DIGITS_FACTOR * digits + MAX_EXTRA_DIGITS
    structure = _plain_structure(model, width) if plain else None
    while True:
        with mpmath.workdps(wp), flint_precision(wp):
            uu = None if plain else _u_value(mpmath.e if u is None else u)
            op, spec = _spectrum_at(model, width, uu, plain, wp, structure, digits)
            wanted = _certified(spec, digits)
            if wanted is None:
                return _point(model, width, count, op, spec, distances, plain, uu, digits)
        if wp >= cap:
            raise _uncertified(spec, width, digits, wp, wanted)
        wp = min(cap, max(wanted, 2 * wp) if wanted <= wp else wanted)


def _uncertified(spec, width, digits, wp, wanted):
    """The error when the cap of the working precision is reached."""
    if isinstance(spec, ReducibleSpectrum):
        return ConvergenceError(
            f"wide chain: at N = {width}, the plain chain's chi and xi are not certified to "
            f"{digits} digits at {wp} working digits (chi in {spec.chi.str(5)}, "
            f"1 - chi in {spec.gap.str(5)})")
    if spec.lam1 is None:
        return ModelError(
            f"transfer matrix: |lambda_2| and lambda_1 of the width-{width} chain are not "
            f"separated at {wp} digits (no unique bulk state, or xi beyond 10^{wp - digits}: "
            f"an ordered wide chain); raise --digits to split them")
    need = f"about {wanted} working digits" if wanted > wp else f"more than {wp} digits"
    return ConvergenceError(
        f"wide chain: at N = {width}, |lambda_2/lambda_1| is not certified to {digits} "
        f"digits at {wp} working digits ({need} are needed; |lambda_2| in "
        f"{spec.lam2.str(5)}, lambda_1 in {spec.lam1.str(5)})")


def _point(model, width, count, op, spec, distances, plain, uu, digits):
    """The WidePoint of a certified spectrum (inside the working precision)."""
    beta_v = "inf" if plain else mpmath.nstr(mpmath.log(uu), 15)
    lam = flint.acb(spec.lam1)
    log_lambda = spec.lam1.log() + op.log_scale
    structure = None
    if isinstance(spec, ReducibleSpectrum):
        chi, xi = spec.chi, spec.xi
        structure = spec.summary(digits)
    else:
        chi = spec.lam2 / spec.lam1
        xi = flint.arb(0) if chi.is_exact() and chi == 0 else -1 / chi.log()
    mean, G = _correlations(op, lam, spec.right, spec.left, distances)
    xi = mpmath.inf if xi is None else _mp(xi, digits)
    return WidePoint(width, count, op.n, _mp(log_lambda, digits), _mp(chi, digits),
                     xi, _mp(mean, digits), tuple(_mp(g, digits) for g in G),
                     distances, bool(plain), beta_v, digits, structure)
