"""The terminal summary of ``symrg derive``: compact, wrapped, never cut.

The RG map is shown through named partial sums, each defined once
(:attr:`symrg.rg.decimation.RGMap.partial_sums`): for every pair orbit o with
representative (h, sigma),

    E'[h, sigma] = exp(c_o . K) Z_o,     Z_o = sum_e n_e exp(e . K),

and K'_k = sum_o Vinv[k+1, o] (c_o . K + ln Z_o) with Vinv the inverse design
matrix of the coupling basis (Eq. 26-27 of Lee, Lee & Yi).  Every line is wrapped at
word boundaries to the given width; nothing is truncated.  Rejected fixed-point
candidates appear only when ``verbose``.

Numbers are shown from the record (:mod:`symrg.numerics`): ints, ``"p/q"``, decimal
strings (shortened to ``SHOWN_DIGITS``), ``{"re", "im"}`` and ``"inf"``/``"-inf"``.
"""

import re
import textwrap

import sympy

from .logform import terminal_text
from .spectrum import spectrum_runs
from ..rg.weightvars import rename_weights

__all__ = ["SHOWN_DIGITS", "partial_sums", "rg_map_lines", "summary_lines",
           "summary_text", "format_number", "wrap", "label_runs"]

#: Significant digits of decimal values in the terminal summary.
SHOWN_DIGITS = 10

def partial_sums(model) -> tuple:
    """The partial sums Z_o of the RG map of ``model`` (``RGMap.partial_sums``, decision 6)."""
    from ..rg.decimation import rg_map
    return tuple(rg_map(model).partial_sums)


#: Joins a coefficient to its name ("2 K_h", "1/2 ln Z3") so lines never break between them.
_GLUE = "\u00a0"


def wrap(text: str, width: int, indent: str = "", hang: str = "    ") -> list:
    """Lines of at most ``width`` characters, broken at spaces (never cut, never "...")."""
    lines = textwrap.wrap(text, width=width, initial_indent=indent,
                          subsequent_indent=indent + hang, break_long_words=True,
                          break_on_hyphens=False) or [indent]
    return [line.replace(_GLUE, " ") for line in lines]


def _linear(coefficients, names) -> str:
    """``2 A - B + 1/2 C`` from exact coefficients (empty string for all zeros)."""
    parts = []
    for c, name in zip(coefficients, names):
        c = sympy.Rational(c)
        if c == 0:
            continue
        mag = abs(c)
        word = name if mag == 1 else f"{mag}{_GLUE}{name}"
        parts.append(("- " if c < 0 else "+ ") + word)
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else ("-" + text[2:] if text else "")


def _sum_text(terms, names, shown=None) -> str:
    """``4 + 2 exp(A + C) + ...``; with ``shown``, the first terms and the count of all."""
    parts = []
    for e, n in sorted(terms.items(), key=lambda t: (sum(abs(x) for x in t[0]), t[0])):
        arg = _linear(e, names)
        if not arg:
            parts.append(str(n))
        else:
            parts.append(f"{n} exp({arg})" if n != 1 else f"exp({arg})")
    if shown is not None and len(parts) > shown:
        return " + ".join(parts[:shown]) + f" + ... ({len(parts)} terms; -v shows all)"
    return " + ".join(parts)


def _glued(text: str) -> str:
    """Spaces inside the terms of a sum become unbreakable (breaks only at `` + ``/`` - ``)."""
    pieces = re.split(r"( [+-] )", text)
    return "".join(p if k % 2 else p.replace(" ", _GLUE) for k, p in enumerate(pieces))


#: Terms of a partial sum Z shown without ``verbose`` when the model has many of them.
SHOWN_TERMS = 3

#: Pair orbits beyond which the partial sums are abbreviated without ``verbose``.
_MANY_SUMS = 4

#: Pair orbits beyond which only the first :data:`SHOWN_SUMS` partial sums and coupling
#: lines are printed without ``verbose`` (binary N = 5 has 56 sums: 250 lines).
LISTED_SUMS = 12
SHOWN_SUMS = 6


def _config(values) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


#: Coupling names listed in the summary's ``couplings:`` line (``-v`` lists all).
SHOWN_NAMES = 12


def _names(names, verbose: bool) -> str:
    if verbose or len(names) <= SHOWN_NAMES:
        return ", ".join(names)
    return ", ".join(names[:SHOWN_NAMES]) + f", ... ({len(names) - SHOWN_NAMES} more; -v lists all)"


def rg_map_lines(model, width: int, verbose: bool = True, note=None) -> list:
    """The RG map of ``model`` as named partial sums, then K' for every coupling.

    Without ``verbose``, a model with more than 4 pair orbits shows the first
    :data:`SHOWN_TERMS` terms of each partial sum and their number; one with more than
    :data:`LISTED_SUMS` shows the first :data:`SHOWN_SUMS` sums and coupling lines and says
    how many more there are.  With ``note`` (the record's ``rg_map_note``: parts of the
    map too large to write) the first sums are given by their pairs and sizes, and the
    note follows, even with ``verbose``.
    """
    from ..rg.decimation import rg_map
    m = rg_map(model)
    if note:
        sums = m.partial_sums
        lines = wrap(f"RG map (Eq. 27): {len(sums)} partial sums with "
                     f"{sum(ps.size for ps in sums):,} exponentials in all:", width, "  ")
        for ps in sums[:SHOWN_SUMS]:
            lines += wrap(f"Z{ps.index + 1}: {ps.size:,} terms [h = {_config(ps.h)}, "
                          f"sigma = {_config(ps.sigma)}]", width, "    ")
        if len(sums) > SHOWN_SUMS:
            lines += wrap(f"... ({len(sums) - SHOWN_SUMS} more partial sums)", width, "    ")
        return lines + wrap(note, width, "    ")
    names, inv = m.basis.names, m.basis.inverse_design
    sums = partial_sums(model)
    shown = None if verbose or len(sums) <= _MANY_SUMS else SHOWN_TERMS
    par = model.parallel
    lines = wrap("RG map (Eq. 27): E'[h, sigma] = exp(c.K) Z for each pair orbit, and "
                 "K' = Vinv (c.K + ln Z) with the constant D dropped:" if par == 1 else
                 f"RG map with m = {par} branches of p = {model.scale} bonds: branch weight "
                 f"exp(c.K) Z for each pair orbit, E' = (branch weight)^{par} entrywise, and "
                 f"K' = {par} Vinv (c.K + ln Z) with the constant D dropped:", width, "  ")
    cut = not verbose and len(sums) > LISTED_SUMS
    for ps in sums[:SHOWN_SUMS] if cut else sums:
        shift = _linear(ps.shift, names)
        head = f"Z{ps.index + 1} = {_sum_text(ps.terms, names, shown)}"
        where = f"  [h = {_config(ps.h)}, sigma = {_config(ps.sigma)}"
        where += f", factor exp({shift})]" if shift else "]"
        lines.extend(wrap(head + where, width, "    "))
    if cut:
        lines.extend(wrap(f"... ({len(sums) - SHOWN_SUMS} more partial sums; -v or the JSON "
                          f"record shows all)", width, "    "))
    for k, name in enumerate(names):
        if cut and k == SHOWN_SUMS:
            lines.extend(wrap(f"... ({len(names) - SHOWN_SUMS} more couplings; -v or the "
                              f"JSON record shows all)", width, "    "))
            break
        row = [inv[k + 1, o] * par for o in range(len(sums))]
        linear = [sum((row[o] * sums[o].shift[q] for o in range(len(sums))), sympy.Integer(0))
                  for q in range(len(names))]
        rhs = _linear(linear + row, list(names) + [f"ln{_GLUE}Z{o + 1}" for o in range(len(sums))])
        lines.extend(wrap(f"{name}' = {rhs or 0}", width, "    "))
    return lines


_SYMPY_INFINITIES = {"oo": "inf", "-oo": "-inf", "zoo": "inf"}


def format_number(value, digits: int = SHOWN_DIGITS) -> str:
    """A record number as short text: ``-2/3``, ``0.4633423902``, ``1.5 - 2 i``, ``inf``."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, dict) and set(value) == {"re", "im"}:
        re, im = format_number(value["re"], digits), format_number(value["im"], digits)
        if re == "0":
            return f"{im} i"
        sign, mag = ("-", im[1:]) if im.startswith("-") else ("+", im)
        return f"{re} {sign} {mag} i"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    text = str(value)
    if text in _SYMPY_INFINITIES:
        return _SYMPY_INFINITIES[text]
    if "." in text or "e" in text.lower():
        try:
            import mpmath
            with mpmath.workdps(digits + 5):
                return _trim_point_zero(mpmath.nstr(mpmath.mpf(text), digits))
        except (ValueError, TypeError):
            return text
    if len(text) > _LONG_RATIONAL and _RATIONAL.fullmatch(text):
        return "~" + _rational_decimal(text, digits)
    return text


def _trim_point_zero(text: str) -> str:
    """``2.0`` -> ``2``: mpmath keeps a ``.0`` that reads as program output (issue 20)."""
    return text[:-2] if text.endswith(".0") and "e" not in text.lower() else text


#: Exact rationals longer than this many characters are shown as ``~decimal``.
_LONG_RATIONAL = 40
_RATIONAL = re.compile(r"-?\d+(?:/\d+)?")


def _rational_decimal(text: str, digits: int) -> str:
    """``p/q`` to ``digits`` significant digits (exact integers, no int-string limit)."""
    import gmpy2
    import mpmath
    p, _, q = text.partition("/")
    with mpmath.workdps(digits + 5):
        value = mpmath.mpf(gmpy2.mpz(p)) / mpmath.mpf(gmpy2.mpz(q or "1"))
        return mpmath.nstr(value, digits)


def _expression(text: str) -> str:
    """sympy text in plain notation for the terminal: ``x^2``, ``2 x`` (no ``**``/``*``)."""
    return str(text).replace("**", "^").replace("*", " ")


def _numbers(values) -> str:
    return ", ".join(format_number(v) for v in values or [])


#: Longest list of eigenvalues or exponents written out one by one; a longer one is written
#: as runs (``1 x10, 0 x45``) unless ``verbose``.
LISTED_NUMBERS = 8


def _number_runs(values, verbose=False) -> str:
    """``1, 1, 0`` for a short list; ``1 x10, 0 x45`` for a long one (all with -v)."""
    if verbose or len(values or []) <= LISTED_NUMBERS:
        return _numbers(values)
    return _runs([format_number(v) for v in values])


#: Family equations shown without ``verbose`` (all are in the JSON record).
SHOWN_EQUATIONS = 2


#: Wrapped lines of an exact sample point shown without ``verbose``; a longer one is
#: shown with 6 significant digits instead (its exact form with ``-v``).
_SAMPLE_LINES = 8


#: Couplings of a sample point listed without ``verbose`` (all with -v and in the record).
SHOWN_SAMPLE = 12


def _sample_text(point, exact=True, count=None) -> str:
    """The sample point, exact K's as collected logs of primes (``-5/2 ln 2 + 3/2 i pi``);
    the first ``count`` couplings when given."""
    logs = (point.get("sample_exact") or {}) if exact else {}
    parts = []
    items = list(point["sample"].items())
    for key, value in items[:count]:
        text = terminal_text(logs[key]) if key in logs else None
        shown = text if text is not None else format_number(value, SHOWN_DIGITS if exact else 6)
        parts.append(f"{key} = {_glued(shown)}")
    more = f", ... ({len(items) - len(parts)} more)" if len(parts) < len(items) else ""
    return "sample point: " + ", ".join(parts) + more


def _sample_lines(point, width, verbose) -> list:
    if verbose:
        return wrap(_sample_text(point), width, "      ")
    lines = wrap(_sample_text(point, count=SHOWN_SAMPLE), width, "      ")
    if len(lines) <= _SAMPLE_LINES:
        return lines
    return wrap(_sample_text(point, exact=False, count=SHOWN_SAMPLE)
                + " (exact values: -v or the JSON record)", width, "      ")


def _family_lines(point, head, width, verbose) -> list:
    """Dimension and parametrisation, equations (2 unless verbose), the sample point."""
    lines = wrap(f"{head}: {point.get('description', '')}", width, "    ")
    equations = point.get("equations", [])
    shown = equations if verbose else equations[:SHOWN_EQUATIONS]
    count = f"{len(equations)} equation{'' if len(equations) == 1 else 's'}"
    if len(shown) < len(equations):
        count += f", first {len(shown)} shown (-v or the JSON record for all)"
    if equations:
        lines += wrap(f"{count}: " + "; ".join(_glued(f"{_expression(e)} = 0") for e in shown),
                      width, "      ", "    ")
    if point.get("sample"):
        lines += _sample_lines(point, width, verbose)
    return lines


def _zero_weight_lines(point, phys, width, verbose) -> list:
    """A weight-map fixed point at infinity of the coupling chart: weights, zeros, equations."""
    what = ("isolated" if point["dimension"] == 0
            else f"family, dimension {point['dimension']}")
    rows = "; ".join(" ".join(format_number(x) for x in row) for row in point["weights"])
    zeros = ", ".join(f"({h}, {s})" for h, s in point["zero_pairs"])
    lines = wrap(f"at infinity of the coupling chart ({what}, {phys}, rank {point['rank']}): "
                 f"zero weights at (h, sigma) index pairs {zeros} and their orbits; weights E = {rows} "
                 f"(projective weight chart)", width, "    ")
    equations = point.get("equations") or []
    if equations:
        shown = equations if verbose else equations[:SHOWN_EQUATIONS]
        more = "" if len(shown) == len(equations) else " (-v for all)"
        lines += wrap(f"{len(equations)} equations in the orbit weights w{more}: "
                      + "; ".join(_glued(f"{_expression(e)} = 0") for e in shown),
                      width, "      ", "    ")
    return lines


def label_runs(labels) -> list:
    """Consecutive equal labels as ``[label, count]`` pairs (``marginal`` x 3, issue 20)."""
    runs = []
    for label in labels:
        if runs and runs[-1][0] == label:
            runs[-1][1] += 1
        else:
            runs.append([label, 1])
    return runs


def _runs(labels) -> str:
    """``marginal x3, irrelevant x2`` for consecutive equal labels."""
    return ", ".join(label if n == 1 else f"{label} x{n}" for label, n in label_runs(labels))


def _point_lines(point, width, verbose=False) -> list:
    kind = point.get("kind", "isolated")
    phys = "physical" if point.get("physical") else "fictitious"
    rank = f", rank {point['rank']}" if "rank" in point else ""
    head = f"{kind} ({phys}{rank}, dimension {point.get('dimension', 0)})"
    lines = []
    if kind == "family":
        lines += _family_lines(point, head, width, verbose)
    elif kind == "zero_weight":
        lines += _zero_weight_lines(point, phys, width, verbose)
    else:
        coup = ", ".join(f"{k} = {format_number(v)}"
                         for k, v in (point.get("couplings") or {}).items())
        lines += wrap(f"{head}: {coup}", width, "    ")
    if point.get("eigenvalues"):
        lines += wrap(f"eigenvalues: {_number_runs(point['eigenvalues'], verbose)}", width,
                      "      ")
    if point.get("exponents"):
        labels = point.get("labels") or []
        text = _number_runs(point["exponents"], verbose)
        if labels:
            text += " (" + (", ".join(labels) if verbose else _runs(labels)) + ")"
        lines += wrap(f"exponents y: {text}", width, "      ")
    return lines


def _fixed_point_lines(record, width, verbose) -> list:
    fp = record.get("fixed_points")
    if not fp:
        return []
    status = "complete" if fp.get("complete") else "completeness not proven"
    lines = wrap(f"fixed points ({status}; {fp.get('method', '')}; "
                 f"{record.get('digits', '')} digits):", width, "  ")
    variables = fp.get("variables")
    if variables:
        lines += wrap("family equations are polynomials in the bond weights E[h,sigma] = "
                      "exp(K(h, sigma)), one per orbit of pairs (h, sigma), named after its "
                      "first pair", width, "    ")
    for point in fp.get("points", []):
        if variables and point.get("equations"):
            point = {**point, "equations": [rename_weights(e, variables)
                                            for e in point["equations"]]}
        lines += _point_lines(point, width, verbose)
    rejected = fp.get("rejected", [])
    if verbose:
        for rej in rejected:
            cand = ", ".join(f"{k} = {_expression(v)}" for k, v in rej["candidate"].items())
            lines += wrap(f"rejected candidate {cand}: {_expression(rej['reason'])}", width,
                          "    ")
    elif rejected:
        lines += wrap(f"({len(rejected)} candidates rejected; -v lists them)", width, "    ")
    return lines


def _series_parallel_lines(record, width) -> list:
    """Fixed points of a series-parallel model (m > 1): counts, then every real point."""
    sp = record.get("series_parallel")
    if not sp:
        return []
    counts = ", ".join(f"{n} {k}" for k, n in sp["counts"].items())
    lines = wrap(f"fixed points (m = {sp['parallel']} branches; {sp['completeness']}): "
                 f"{counts}", width, "  ")
    for point in sp["points"]:
        if point["kind"] == "complex":
            continue
        text = (f"{point['kind']} w = ({', '.join(format_number(w) for w in point['weights'])})"
                f": eigenvalues {', '.join(format_number(e) for e in point['eigenvalues'])}")
        if "scaling" in point:
            sc = point["scaling"]
            text += (f"; critical (codimension {sc['codimension']}, d_eff = "
                     f"{format_number(sc['d_eff'])}): " + "; ".join(
                         f"y = {format_number(r['y'])}, nu = {format_number(r['nu'])}, "
                         f"alpha = {format_number(r['alpha'])}" for r in sc["relevant"]))
        lines += wrap(text, width, "    ")
    return lines


def _correlation_lines(record, width) -> list:
    c = record.get("correlations")
    if not c:
        return []
    text = f"correlations at beta_v = {c['beta_v']}: "
    if c.get("xi_dna") is not None:
        text += (f"xi = {format_number(c['xi_dna'])}, <h> = {format_number(c['mean_h_dna'])}, "
                 f"G_h(0) = {format_number(c['G_dna'][0])}")
    else:
        text += "DNA chain not analysed"
    if c.get("xi_plain") is not None:
        text += (f"; plain network: xi = {format_number(c['xi_plain'])}, "
                 f"G_h(0) = {format_number(c['G_plain'][0])}")
    lines = wrap(text, width, "  ")
    for entry in c.get("chain_structure", {}).values():
        lines += wrap(entry["statement"], width, "    ")
    return lines


def _type_lines(record, width) -> list:
    """Types, blocks, the RG map per block and the fixed points of a record on types
    (:mod:`symrg.records.typerecord`)."""
    N = record["model"]["width"]
    count = record["coupling_count"]
    rg = record["rg_map_blocks"]
    lines = []
    for text in (
            f"types: sizes k = 0..{N} (h) x l = 0..{N} (sigma); no configuration space is built",
            f"couplings: {count['symmetric']} (permutation-symmetric: weights w(k, l, t) of "
            f"{len(record['pair_orbits'])} pair orbits, the constant dropped; "
            f"{count['full']} without symmetry)",
            "isotypic blocks: " + ", ".join(
                f"{b['label']} size {b['sizes'][1] - b['sizes'][0] + 1}, rank M "
                f"{b['rank_counts']}" for b in rg["blocks"]),
            f"RG map: {rg['equation']}"):
        lines += wrap(text, width, "  ")
    fp = record.get("fixed_points")
    if fp:
        status = "complete" if fp.get("complete") else "completeness not proven"
        lines += wrap(f"fixed points ({status}; {fp['method']}):", width, "  ")
        for point in fp["points"]:
            if point["kind"] == "boundary":
                text = (f"boundary: rank {point['rank']}, dimension {point['dimension']}, "
                        f"xi = {format_number(point['xi'])}")
            else:
                runs = spectrum_runs(point["spectrum"])
                spec = ", ".join(f"{format_number(lam)}{_GLUE}x{m}" for lam, _, m in runs)
                ys = ", ".join(f"{format_number(y)}{_GLUE}x{m}" for _, y, m in runs)
                ranks = ", ".join(f"{k}: {v}" for k, v in point["block_ranks"].items() if v)
                mult = point.get("multiplicities", [])
                roots = f", root multiplicities {mult}" if len(mult) > 1 else ""
                text = (f"{point['kind']} (block ranks {ranks}): rank {point['rank']}{roots}, "
                        f"dimension {point['dimension']}, "
                        f"{'physical' if point['physical'] else 'fictitious'}; eigenvalues "
                        f"{spec}; exponents y {ys}")
            lines += wrap(text, width, "    ")
        for note in fp.get("notes", [])[1:]:
            lines += wrap(note, width, "    ")
    dec = record.get("decimation", {}).get("renormalized_weights_by_type")
    if dec:
        degree = max(len(c) for row in dec for c in row) - 1
        lines += wrap(f"renormalized DNA weights (Eq. 22) on types: E'[h, sigma] depends on "
                      f"|h| and |sigma| only; polynomials in 1/u of degree <= {degree} in the "
                      f"record", width, "  ")
    rows = record.get("width", {}).get("rows", [])
    for row in rows:
        if row.get("xi_dna") is not None:
            lines += wrap(f"correlations on types at N = {row['N']}, beta_v = "
                          f"{record['width'].get('beta_v')}: xi = {format_number(row['xi_dna'])},"
                          f" <h> = {format_number(row['mean_h_dna'])}", width, "  ")
    for entry in record.get("skipped_sections", []):
        lines += wrap(f"section {entry['section']} not written on types: {entry['reason']}",
                      width, "  ")
    return lines


def _width_lines(record, width) -> list:
    """The plain wide chains that are reducible or periodic, or not analysed (one line each)."""
    section = record.get("width")
    if not section:
        return []
    lines = []
    for row in section["rows"]:
        if row.get("structure_plain"):
            lines += wrap(f"width N = {row['N']}: {row['structure_plain']['statement']}", width,
                          "  ")
    for failure in section.get("plain_failures", []):
        lines += wrap(f"width N = {failure['N']}: plain network not analysed: "
                      f"{failure['reason']}", width, "  ")
    return lines


def summary_lines(record, model, *, width: int = 100, verbose: bool = False) -> list:
    """Lines of the derive summary (each at most ``width`` characters)."""
    mod = record["model"]
    if record.get("route") == "types":
        return wrap(mod["name"], width) + wrap(
            f"width N = {mod['width']}, data L = {mod['data']}, norm q = {mod['norm']}, depth "
            f"ratio p = {mod['scale']}", width, "  ") + _type_lines(record, width) + [
            line for entry in record.get("failed_sections", [])
            for line in wrap(f"section {entry['section']} not derived: {entry['reason']}",
                             width, "  ")]
    vals = mod["values"]
    outputs = sorted(set(mod["activation"]["table"].values()),
                     key=lambda v: sympy.Rational(str(v)))
    count = record["coupling_count"]
    lines = wrap(mod["name"], width)
    for text in (
            f"width N = {mod['width']}, data L = {mod['data']}, norm q = {mod['norm']}, "
            f"depth ratio p = {mod['scale']}",
            f"values: W = {_numbers(vals['W'])}; b = {_numbers(vals['b'])}; "
            f"h = {_numbers(vals['h'])}",
            f"activation: {mod['activation']['name']}, outputs sigma = {_numbers(outputs)}",
            f"states: {len(record['states']['h'])} h-configurations x "
            f"{len(record['states']['sigma'])} sigma-configurations",
            f"couplings: {count['symmetric']} (permutation-symmetric; {count['full']} without "
            f"symmetry): {_names(record['couplings'], verbose)}"):
        lines += wrap(text, width, "  ")
    if len(record["count_matrix"]) * len(record["count_matrix"][0]) <= 64:
        lines += wrap("count matrix Omega: " + "; ".join(
            " ".join(str(x) for x in row) for row in record["count_matrix"]), width, "  ")
    lines += rg_map_lines(model, width, verbose, note=record.get("rg_map_note"))
    lines += _fixed_point_lines(record, width, verbose)
    lines += _series_parallel_lines(record, width)
    lines += _correlation_lines(record, width)
    lines += _width_lines(record, width)
    for entry in record.get("failed_sections", []):
        lines += wrap(f"section {entry['section']} not derived: {entry['reason']}", width, "  ")
    for entry in record.get("paper_comparison", []):
        verdict = "agrees" if entry["agrees"] else "DIFFERS"
        lines += wrap(f"paper Eq. {entry['equation']}: {verdict} - {entry['detail']}",
                      width, "  ")
    return lines


def summary_text(record, model, *, width: int = 100, verbose: bool = False) -> str:
    """:func:`summary_lines` joined by newlines."""
    return "\n".join(summary_lines(record, model, width=width, verbose=verbose))
