"""The ``width`` record section: xi(N), chi(N), overlap maps and the N -> infinity limit.

:func:`width_scan` runs :func:`symrg.width.chain.wide_chain` over a list of widths (DNA at
``u`` and, where defined, the plain network), adds the infinite-width map of
:mod:`symrg.width.meanfield`, the fitted approach ``chi(N) -> chi_MF`` and, for L = 2, the
exact overlap maps of :mod:`symrg.width.overlap` and the order-chaos boundary in the
sparsity of ternary weights.  :func:`width_record` is its JSON-ready form (the single
source of the report section and of ``symrg width --json``).
"""

from dataclasses import dataclass

import mpmath
import sympy

from ..errors import ModelError, SymRGError
from ..lattice.transfer import _json_values, plain_is_defined
from ..model.network import DEFAULT_MAX_STATES, Model
from ..numerics import decimal_string, latex_decimal, noise_tolerance
from ..width.chain import check_width, check_widths_total, wide_chain
from ..width.finitesize import finite_size_fit, local_exponents
from ..width.meanfield import (infinite_width_overlap_map, infinite_width_value_map,
                               order_chaos_boundary, sparsity_slope)
from ..width.overlap import overlap_map

__all__ = ["WidthScan", "width_scan", "width_record"]

#: Widths at which the report draws exact overlap maps (L = 2).
OVERLAP_WIDTHS = (2, 8, 40)
#: Widths at which the order-chaos boundary in ternary sparsity is located (L = 2).
BOUNDARY_WIDTHS = (4, 8, 16)
#: Number of the largest monotone-tail widths in the finite-size fit.
FIT_WINDOW = 3


@dataclass(frozen=True)
class WidthScan:
    """Wide-chain results over several widths (rows of ``symrg width``)."""

    model: Model
    dna: tuple
    plain: tuple
    record: dict

    def __repr__(self):
        from ..text.summary import format_number
        lines = [f"WidthScan({self.model.name!r}, beta_v={self.record['beta_v']})"]
        for row in self.record["rows"]:
            lines.append(f"  N={row['N']:>5} types={row['types']:>6} classes={row['classes']:>5} "
                         f"chi={format_number(row['chi_dna'], 10)} "
                         f"xi={format_number(row['xi_dna'], 10)}")
        return "\n".join(lines)

    def _repr_latex_(self):
        """A LaTeX array of N, types, chi(N) and xi(N) (DNA), with the N -> infinity row."""
        rows = [rf"{r['N']} & {r['types']} & {latex_decimal(r['chi_dna'])} & "
                rf"{latex_decimal(r['xi_dna'])}" for r in self.record["rows"]]
        mf = self.record["mean_field"]
        if mf.get("chi") is not None:
            rows.append(rf"\infty & & {latex_decimal(mf['chi'])} & {latex_decimal(mf['xi'])}")
        return (r"$\begin{array}{rrll} N & \text{types} & \chi(N) & \xi(N) \\ \hline "
                + r" \\ ".join(rows) + r" \end{array}$")

    def plot(self, stem):
        """Write the figures of :mod:`symrg.plots.width` as ``<stem>-<name>.pdf|png``.

        Returns ``{name: {format: path}}`` (names ``xi``, ``overlap``, ``prior``).
        """
        from ..plots.width import width_figures
        return width_figures(self.record, stem)


def _s(x, digits):
    if mpmath.isinf(x):
        return "inf" if x > 0 else "-inf"
    return decimal_string(x, digits)


def _structure(point, digits):
    """The ``structure_plain`` entry of a reducible or periodic plain chain (None when it is
    irreducible and aperiodic): kind, communicating classes (closed ones with their period),
    transient classes, ``gap = 1 - chi`` with relative accuracy, and the one-sentence
    statement (:class:`symrg.width.reducible.StructureSummary`)."""
    s = None if point is None else point.structure
    if s is None:
        return None
    return {"kind": s.kind, "communicating_classes": s.components,
            "closed": [dict(c) for c in s.closed], "transient_classes": s.transient[0],
            "transient_states": s.transient[1],
            "gap": None if s.gap is None else _s(s.gap, digits), "slowest": s.slowest,
            "statement": s.statement()}


def _row(dna, plain, digits):
    """One width row.  chi, xi and ln lambda_1 are certified to ``digits`` (kept as they
    are, so a tiny chi is never rounded to 0); <h> and G_h(r) follow the noise rule of
    :mod:`symrg.numerics`, with ``noise`` = {tolerance, largest magnitude dropped}."""
    dropped = [mpmath.mpf(0)]
    clean = lambda values: _json_values(values, digits, dropped)
    row = {"N": dna.width, "types": dna.types, "classes": dna.classes,
           "log_lambda_dna": _s(dna.log_lambda, digits), "chi_dna": _s(dna.chi, digits),
           "xi_dna": _s(dna.xi, digits), "mean_h_dna": clean([dna.mean_h])[0],
           "G_dna": clean(dna.G),
           "log_lambda_plain": None if plain is None else _s(plain.log_lambda, digits),
           "chi_plain": None if plain is None else _s(plain.chi, digits),
           "xi_plain": None if plain is None else _s(plain.xi, digits),
           "G_plain": None if plain is None else clean(plain.G),
           "structure_plain": _structure(plain, digits)}
    row["noise"] = {"tolerance": decimal_string(noise_tolerance(digits), 3),
                    "dropped": decimal_string(dropped[0], 3) if dropped[0] else 0}
    return row


def _mean_field(model, u, digits):
    """The N -> infinity section (closed form) or the reason there is none."""
    try:
        if model.data == 1:
            vm = infinite_width_value_map(model)
            chi, xi = vm["chi"], vm["xi"]
            return {"kind": "value_map", "chi": None if chi is None else str(chi),
                    "xi": None if xi is None else str(xi), "statement": vm["statement"],
                    "fixed_point": vm["fixed_point"], "ordered": vm["ordered"]}
        if model.data == 2:
            mf = infinite_width_overlap_map(model, u=u, digits=digits)
            pts = [{"q": _s(q, digits), "chi": _s(c, digits), "xi": _s(x, digits)}
                   for q, c, x in mf.fixed_points()]
            stable = [p for p in mf.fixed_points() if abs(p[1]) < 1]
            curve = _curve(mf)
            extra = {}
            if plain_is_defined(model):
                extra["curve_plain"] = _curve(infinite_width_overlap_map(model, plain=True,
                                                                         digits=digits))
            return {"kind": "overlap_map", "alpha": _s(mf.alpha, digits),
                    "gamma": _s(mf.gamma, digits), "fixed_points": pts,
                    "chi": _s(stable[0][1], digits) if stable else None,
                    "xi": _s(stable[0][2], digits) if stable else None,
                    "curve": curve, **extra,
                    "statement": "f(q) = alpha + gamma (2/pi) arcsin q; chi(0) = 2 gamma/pi "
                                 "< 1 for every prior (sign ignores the W scale, the O(1) "
                                 "bias is negligible)"}
    except SymRGError as exc:
        return {"kind": "none", "statement": str(exc), "chi": None, "xi": None}
    return {"kind": "none", "statement": "no closed form for L > 2", "chi": None, "xi": None}


def _curve(mf):
    """The map f(q) at q = -1, -0.95, ..., 1 as [[q, f(q)], ...] (decimal strings)."""
    with mpmath.workdps(30):
        return [[_s(mpmath.mpf(i) / 20 - 1, 8), _s(mf(mpmath.mpf(i) / 20 - 1), 12)]
                for i in range(41)]


def _overlaps(model, u, widths):
    if model.data != 2:
        return []
    out = []
    for N in widths:
        om = None
        if plain_is_defined(model):
            try:
                om = overlap_map(model, N, plain=True)
            except ModelError:              # an output reached at width N is not an h value
                om = None
        om = om or overlap_map(model, N, u=u)
        out.append({"N": N, "plain": om.plain,
                    "q_in": [str(q) for q in om.q_in],
                    "q_out": [_s(v, 12) for v in om.values(20)],
                    "slope_at_one": _s(mpmath.mpf(sympy.N(om.slope_at_one(), 20)), 12)})
    return out


def _default_widths(given, defaults, widths):
    """``given``, or the ``defaults`` not above the largest analysed width."""
    if given is not None:
        return list(given)
    return [N for N in defaults if N <= max(widths)]


def width_scan(model: Model, widths, *, u=None, distances=range(0, 31), digits=50,
               max_states=DEFAULT_MAX_STATES, overlap_widths=None,
               boundary_widths=None, bar=None) -> WidthScan:
    """Exact xi(N), chi(N) and G_h over ``widths`` plus the infinite-width analysis.

    Parameters
    ----------
    model : Model
    widths : iterable of int
    u : number, optional
        u = e^{beta_v} (default e).
    distances : iterable of int
        r of G_h(r).
    digits : int
    max_states : int
        Largest type count accepted (every width is checked before any work).
    overlap_widths : iterable of int, optional
        Widths of the exact overlap maps (L = 2 only); default :data:`OVERLAP_WIDTHS`
        up to the largest of ``widths``.
    boundary_widths : iterable of int, optional
        Widths at which the order-chaos boundary in ternary sparsity is located and the
        prior scan is drawn (L = 2 only); default :data:`BOUNDARY_WIDTHS` up to the
        largest of ``widths``.
    bar : callable, optional
        Progress-bar factory ``bar(total, desc, unit)`` (:meth:`symrg.progress.Progress.bar`);
        advances once per width and once for the infinite-width analysis.
    """
    widths = list(widths)
    if not widths:
        raise ModelError("widths: expected at least one width")
    for N in widths:
        check_width(model, N, max_states)
    check_widths_total(model, widths, max_states)
    if len(set(widths)) != len(widths):
        raise ModelError(f"widths: expected distinct widths, got {widths}")
    overlap_widths = _default_widths(overlap_widths, OVERLAP_WIDTHS, widths)
    boundary_widths = _default_widths(boundary_widths, BOUNDARY_WIDTHS, widths)
    u = sympy.E if u is None else u
    dna, plain, failures = [], [], []
    with (bar or _no_bar)(len(widths) + 1, "widths", "width") as progress:
        for N in widths:        # both chains of one width share the cached type classes
            progress.set_postfix_str(f"N = {N}")
            dna.append(wide_chain(model, N, u=u, distances=distances, digits=digits,
                                  max_states=max_states))
            plain.append(_plain_chain(model, N, distances, digits, max_states, failures))
            progress.update()
        dna, plain = tuple(dna), tuple(plain)
        progress.set_postfix_str("N = infinity, fits, boundary")
        record = _assemble(model, widths, dna, plain, u, digits, overlap_widths,
                           boundary_widths)
        progress.update()
    if failures:
        record["plain_failures"] = failures
    return WidthScan(model, dna, plain, record)


def _no_bar(total=None, desc="", unit="it"):
    from ..progress import progress_bar
    return progress_bar(total, desc, quiet=True)


def _plain_chain(model, N, distances, digits, max_states, failures):
    """The plain wide chain at width N, or None (undefined, or failed: the reason is
    appended to ``failures``; the DNA chain of that width is kept)."""
    if not plain_is_defined(model):
        return None
    try:
        return wide_chain(model, N, plain=True, distances=distances, digits=digits,
                          max_states=max_states)
    except SymRGError as exc:
        failures.append({"N": N, "reason": " ".join(str(exc).split())})
        return None


def _plain_limit(model, mf):
    """chi_MF of the plain network, where the N -> infinity analysis gives one."""
    if mf["kind"] == "value_map":
        return "0"
    return None


def _assemble(model, widths, dna, plain, u, digits, overlap_widths, boundary_widths):
    mf = _mean_field(model, u, digits)
    rows = [_row(d, p, digits) for d, p in zip(dna, plain)]
    fits = [_fit_entry("dna", widths, [d.chi for d in dna], mf.get("chi"))]
    split = [p.width for p in plain if p is not None and p.structure is not None
             and p.structure.kind != "primitive"]
    if split:
        fits.append({"chain": "plain", "quantity": "|chi(N) - chi_MF|", "limit": None,
                     "exponent": None, "amplitude": None, "widths": [], "excluded": [],
                     "local_slopes": [], "window_exponents": [],
                     "statement": "the plain chain has several closed classes or a period at "
                                  f"N = {', '.join(map(str, split))} (chi = 1, see its rows), "
                                  "so no finite-size exponent is fitted."})
    elif all(p is not None for p in plain):
        fits.append(_fit_entry("plain", widths, [p.chi for p in plain], _plain_limit(model, mf)))
    return {
        "widths": list(widths), "beta_v": str(sympy.log(sympy.sympify(u))),
        "digits": digits, "distances": list(dna[0].distances), "rows": rows,
        "mean_field": mf, "fits": fits,
        "overlap_maps": _overlaps(model, u, [N for N in overlap_widths]),
        "boundary": _boundary(model, mf, boundary_widths, plain),
    }


def _fit_entry(chain, widths, values, limit):
    """The ``fits`` entry of one chain: window fit, local exponents, honest statement."""
    base = {"chain": chain, "quantity": "|chi(N) - chi_MF|", "limit": limit,
            "exponent": None, "amplitude": None, "widths": [], "excluded": [],
            "local_slopes": [], "window_exponents": []}
    if limit is None:
        return {**base, "statement": "no infinite-width limit of chi is known for this chain, "
                                     "so no finite-size exponent is fitted."}
    lim = mpmath.mpf(limit)
    base["local_slopes"] = [{"widths": [n1, n2], "a": None if a is None else _s(a, 10)}
                            for n1, n2, a in local_exponents(widths, values, lim)]
    try:
        fit = finite_size_fit(widths, values, lim, window=FIT_WINDOW)
    except ModelError as exc:
        return {**base, "statement": f"no fit: {exc}."}
    if len(fit.window) < 3:
        (n1, n2, a), = [x for x in fit.local if x[0] == fit.window[0]]
        where = ("only two widths are given" if not fit.excluded else
                 "|chi(N) - chi_MF| falls with one sign only over the last two widths")
        return {**base, "widths": list(fit.window), "excluded": list(fit.excluded),
                "statement": f"{where} ({n1}, {n2}; local exponent {mpmath.nstr(a, 4)}), so "
                             f"no exponent is fitted: its stability could not be judged; "
                             f"larger widths are needed."}
    return {**base, "exponent": _s(fit.exponent, 10), "amplitude": _s(fit.amplitude, 10),
            "widths": list(fit.window), "excluded": list(fit.excluded),
            "window_exponents": [{"widths": list(w), "a": _s(a, 10)} for w, a in fit.windows],
            "statement": _fit_statement(fit)}


def _fit_statement(fit) -> str:
    """How far the fitted exponent can be trusted, in words (record and report)."""
    a = fit.exponent
    inside = [x for x in fit.window_slopes if x is not None]
    text = (f"The local exponents inside the window range from {mpmath.nstr(min(inside), 4)} "
            f"to {mpmath.nstr(max(inside), 4)}")
    if len(fit.windows) > 1:
        text += (f"; successive {len(fit.window)}-width windows across the monotone tail give "
                 + ", ".join(mpmath.nstr(w, 4) for _, w in fit.windows))
    spread = max(inside) - min(inside)
    if spread <= mpmath.mpf("0.01") * abs(a):
        return text + (f". The exponent is stable to {mpmath.nstr(spread, 2)} across the "
                       f"window.")
    if inside[-1] > inside[0]:
        return text + (". The local exponent is still rising at the largest widths, so a is an "
                       "effective exponent of these widths, not the asymptotic one (a rise "
                       "without bound would mean an approach faster than any power of N).")
    return text + (". The local exponent is still falling at the largest widths, so a is an "
                   "effective exponent of these widths, not the asymptotic one.")


#: Sparsities of ternary weights at which the prior scan evaluates the exact slope.
PRIOR_GRID = tuple(sympy.Rational(k, 20) for k in range(20))


def _boundary(model, mf, boundary_widths, plain=()):
    """Where a prior parameter moves chi through 1, or why it cannot (record ``boundary``)."""
    split = [p.width for p in plain if p is not None and p.structure is not None
             and p.structure.kind != "primitive"]
    if split:
        chain = ("The DNA chain's chi(N) = |lambda_2/lambda_1| is below 1 at every width (a "
                 "simple dominant Perron eigenvalue is checked); the plain chain has chi = 1 at "
                 f"N = {', '.join(map(str, split))} (several closed classes or a period, see "
                 "its rows); the order-chaos question is asked of the slope of the "
                 "layer-to-layer map at its fixed points.")
    else:
        chain = ("The chains' chi(N) = |lambda_2/lambda_1| is below 1 at every width (a simple "
                 "dominant Perron eigenvalue is checked), so the order-chaos question is asked "
                 "of the slope of the layer-to-layer map at its fixed points.")
    out = {"parameter_label": None, "finite": [], "scan": None}
    if mf.get("kind") == "none":          # no N -> infinity map: nothing is claimed about it
        return {**out, "statement": chain + " Without an N -> infinity map (" + mf["statement"]
                + ") the slope at its fixed points is not defined, so no order-chaos boundary "
                "is located; the finite-width chi(N) above stay below 1."}
    if model.data == 1:
        return {**out, "statement": chain + " At L = 1 the N -> infinity map of a neuron's "
                "value distribution is piecewise constant (the pre-activation is a sum of N "
                "O(1) terms: its mean decides when it is nonzero, its Gaussian spread when it "
                "is zero), so chi = 0 at every fixed point for every prior on W and b: no "
                "prior parameter moves chi through 1, and there is no order-chaos boundary."}
    if mf["kind"] != "overlap_map" or not plain_is_defined(model):
        return {**out, "statement": chain + " No closed-form N -> infinity overlap map is "
                "available here (" + mf["statement"] + "), so no boundary is located."}
    label = "sparsity $s = P(W=0)$ of ternary $W$"
    finite, slopes = [], []
    for N in boundary_widths:
        if N < 2:
            continue
        found = order_chaos_boundary(model, N)
        finite.append({"N": N, "parameter": None if found is None else
                       _s(mpmath.mpf(sympy.N(found[0], 20)), 10),
                       "bracket": None if found is None else [str(x) for x in found[1]]})
        slopes.append({"N": N, "slope_at_one": [_s(mpmath.mpf(sympy.N(
            sparsity_slope(model, N, s), 20)), 10) for s in PRIOR_GRID]})
    statement = (chain + " At N = infinity the overlap map is f(q) = alpha + gamma (2/pi) "
                 "arcsin q: its slope at q* = 0 is 2 gamma/pi < 1 for every zero-mean prior "
                 "(sign ignores the scale of W, and the O(1) bias is negligible against the "
                 "O(sqrt N) pre-activation), and the plain map's slope at q* = 1 is infinite "
                 "for every prior, so no prior parameter moves chi through 1 at N = infinity. "
                 "At finite N the exact plain map's slope at q = 1 is finite, and the "
                 "sparsity s of ternary weights (P(W=0) = s, P(W=+1) = P(W=-1) = (1-s)/2, "
                 "replacing the W prior) moves it through 1 at s_c(N), located by exact "
                 "bisection")
    statement += (":" if finite else " (no width of the analysis is large enough; "
                  "ask for widths >= 4).")
    scan = {"parameter": "sparsity", "parameter_label": label,
            "parameter_values": [str(s) for s in PRIOR_GRID], "slopes": slopes} if slopes else None
    return {"parameter_label": label, "finite": finite, "scan": scan, "statement": statement}


def width_record(model: Model, widths, *, u=None, distances=range(0, 31), digits=50,
                 max_states=DEFAULT_MAX_STATES, overlap_widths=None,
                 boundary_widths=None, bar=None) -> dict:
    """The JSON record section ``"width"`` (see :func:`width_scan` for the parameters)."""
    return width_scan(model, widths, u=u, distances=distances, digits=digits,
                      max_states=max_states, overlap_widths=overlap_widths,
                      boundary_widths=boundary_widths, bar=bar).record
