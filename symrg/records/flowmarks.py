"""Landmarks of a flow-field window: fixed points inside it and invariant lines through it.

A flow figure (Fig. 4-5 of Lee, Lee & Yi) shows the arrows R(K) - K in one plane of the
exponentiated couplings x = e^K, the other coordinates held fixed.  This module adds,
to the recorded flow entry, what the figure marks:

* ``points``: isolated fixed points whose other coordinates equal the fixed values and
  whose plane coordinates fall in the window;
* ``lines``: the trace in the plane of each fixed-point family (its equations, with the
  fixed values substituted, have a common non-constant factor g(x, y); the curve
  g = 0 is invariant under the map, Eq. 28), sampled where g is linear in one
  coordinate;
* ``window``: the plotted ranges.

Everything is read from the ``fixed_points`` record section (its strings), so the
figures stay a function of the record.
"""

import ast

import mpmath
import sympy

__all__ = ["flow_landmarks", "add_flow_landmarks"]

#: Points sampled along an invariant line across the window.
SAMPLES = 61


def _number(text):
    if isinstance(text, (int, float)):
        return sympy.nsimplify(text)
    text = str(text).strip()
    try:
        return sympy.Rational(text)
    except (TypeError, ValueError):
        return sympy.Float(text, 30)


def _window(entry):
    xs = [_number(r[0]) for r in entry["rows"]] + [_number(p[0]) for p in entry.get("skipped", [])]
    ys = [_number(r[1]) for r in entry["rows"]] + [_number(p[1]) for p in entry.get("skipped", [])]
    return (min(xs), max(xs)), (min(ys), max(ys))


def _close(a, b):
    return abs(sympy.N(a - b, 30)) <= sympy.Float("1e-20") * (1 + abs(sympy.N(b, 30)))


def _points_in_window(points, entry, window):
    (x0, x1), (y0, y1) = window
    a, b = entry["plane"]                               # exp_<name> keys: e^K (decision 1)
    fixed = {k: _number(v) for k, v in entry.get("fixed", {}).items()}
    out = []
    for pt in points:
        if pt.get("kind") != "isolated" or not isinstance(pt.get("couplings"), dict):
            continue
        try:
            c = {k: _number(v) for k, v in pt["couplings"].items()}
        except (TypeError, ValueError):
            continue                                    # complex coordinates: not in a real plane
        if a not in c or b not in c:
            continue                                    # couplings given as K, not e^K
        if any(not _close(c[k], v) for k, v in fixed.items() if k in c):
            continue
        if x0 <= c[a] <= x1 and y0 <= c[b] <= y1:
            out.append({"x": str(c[a]), "y": str(c[b]), "physical": bool(pt.get("physical"))})
    return out


class _NotExpanded(Exception):
    pass


def _expanded_polynomial(text, ring, values):
    """An expanded polynomial's text as an element of ``ring``.

    Accepted: sums of terms ``c * x**k * ... / d`` (integers, names, ``+ - * / **`` with
    constant integer exponents and denominators), which ``parse_expr`` turns into the
    same expanded expression.  Names are the ring's generators (``values``).  A product,
    quotient or power of a sum, or anything else, raises :class:`_NotExpanded`.
    """
    def walk(node):
        """(element, whether the subtree contains a sum)"""
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return ring(node.value), False
        if isinstance(node, ast.Name) and node.id in values:
            return values[node.id], False
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v, has_sum = walk(node.operand)
            return (-v if isinstance(node.op, ast.USub) else v), has_sum
        if isinstance(node, ast.BinOp):
            (a, sa), (b, sb) = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Add):
                return a + b, True
            if isinstance(node.op, ast.Sub):
                return a - b, True
            if not (sa or sb):
                if isinstance(node.op, ast.Mult):
                    return a * b, False
                if isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant) and b:
                    return a * ring(1 / ring.domain.convert(b.LC)), False
                if (isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant)
                        and type(node.right.value) is int and node.right.value >= 0):
                    return a ** node.right.value, False
        raise _NotExpanded(type(node).__name__)
    try:
        return walk(ast.parse(text, mode="eval").body)[0]
    except (SyntaxError, RecursionError) as exc:
        raise _NotExpanded(str(exc)) from exc


def _plane_polynomial(text, local, subs):
    """The record's equation text with the fixed values substituted, as a QQ polynomial
    (a ring element), when the text is an expanded polynomial; None otherwise."""
    from sympy.polys.rings import ring
    if not all(v.is_Rational for v in subs.values()):
        return None
    names = list(local)
    R, *gens = ring([local[n] for n in names], sympy.QQ)
    try:
        poly = _expanded_polynomial(text, R, dict(zip(names, gens)))
    except _NotExpanded:
        return None
    values = [(g, subs[local[n]]) for n, g in zip(names, gens) if local[n] in subs]
    return poly.subs(values) if values else poly


def _on_plane(text, entry, xs, local, subs):
    """``parse_expr(text).subs(fixed values)`` (the same expression), fast for the record's
    equations (expanded polynomials with rational coefficients, evaluated in a ring);
    anything else goes through ``parse_expr``."""
    poly = _plane_polynomial(text, local, subs)
    if poly is not None:
        return poly.as_expr()
    return sympy.parse_expr(text, local_dict=local).subs(subs)


def _numerator(text, entry, xs, local, subs):
    """``together(_on_plane(...)).as_numer_denom()[0]`` as a polynomial: for a QQ
    polynomial p that is lcm(coefficient denominators) * p (together takes out the rational
    content gcd(numerators)/lcm(denominators), which is in lowest terms)."""
    poly = _plane_polynomial(text, local, subs)
    if poly is not None:
        return poly.clear_denoms()[1].as_expr()
    return sympy.together(_on_plane(text, entry, xs, local, subs)).as_numer_denom()[0]


def _trace(equations, entry):
    """Common factor g(x, y) of a family's equations on the plane (None if constant)."""
    xs = {name: sympy.Symbol(name) for name in entry["plane"]}
    local = {**xs, **{k: sympy.Symbol(k) for k in entry.get("fixed", {})}}
    subs = {local[k]: _number(v) for k, v in entry.get("fixed", {}).items()}
    g = sympy.Integer(0)
    for text in equations:
        g = sympy.gcd(g, _numerator(str(text), entry, xs, local, subs))
    x, y = xs[entry["plane"][0]], xs[entry["plane"][1]]
    if g == 0 or not (g.free_symbols & {x, y}) or g.free_symbols - {x, y}:
        return None, x, y
    return sympy.factor(g), x, y


def _sample(g, x, y, window):
    """Segments (lists of (x, y) decimal strings) of g(x, y) = 0 inside the window."""
    (x0, x1), (y0, y1) = window
    for u, v, (u0, u1), (v0, v1), swap in ((x, y, (x0, x1), (y0, y1), False),
                                            (y, x, (y0, y1), (x0, x1), True)):
        poly = sympy.Poly(g, v)
        if poly.degree() == 0:                         # g(u) = 0: lines u = root
            roots = [r for r in sympy.real_roots(sympy.Poly(g, u)) if u0 <= r <= u1]
            return [[_pair(r, v0, swap), _pair(r, v1, swap)] for r in sorted(set(roots))]
        if poly.degree() == 1:
            c1, c0 = poly.all_coeffs()
            f = sympy.lambdify(u, -c0 / c1, "mpmath")
            segments, current = [], []
            with mpmath.workdps(20):
                for k in range(SAMPLES):
                    uu = u0 + (u1 - u0) * sympy.Rational(k, SAMPLES - 1)
                    try:
                        vv = f(mpmath.mpf(sympy.N(uu, 20)))
                    except ZeroDivisionError:
                        vv = None
                    if vv is not None and v0 <= vv <= v1:
                        current.append(_pair(uu, vv, swap))
                    elif current:
                        segments.append(current)
                        current = []
            return segments + ([current] if current else [])
    return []


def _pair(u, v, swap):
    with mpmath.workdps(20):
        a, b = (mpmath.nstr(mpmath.mpf(sympy.N(t, 20)) if not isinstance(t, mpmath.mpf) else t, 8)
                for t in (u, v))
    return [b, a] if swap else [a, b]


def flow_landmarks(points, entry) -> dict:
    """``{"window", "points", "lines"}`` for one recorded flow entry.

    Parameters
    ----------
    points : list of dict
        ``record["fixed_points"]["points"]``.
    entry : dict
        One flow entry (``plane``, ``fixed``, ``rows``).

    Examples
    --------
    >>> entry = {"plane": ["exp_A", "exp_B"], "fixed": {"exp_C": "1"},
    ...          "rows": [["0", "0", "0", "0"], ["2", "2", "0", "0"]]}
    >>> family = {"kind": "family", "equations": ["exp_A - 1"]}
    >>> flow_landmarks([family], entry)["lines"][0]["segments"]
    [[['1.0', '0.0'], ['1.0', '2.0']]]
    """
    window = _window(entry)
    lines = []
    for k, pt in enumerate(points):
        if pt.get("kind") != "family" or not pt.get("equations"):
            continue
        g, x, y = _trace(pt["equations"], entry)
        if g is None:
            continue
        segments = _sample(g, x, y, window)
        if segments:
            lines.append({"family": k, "equation": str(g) + " = 0", "segments": segments,
                          "label": f"rank-{pt.get('rank')} fixed-point family"})
    return {"window": [[str(a), str(b)] for a, b in window],
            "points": _points_in_window(points, entry, window), "lines": lines}


def add_flow_landmarks(section: dict) -> dict:
    """Add ``landmarks`` to every flow entry of a ``fixed_points`` record section (in place)."""
    for entry in section.get("flows", {}).values():
        if entry.get("rows"):
            entry["landmarks"] = flow_landmarks(section.get("points", []), entry)
    return section
