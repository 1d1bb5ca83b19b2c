r"""LaTeX of the RG map through named partial sums (Eq. 21-27 of Lee, Lee & Yi).

One decimation step gives, on each pair orbit o with representative (h, sigma),

    E'[h, sigma] = e^{c_o . K} Z_{h sigma},   Z_{h sigma} = sum_e n_e e^{e . K},

where the common exponential e^{c_o . K} is factored out so that Z has a constant term
or at least no common factor.  With V^{-1} the inverse design matrix of the coupling
basis (:attr:`symrg.rg.couplings.CouplingBasis.inverse_design`), the map is

    K'_k = sum_o V^{-1}[k+1, o] (c_o . K + ln Z_o)
         = (linear part) + (1/d) ln( prod_{a_o > 0} Z_o^{d a_o} / prod_{a_o < 0} Z_o^{-d a_o} ),

with d the common denominator of the row.  For the paper's model this is
A' = ln(Z_{11} Z_{00} / Z_{10} Z_{01}).  The same combination of the renormalized DNA
weights Z_m(h, sigma) gives the coefficients of -beta H'_m (Eq. 25).

Everything here is exact: integer exponent vectors and rational rows of V^{-1}.
"""

from functools import lru_cache

import sympy

from ..model.network import Model
from ..rg.couplings import coupling_basis
from ..rg.design import as_number, exponent_table, inverse_design

__all__ = ["PARTIAL_SUM_TERMS", "partial_sums", "bond_products", "pair_label", "compact_labels", "model_pair_label",
           "weight_latex_names", "visible_length", "linear_latex", "sum_latex",
           "log_combination_latex", "rg_map_latex", "coefficient_latex"]


def partial_sums(model: Model):
    """The partial sums of one decimation step, one per pair orbit (``RGMap.partial_sums``).

    Each has ``index``, ``pair``, ``h``, ``sigma``, ``shift`` and ``terms`` with
    E'[pair] = exp(shift . K) * sum_terms n exp(e . K) (RGMap.partial_sums).
    """
    from ..rg.decimation import rg_map
    return tuple(rg_map(model).partial_sums)


def _value_tex(v):
    v = sympy.sympify(v)
    if v.is_Integer:
        return str(v)
    return sympy.latex(v)


def pair_label(h, sigma, compact=None) -> str:
    """Subscript naming the pair (h, sigma): ``11`` for one site with digit values.

    ``compact`` (default: decided from this pair) chooses the digit form; pass
    :func:`compact_labels` of the model so that every label of one model has one form
    (``x_{1,-1;1,1}`` never beside ``x_{11,11}``).

    Examples
    --------
    >>> pair_label((1,), (0,))
    '10'
    >>> pair_label((0, 1), (1, 1))
    '01,11'
    >>> pair_label((-1,), (1,))
    '-1;1'
    >>> pair_label((1,), (0,), compact=False)
    '1;0'
    """
    return _pair_label(tuple(h), tuple(sigma), compact)


def _digits(values) -> bool:
    return all(sympy.sympify(v).is_Integer and 0 <= sympy.sympify(v) <= 9 for v in values)


def compact_labels(model: Model) -> bool:
    """Whether every h and sigma value of ``model`` is a digit 0-9 (labels like ``01,11``).

    Read off the value sets (every configuration is made of them), not the
    configurations: it is asked once per label, 18 000 times for binary width 4, where
    scanning the 2 x 16 configurations each time took 10 of the decimation's 11 s.
    """
    return _digits(set(model.h_values) | set(model.sigma_values))


def model_pair_label(model: Model, i: int, j: int) -> str:
    """:func:`pair_label` of the pair (h_i, sigma_j), in the one form used for ``model``."""
    return pair_label(model.h_states[i], model.sigma_states[j], compact_labels(model))


def weight_latex_names(model: Model) -> dict:
    r"""``{"w<o>": "E_{h\sigma}"}``: LaTeX names of the orbit weights of the family
    equations (:mod:`symrg.rg.weightvars`), after each orbit's representative pair."""
    from ..rg.weightvars import weight_names
    orbits = coupling_basis(model).pair_orbits
    return {name: f"E_{{{model_pair_label(model, *orbit[0])}}}"
            for name, orbit in zip(weight_names(len(orbits)), orbits)}


@lru_cache(maxsize=65536)
def _pair_label(h, sigma, compact=None):
    h, sigma = [tuple(sympy.sympify(v) for v in c) for c in (h, sigma)]
    if compact is None:
        compact = _digits(h + sigma)
    if compact:
        a, b = "".join(str(v) for v in h), "".join(str(v) for v in sigma)
        return a + b if len(h) == 1 else f"{a},{b}"
    return ",".join(_value_tex(v) for v in h) + ";" + ",".join(_value_tex(v) for v in sigma)


@lru_cache(maxsize=4096)
def _name_tex(name: str) -> str:
    """LaTeX of a coupling name (``K_{hs}``); cached, sympy's printer is slow per call."""
    return sympy.latex(sympy.Symbol(name))


def _coefficient_term(c, symbol, first):
    c = as_number(c)
    sign = "-" if c < 0 else ("" if first else "+")
    mag = abs(c)
    num, den = (mag, 1) if isinstance(mag, int) else (mag.numerator, mag.denominator)
    if mag == 1:
        body = symbol
    elif den == 1:
        body = f"{num}{symbol}"
    else:
        body = rf"\tfrac{{{num}}}{{{den}}}{symbol}"
    return f"{sign} {body}".strip() if first else f" {sign} {body}"


def linear_latex(vector, names) -> str:
    """``2 K_{h} - K_{s}`` for an exponent vector in the basis order ("" for zero).

    Examples
    --------
    >>> linear_latex((1, 0, -2), ("A", "B", "C"))
    'A - 2C'
    """
    out = ""
    for c, name in zip(vector, names):
        if c:
            out += _coefficient_term(c, _name_tex(name), not out)
    return out


def sum_latex(terms, names) -> str:
    """``3 + 2 e^{A + B} + ...`` for ``{exponent vector: multiplicity}`` (sorted terms)."""
    parts = []
    for e, n in sorted(terms.items(), key=lambda item: (sum(map(abs, item[0])), item[0])):
        exponent = linear_latex(e, names)
        if not exponent:
            parts.append(str(n))
        else:
            parts.append(f"e^{{{exponent}}}" if n == 1 else f"{n}\\,e^{{{exponent}}}")
    return " + ".join(parts) if parts else "0"


def _rational(c):
    """int, Fraction or sympy number -> sympy Rational."""
    c = as_number(c)
    return sympy.Rational(c.numerator, c.denominator) if not isinstance(c, int) else sympy.Integer(c)


def _power(name, k):
    base = f"{{{name}}}" if "^" in name else name
    return name if k == 1 else f"{base}^{{{k}}}"


#: Printed characters of a numerator or denominator above which ln(N/D) is written
#: ln N - ln D (so that the report can break the line between them).
SPLIT_WIDTH = 40


def log_combination_latex(row, labels) -> str:
    r"""``\frac{1}{d}\ln\frac{Z_a Z_b^2}{Z_c}`` for rational ``row`` over named factors.

    Examples
    --------
    >>> log_combination_latex([1, -1, -1, 1], ["Z_{00}", "Z_{01}", "Z_{10}", "Z_{11}"])
    '\\ln\\frac{Z_{00} Z_{11}}{Z_{01} Z_{10}}'
    >>> log_combination_latex([sympy.Rational(1, 2), 0], ["X", "Y"])
    '\\tfrac{1}{2}\\ln X'
    """
    row = [_rational(c) for c in row]
    if not any(row):
        return ""
    d = sympy.ilcm(1, 1, *[c.q for c in row if c])
    num = [_power(lab, int(c * d)) for c, lab in zip(row, labels) if c > 0]
    den = [_power(lab, int(-c * d)) for c, lab in zip(row, labels) if c < 0]
    top, bottom = " ".join(num) or "1", " ".join(den)
    lead = "" if d == 1 else rf"\tfrac{{1}}{{{d}}}"
    if max(_visible(top), _visible(bottom)) > 2 * SPLIT_WIDTH:
        return _split_logs(lead, num, den)
    if bottom and max(_visible(top), _visible(bottom)) > SPLIT_WIDTH:
        return rf"{lead}\ln\bigl({top}\bigr) - {lead}\ln\bigl({bottom}\bigr)"
    inner = rf"\frac{{{top}}}{{{bottom}}}" if bottom else top
    if not bottom and len(num) > 1:
        inner = rf"\bigl({inner}\bigr)"
    return rf"{lead}\ln {inner}".replace(r"\ln \frac", r"\ln\frac")


def _split_logs(lead, num, den) -> str:
    """``lead ln(a b) + lead ln(c d) - lead ln(e f)``: products too long for one line are
    cut into chunks of at most SPLIT_WIDTH visible characters (ln of a product is the
    sum of the logs), so the report can break between them."""
    def chunks(factors):
        out, current = [], []
        for f in factors:
            if current and _visible(" ".join(current + [f])) > SPLIT_WIDTH:
                out.append(current)
                current = []
            current.append(f)
        return out + ([current] if current else [])

    def term(chunk):
        body = " ".join(chunk)
        return rf"{lead}\ln\bigl({body}\bigr)" if len(chunk) > 1 else rf"{lead}\ln {body}"
    text = " + ".join(term(c) for c in chunks(num))
    for c in chunks(den):
        text = f"{text} - {term(c)}" if text else f"-{term(c)}"
    return text


def _weight_label(model, i, j):
    return f"x_{{{model_pair_label(model, i, j)}}}"


def bond_products(model: Model, i: int, j: int):
    """E'[i, j] = sum n * x_a x_b over bond weights x = e^{K(h, sigma)} (ratio p = 2 only).

    Returns ``{(a, b): n}`` with ``a = (i, s)`` and ``b = (h_m, j)`` index pairs, or None
    for p > 2.  Exact: E'[h, sigma] = sum_{h_m, s} E[h, s] Omega[h_m, s] E[h_m, sigma] (Eq. 21).
    """
    if model.scale != 2:
        return None
    from ..lattice.counting import count_matrix
    omega = count_matrix(model)
    out = {}
    for s in range(omega.cols):
        for hm in range(omega.rows):
            n = int(omega[hm, s])
            if n:
                key = tuple(sorted([(i, s), (hm, j)]))
                out[key] = out.get(key, 0) + n
    return out


def _products_latex(model, products, ones):
    """``4 + 2\\,x_{01} + x_{01} x_{10}``: weights equal to 1 (``ones``) are dropped."""
    merged = {}
    for pair, n in products.items():
        kept = tuple(p for p in pair if p not in ones)
        merged[kept] = merged.get(kept, 0) + n
    parts = []
    for kept, n in sorted(merged.items(), key=lambda item: (len(item[0]), item[0])):
        if not kept:
            parts.append(str(n))
            continue
        labels = [_weight_label(model, *p) for p in kept]
        word = f"{labels[0]}^{{2}}" if len(kept) == 2 and kept[0] == kept[1] else " ".join(labels)
        parts.append(word if n == 1 else f"{n}\\,{word}")
    return " + ".join(parts)


def visible_length(text) -> int:
    """Characters a LaTeX string shows (commands, braces, scripts and spaces not counted)."""
    return _visible(text)


def _visible(text):
    import re
    return len(re.sub(r"\\[A-Za-z]+|[{}^_ ]", "", text))


#: Most exponentials (all partial sums together) whose LaTeX the record writes; past it
#: each sum keeps its name, factor and size but not its value (``partial_sums_note``), the
#: terms staying in the record's ``rg_map`` / ``rg_map_sums``.  Binary width 4 has 1 906;
#: the hardtanh model with L = 2, p = 3 (benchmarks/models) 24 775, 16.6 MB of LaTeX.
PARTIAL_SUM_TERMS = 5_000

#: Visible characters of all partial sums together (about two thirds of a page) up to
#: which a report writes them out; longer ones are a table of counts, the expansions
#: being in the record (``decimation.partial_sums``).
PARTIAL_SUMS_SHOWN = 1200


#: Visible characters of the K' rows of Eq. 27 a report writes (about two pages); the
#: rows past it are counted (``rg_map_more``), all of them being in the JSON record.
RG_MAP_SHOWN = 5000


def rg_map_latex(model: Model, chart: bool = True) -> dict:
    """LaTeX of the RG map through named partial sums (see the module docstring).

    Returns
    -------
    dict
        ``{"weights": [{"name", "value"}], "partial_sums": [{"name", "lhs", "value"}],
        "rg_map": [{"name", "value"}]}``.  ``weights`` defines the bare bond weights
        x_{h sigma} = e^{K(h, sigma)} used by partial sums written as products (empty when
        every sum is shorter in exponentials); ``lhs`` is ``Z_{h sigma}`` for a sum of
        exponentials or ``E'_{h sigma}`` (= e^{c.K} Z_{h sigma}, ``factor`` c.K) for a sum of
        products of bare weights (``products`` true), ``terms`` its number of
        exponentials; ``partial_sums_expanded`` is false when all sums together exceed
        :data:`PARTIAL_SUMS_SHOWN` visible characters; rg_map names carry the prime of the renormalized coupling (``A'``).
        ``rg_map`` stops at :data:`RG_MAP_SHOWN` visible characters and ``rg_map_more``
        counts the rows left out; with ``chart`` false (an inverse design too large to
        write, :mod:`symrg.records.maplayout`) it is empty.  ``sizes`` gives the count,
        smallest, median and largest number of terms of the partial sums.
    """
    basis = coupling_basis(model)
    names = basis.names
    sums = partial_sums(model)
    inv = inverse_design(basis)
    table = exponent_table(model, basis)
    compact = compact_labels(model)
    labels = [f"Z_{{{pair_label(ps.h, ps.sigma, compact)}}}" for ps in sums]
    entries, used = [], set()
    ones = {(i, j) for i in range(len(model.h_states)) for j in range(len(model.sigma_states))
            if not any(table[i][j])}
    omitted = sum(ps.size for ps in sums) > PARTIAL_SUM_TERMS
    for lab, ps in zip(labels, sums):
        value = None if omitted else sum_latex(ps.terms, names)
        products = bond_products(model, *ps.pair) if model.parallel == 1 and not omitted \
            else None
        factor = "" if omitted else linear_latex(ps.shift, names)
        lhs = lab
        if products is not None and not omitted:
            short = _products_latex(model, products, ones)
            if _visible(short) * 3 < _visible(value) * 2:
                value, lhs = short, f"E'_{{{pair_label(ps.h, ps.sigma, compact)}}}"
                used.update(p for pair in products for p in pair if p not in ones)
        entries.append({"name": lab, "lhs": lhs, "factor": factor, "value": value,
                        "products": lhs != lab, "terms": ps.size})
    weights = [{"name": _weight_label(model, i, j), "lhs": _weight_label(model, i, j),
                "value": (lambda e: f"e^{{{e}}}" if e else "1")(
                    linear_latex(table[i][j], names))}
               for i, j in sorted(used)]
    rg, visible = [], 0
    for k, name in enumerate(names if chart else ()):
        if visible > RG_MAP_SHOWN:
            break
        row = [inv[k + 1][ps.index] * model.parallel for ps in sums]
        linear = [sum((r * ps.shift[m] for r, ps in zip(row, sums) if r), 0)
                  for m in range(len(names))]
        lin, logs = linear_latex(linear, names), log_combination_latex(row, labels)
        value = lin + (f" {'' if logs.startswith('-') else '+'} {logs}" if lin and logs else logs)
        prime = f"{_name_tex(name)}'"
        rg.append({"name": prime, "lhs": prime, "value": value or "0"})
        visible += _visible(value or "0") + _visible(prime)
    counts = sorted(ps.size for ps in sums)
    more = {"rg_map_more": len(names) - len(rg) if chart else 0,
            "sizes": {"count": len(counts), "min": counts[0], "max": counts[-1],
                      "median": counts[len(counts) // 2]} if counts else None}
    if omitted:
        return {"weights": [], "partial_sums": entries, "rg_map": rg, **more,
                "partial_sums_expanded": False, "weights_used": False,
                "partial_sums_note": (
                    f"the LaTeX of these sums ({sum(ps.size for ps in sums)} exponentials in "
                    f"all, more than {PARTIAL_SUM_TERMS}) is not written")}
    shown = sum(_visible(e["value"]) for e in entries + weights) <= PARTIAL_SUMS_SHOWN
    if not shown and weights and sum(_visible(e["value"]) for e in entries) <= PARTIAL_SUMS_SHOWN:
        shown, weights = True, []        # the products are short; x = e^{K(h, sigma) - D} (Eq. 26)
    if not shown:                        # a report gives names and sizes only: keep no LaTeX
        entries = [{**e, "value": None, "factor": ""} for e in entries]
        weights = []
    return {"weights": weights, "partial_sums": entries, "rg_map": rg, **more,
            "partial_sums_expanded": shown, "weights_used": bool(used)}


def coefficient_latex(model: Model) -> list:
    r"""Coefficients of -beta H'_m (Eq. 25) as log-combinations of Z_m(h, sigma).

    Returns ``[{"name": "A'", "value": "\ln\frac{Z^{m}_{00} Z^{m}_{11}}{...}"}]`` with the
    constant ``D'`` first; Z^m_{h sigma} stands for Z_m(h, sigma).
    """
    basis = coupling_basis(model)
    inv = basis.inverse_design
    labels = [f"Z^{{m}}_{{{model_pair_label(model, *o[0])}}}" for o in basis.pair_orbits]
    out = []
    for k, name in enumerate(("D",) + basis.names):
        row = [inv[k, o] for o in range(len(labels))]
        out.append({"name": f"{sympy.latex(sympy.Symbol(name))}'",
                    "value": log_combination_latex(row, labels) or "0"})
    return out
