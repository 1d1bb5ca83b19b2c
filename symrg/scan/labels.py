r"""Names of the models of a scan in mathematical notation, by the parameters that vary.

A scan row's coordinates (``coords``, JSON) hold the value of every axis of its point:
``values`` (the sets V_W, V_b, V_h), ``activations`` (a built-in name or a table),
``tables`` (``"-2:0, -1:1, ..."``), ``widths`` (N), ``data`` (L), ``scales`` (p),
``norms`` (q), ``priors``.  A report names a model by the parameters that differ between
models only (:func:`varying_parameters`), in LaTeX math: ``V_h = \{0, 1\}``,
``\sigma = \mathrm{relu}``, ``\sigma(-2, \dots, 2) = (0, 0, 1, 1, 1)``, ``p = 3``.

Examples
--------
>>> rows = [{"values": {"W": [-1, 1], "h": [0, 1]}, "scales": 2},
...         {"values": {"W": [-1, 1], "h": [-1, 0, 1]}, "scales": 2}]
>>> varying = varying_parameters(rows)
>>> varying
{'values': ['h']}
>>> model_label(rows[1], varying)
'V_{h} = \\{-1, 0, 1\\}'
>>> model_label({"activations": {"name": "hard_sigmoid"}, "scales": 3},
...             {"activations": True, "scales": True})
'\\sigma = \\mathrm{hard\\_sigmoid},\\ p = 3'
"""

import json
import re
from fractions import Fraction

__all__ = ["varying_parameters", "model_label", "common_label", "SCALAR_SYMBOLS"]

#: Symbol of each scalar axis (Eq. numbers of Lee, Lee & Yi: N, L, p, q).
SCALAR_SYMBOLS = {"widths": "N", "data": "L", "scales": "p", "norms": "q"}


def _number(v) -> str:
    """``-1``, ``\\tfrac{1}{3}``, ``-\\tfrac{2}{3}`` for a record number (int or "p/q")."""
    try:
        x = Fraction(str(v))
    except (TypeError, ValueError):
        return r"\text{?}"
    if x.denominator == 1:
        return str(x.numerator)
    sign = "-" if x < 0 else ""
    return rf"{sign}\tfrac{{{abs(x.numerator)}}}{{{x.denominator}}}"


def _set(values) -> str:
    return r"\{" + ", ".join(_number(v) for v in values) + r"\}"


def _tuple(values) -> str:
    return "(" + ", ".join(_number(v) for v in values) + ")"


def _table(pairs) -> str:
    """``\\sigma(-2, \\dots, 2) = (0, 0, 1, 1, 1)`` for consecutive integer pre-activations."""
    pre = [Fraction(str(x)) for x, _ in pairs]
    outs = [y for _, y in pairs]
    if len(pre) > 2 and all(b - a == 1 for a, b in zip(pre, pre[1:])):
        head = rf"\sigma({_number(pre[0])}, \dots, {_number(pre[-1])})"
    else:
        head = r"\sigma" + _tuple(pre)
    return f"{head} = {_tuple(outs)}"


def _activation(value) -> str:
    if isinstance(value, dict) and "name" in value:
        name = re.sub(r"[^A-Za-z0-9_]", "", str(value["name"])).replace("_", r"\_")
        return rf"\sigma = \mathrm{{{name}}}"
    if isinstance(value, dict) and isinstance(value.get("table"), dict):
        pairs = sorted(value["table"].items(), key=lambda kv: Fraction(str(kv[0])))
        return _table(pairs)
    return r"\sigma = \text{table}"


def _tables(text) -> str:
    """The ``tables`` axis label ``"-2:0, -1:1, ..."`` as a table."""
    pairs = [item.split(":", 1) for item in str(text).split(",") if ":" in item]
    if not pairs:
        return r"\sigma = \text{(invalid)}"
    return _table([(x.strip(), y.strip()) for x, y in pairs])


def _parsed(coords):
    return json.loads(coords) if isinstance(coords, str) else coords


def varying_parameters(rows) -> dict:
    """The axes whose value differs between rows: ``{axis: True}``, and for ``values``
    the list of the sets (``W``, ``b``, ``h``) that differ."""
    coords = [_parsed(r) for r in rows]
    out = {}
    axes = sorted({a for c in coords for a in c})
    for axis in axes:
        seen = [c.get(axis) for c in coords]
        if axis == "values":
            keys = [k for k in ("W", "b", "h")
                    if len({json.dumps((v or {}).get(k)) for v in seen}) > 1]
            if keys:
                out["values"] = keys
        elif len({json.dumps(v, sort_keys=True) for v in seen}) > 1:
            out[axis] = True
    return out


def _parts(coords, axes) -> list:
    parts = []
    for axis, which in axes.items():
        value = coords.get(axis)
        if axis == "values" and isinstance(value, dict):
            parts += [f"V_{{{k}}} = {_set(value[k])}" for k in which if k in value]
        elif axis == "activations":
            parts.append(_activation(value))
        elif axis == "tables":
            parts.append(_tables(value))
        elif axis in SCALAR_SYMBOLS:
            parts.append(f"{SCALAR_SYMBOLS[axis]} = {_number(value)}")
        elif axis == "priors":
            parts.append(r"\text{prior as in the CSV export}")
    return parts


def model_label(coords, varying) -> str:
    """LaTeX (math mode) naming one model by the ``varying`` parameters of its scan."""
    parts = _parts(_parsed(coords), varying)
    return r",\ ".join(parts) if parts else r"\text{the base model}"


def common_label(coords) -> str:
    """LaTeX of every axis value of ``coords`` (the parameters all models share)."""
    coords = _parsed(coords)
    axes = {a: (["W", "b", "h"] if a == "values" else True) for a in coords}
    return r",\ ".join(_parts(coords, axes))
