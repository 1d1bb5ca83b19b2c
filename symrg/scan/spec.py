"""Scan specifications: a base model and axes, expanded into canonical model texts.

A scan spec (TOML, documented in ``docs/scan.rst``) has three tables::

    [scan]                      # options (all optional)
    name = "activation tables at N = 1"
    sections = ["fixed_points", "correlations"]   # derive_record sections
    digits = 30

    [base]                      # a model file's fields (docs/model_file.rst)
    width = 1
    [base.values]
    W = [-1, 1]
    b = [-1, 1]
    h = [0, 1]

    [axes]                      # each key a list; the scan is their Cartesian product
    values = [{W = [-1, 1], b = [-1, 1], h = [0, 1]}, {W = [-1, 0, 1], b = [-1, 0, 1], h = [0, 1]}]
    tables = "all"

Axes (:data:`AXES`): ``values``, ``activations``, ``tables = "all"``, ``widths``, ``data``,
``scales``, ``norms``, ``priors``, ``width_grid`` and ``beta_grid``.  ``tables = "all"``
enumerates every map from the reachable pre-activations ``sum_j W_j h_j + b`` of each
point (they depend on the value sets and the width) to V_h: ``|V_h|^|pre|`` tables.

Each point of the product becomes a model dict; its canonical form (:func:`canonical_text`)
is the validated model's ``Model.to_dict()`` without the free-text name, with the
activation given by its table only (so a named activation and the equal explicit table are
the same model), plus ``prior`` and the width-analysis grids when present, serialised as
JSON with sorted keys.  The model's identity is the SHA-256 of that text.
"""

import copy
import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ModelError, SymRGError
from ..model.activation import BUILTIN_ACTIVATIONS
from ..model.loader import load_toml_file, quote
from ..model.network import (ACTIVATION_KEYS, DEFAULT_MAX_STATES, MODEL_KEYS, VALUE_KEYS,
                             Model, reachable_preactivations)
from ..model.values import parse_value

__all__ = ["AXES", "SECTIONS", "DEFAULT_MAX_MODELS", "ScanSpecError", "ScanSpec",
           "ScanPoint", "load_spec", "parse_spec", "count_models", "check_count", "expand",
           "canonical_text", "model_hash"]

#: Axis name -> the model key it sets (None: a derive option, not a model field).
AXES = {
    "values": "values", "widths": "width", "data": "data", "scales": "scale",
    "norms": "norm", "priors": "prior", "activations": "activation", "tables": "activation",
    "width_grid": None, "beta_grid": None,
}
#: Sections of :func:`symrg.records.derive.derive_record` a scan may ask for.
SECTIONS = ("network", "fixed_points", "correlations")
#: Largest scan accepted without ``--max-models``.
DEFAULT_MAX_MODELS = 10000
_SCAN_KEYS = {"name", "sections", "digits", "description"}
_TOP_KEYS = {"scan", "base", "axes"}


class ScanSpecError(SymRGError, ValueError):
    """A scan spec is malformed (unknown or empty axis, bad option, too many models)."""


@dataclass(frozen=True)
class ScanSpec:
    """A parsed scan spec.

    Attributes
    ----------
    name : str
    base : dict
        Base model fields (not yet validated; each point is validated on its own).
    axes : dict
        Axis name -> list of values (``tables`` -> ``"all"``), in spec order.
    sections : tuple of str
    digits : int
    text_hash : str
        SHA-256 of the canonical JSON of the spec (identifies a scan's store).
    """

    name: str
    base: dict
    axes: dict
    sections: tuple
    digits: int
    text_hash: str = field(default="")


@dataclass(frozen=True)
class ScanPoint:
    """One model of a scan: coordinates, canonical text and hash, or the validation error."""

    coords: dict
    text: str
    hash: str
    error: str = ""


def load_spec(path) -> ScanSpec:
    """Read and parse a scan spec file (TOML) through the gate of :mod:`symrg.model.loader`.

    The file passes the same checks as a model file (regular file, size, UTF-8 with
    byte offsets, nesting depth, lengths, digits) before it is parsed as a spec.

    Raises
    ------
    ScanSpecError
        Unreadable or non-regular file, not UTF-8, malformed TOML, out-of-bounds
        structure or a malformed spec.
    """
    data = load_toml_file(path, "scan spec", ScanSpecError)
    return parse_spec(data, default_name=Path(path).stem)


def _check_keys(d, allowed, where):
    unknown = sorted(set(d) - set(allowed))
    if unknown:
        raise ScanSpecError(f"{where}: unknown key {quote(unknown[0])}; expected one of "
                            f"{', '.join(sorted(allowed))}")


def _check_model_keys(base, axes):
    """Refuse unknown keys of ``[base]`` and of the axes' tables before any work."""
    _check_keys(base, MODEL_KEYS, "base")
    for key, allowed in (("values", VALUE_KEYS), ("activation", ACTIVATION_KEYS)):
        if isinstance(base.get(key), dict):
            _check_keys(base[key], allowed, f"base.{key}")
    for axis, allowed in (("values", VALUE_KEYS), ("activations", ACTIVATION_KEYS),
                          ("priors", ("W", "b"))):
        for k, item in enumerate(axes.get(axis, ())):
            if not isinstance(item, dict):
                raise ScanSpecError(f"axes.{axis}[{k}]: expected a table, got {quote(item)}")
            _check_keys(item, allowed, f"axes.{axis}[{k}]")


def _parse_axes(axes):
    if not isinstance(axes, dict) or not axes:
        raise ScanSpecError("axes: missing [axes] table; give at least one axis, "
                            f"e.g. widths = [1, 2] (axes: {', '.join(AXES)})")
    unknown = sorted(set(axes) - set(AXES))
    if unknown:
        raise ScanSpecError(f"axes.{unknown[0]}: unknown axis; expected one of "
                            f"{', '.join(AXES)}")
    if "tables" in axes and "activations" in axes:
        raise ScanSpecError("axes: give either activations or tables, not both")
    parsed = {}
    for name, value in axes.items():
        if name == "tables":
            if value != "all":
                raise ScanSpecError(f'axes.tables: expected "all", got {value!r}')
            parsed[name] = "all"
            continue
        if not isinstance(value, list):
            raise ScanSpecError(f"axes.{name}: expected a list of values, got {value!r}")
        if not value:
            raise ScanSpecError(f"axes.{name}: axis is empty; give at least one value")
        parsed[name] = list(value)
    return parsed


def parse_spec(data, default_name: str = "scan") -> ScanSpec:
    """Parse a scan spec from its TOML dict (see the module docstring)."""
    if not isinstance(data, dict):
        raise ScanSpecError(f"scan spec: expected a table, got {type(data).__name__}")
    _check_keys(data, _TOP_KEYS, "scan spec")
    options = data.get("scan", {})
    if not isinstance(options, dict):
        raise ScanSpecError(f"scan: expected a table of options, got {options!r}")
    _check_keys(options, _SCAN_KEYS, "scan")
    base = data.get("base", {})
    if not isinstance(base, dict):
        raise ScanSpecError(f"base: expected a table of model fields, got {base!r}")
    axes = _parse_axes(data.get("axes"))
    _check_model_keys(base, axes)
    sections = options.get("sections", ["fixed_points"])
    if not isinstance(sections, list) or any(s not in SECTIONS for s in sections):
        raise ScanSpecError(f"scan.sections: expected a list drawn from {', '.join(SECTIONS)}, "
                            f"got {sections!r}")
    digits = options.get("digits", 30)
    if isinstance(digits, bool) or not isinstance(digits, int) or not 15 <= digits <= 100000:
        raise ScanSpecError(f"scan.digits: expected an integer 15...100000, got {digits!r}")
    name = options.get("name", default_name)
    if not isinstance(name, str):
        raise ScanSpecError(f"scan.name: expected a string, got {name!r}")
    canon = json.dumps({"base": base, "axes": axes, "sections": sections, "digits": digits},
                       sort_keys=True, default=str)
    return ScanSpec(name, base, axes, tuple(sections), digits,
                    hashlib.sha256(canon.encode()).hexdigest())


# -- expansion -------------------------------------------------------------------------

def _outer_axes(spec):
    """Axes other than the activation ones, in spec order."""
    return [a for a in spec.axes if a not in ("tables", "activations")]


def _apply(base, axis, value):
    """Set one axis value on a model dict (or the width-analysis options)."""
    key = AXES[axis]
    if key is not None:
        base[key] = copy.deepcopy(value)
    else:
        base.setdefault("__width_analysis__", {})[axis] = copy.deepcopy(value)


def _value_sets(d):
    """``((W, b, h), width)`` of a model dict, value sets sorted; ModelError if invalid."""
    values = d.get("values")
    if not isinstance(values, dict) or not all(k in values for k in "Wbh"):
        raise ModelError("values: missing [values] table with W, b and h")
    sets = []
    for key in "Wbh":
        vals = values[key]
        if not isinstance(vals, list) or not vals:
            raise ModelError(f"values.{key}: expected a non-empty list of values, got {vals!r}")
        sets.append(sorted({parse_value(v, f'values.{key}') for v in vals}))
    width = d.get("width", 1)
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ModelError(f"width: expected an integer >= 1, got {width!r}")
    return tuple(sets), width


def _preactivations(d):
    """Sorted reachable pre-activations of a model dict; ModelError on bad values."""
    (W, b, h), width = _value_sets(d)
    return h, sorted(reachable_preactivations(W, b, h, width))


def _outer_points(spec):
    """(coords, model dict) for every point of the non-activation axes."""
    names = _outer_axes(spec)
    for combo in itertools.product(*(spec.axes[a] for a in names)):
        d = copy.deepcopy(spec.base)
        for axis, value in zip(names, combo):
            _apply(d, axis, value)
        yield dict(zip(names, combo)), d


#: Counts above this are not computed exactly by :func:`count_models` (a lower bound
#: above it is returned instead).
COUNT_LIMIT = 10 ** 18


def _distinct_at_most(values, cap):
    """The set of ``values``, or None as soon as it has more than ``cap`` elements."""
    out = set()
    for v in values:
        out.add(v)
        if len(out) > cap:
            return None
    return out


def _preactivation_count(W, b, h, width, cap):
    """``|pre|`` of ``sum_j W_j h_j + b`` (N = ``width``), exact up to ``cap``.

    A sumset of two non-singleton sets of rationals has at least ``|A| + |B| - 1``
    elements, so the count grows with each of the ``width`` terms and the loop stops
    after at most ``cap`` rounds: the cost is bounded by ``cap`` and the value-set
    sizes, never by ``width``.  Returns ``cap + 1`` when the count exceeds ``cap``.
    """
    products = _distinct_at_most((w * x for w in W for x in h), cap)
    if products is None:
        return cap + 1
    if len(products) == 1:                    # the sum takes one value at any width
        return len(b)
    sums = {0}
    for _ in range(width):
        sums = _distinct_at_most((s + p for s in sums for p in products), cap)
        if sums is None:
            return cap + 1
    pre = _distinct_at_most((s + x for s in sums for x in b), cap)
    return cap + 1 if pre is None else len(pre)


def _tables_at(base, values, width, limit):
    """``|V_h|^|pre|`` at one (values, width) point, exact up to ``limit``, else a lower
    bound above it; 1 for invalid value sets or width (one failed model)."""
    d = dict(base)
    if values is not None:
        d["values"] = values
    if width is not None:
        d["width"] = width
    try:
        (W, b, h), width = _value_sets(d)
    except ModelError:
        return 1
    if len(h) == 1:
        return 1
    cap = max(1, limit.bit_length())          # |h|^(cap + 1) > limit for |h| >= 2
    return len(h) ** _preactivation_count(W, b, h, width, cap)


def _axis_length(spec, axis):
    return len(spec.axes[axis]) if axis in spec.axes else 1


def count_models(spec: ScanSpec, limit: int = COUNT_LIMIT) -> int:
    """Number of models of the scan in closed form, without building any model.

    Every axis but ``values`` and ``widths`` multiplies the count by its length;
    ``activations`` by its length; ``tables = "all"`` contributes
    ``|V_h|^|pre(V, N)|`` for each pair (value sets, width) of the two axes that
    change the pre-activations (an invalid pair counts as one failed model).  The
    work is ``O(|values| |widths|)`` sumsets bounded by ``log2(limit)``, not the
    number of points.

    Parameters
    ----------
    spec : ScanSpec
    limit : int
        Counts up to ``limit`` are exact; above it a lower bound above ``limit`` is
        returned (enough to refuse the scan).
    """
    others = math.prod(_axis_length(spec, a) for a in _outer_axes(spec)
                       if "tables" not in spec.axes or a not in ("values", "widths"))
    if "activations" in spec.axes:
        return others * len(spec.axes["activations"])
    if "tables" not in spec.axes:
        return others
    tables = 0
    for values in spec.axes.get("values", [None]):
        for width in spec.axes.get("widths", [None]):
            tables += _tables_at(spec.base, values, width, limit)
            if tables * others > limit:
                return tables * others
    return tables * others


def _table_label(pre, outs):
    return ", ".join(f"{x}:{y}" for x, y in zip(pre, outs))


def _inner_points(spec, d):
    """(extra coords, model dict) over the activation axis of one outer point."""
    if "activations" in spec.axes:
        for act in spec.axes["activations"]:
            e = copy.deepcopy(d)
            e["activation"] = copy.deepcopy(act)
            yield {"activations": act}, e
    elif "tables" in spec.axes:
        try:
            h, pre = _preactivations(d)
        except ModelError as exc:
            yield {"tables": "(invalid values)"}, dict(d, __error__=str(exc))
            return
        for outs in itertools.product(h, repeat=len(pre)):
            e = copy.deepcopy(d)
            e["activation"] = {"table": {str(x): str(y) for x, y in zip(pre, outs)}}
            yield {"tables": _table_label(pre, outs)}, e
    else:
        yield {}, d


def canonical_text(d: dict, max_states: int = DEFAULT_MAX_STATES) -> str:
    """Canonical JSON text of a model dict (validated; raises ModelError if invalid).

    Keys: ``Model.to_dict()`` without ``name``; ``activation`` reduced to its table
    (a built-in activation keeps its name instead when ``width_grid`` asks for widths
    beyond the model's, whose pre-activations the table does not cover); ``prior`` and
    ``width_analysis`` when given.  Sorted keys, no whitespace.
    """
    d = dict(d)
    analysis = d.pop("__width_analysis__", None)
    if "__error__" in d:
        raise ModelError(d["__error__"])
    model = Model.from_dict(d, max_states=max_states)
    canon = model.to_dict()
    canon.pop("name", None)
    canon["activation"] = {"table": canon["activation"]["table"]}
    widths = (analysis or {}).get("width_grid")
    if widths and max(widths) > model.width and model.activation.name in BUILTIN_ACTIVATIONS:
        # the width analysis reaches pre-activations beyond the table: keep the built-in
        canon["activation"] = {"name": model.activation.name}
    if "prior" in d and "prior" not in canon:
        canon["prior"] = d["prior"]
    if analysis:
        canon["width_analysis"] = analysis
    return json.dumps(canon, sort_keys=True, separators=(",", ":"), default=str)


def model_hash(text: str) -> str:
    """SHA-256 hex digest of a canonical model text."""
    return hashlib.sha256(text.encode()).hexdigest()


def _json_safe(value):
    return json.loads(json.dumps(value, default=str))


def expand(spec: ScanSpec, max_models: int = DEFAULT_MAX_MODELS,
           max_states: int = DEFAULT_MAX_STATES) -> list:
    """Every distinct model of the scan as :class:`ScanPoint`, in scan order.

    Models equal in canonical form (from different axis values) appear once, at their
    first position.  A point whose model fails validation is kept with ``error`` set
    (its text is the raw dict, its hash that text's hash).

    Raises
    ------
    ScanSpecError
        When the scan has more than ``max_models`` models (counted first).
    """
    check_count(spec, max_models)
    points, seen = [], set()
    for coords, d in _outer_points(spec):
        for extra, e in _inner_points(spec, d):
            where = _json_safe({**coords, **extra})
            try:
                text, error = canonical_text(e, max_states), ""
            except SymRGError as exc:
                raw = {k: v for k, v in e.items() if k != "__error__"}
                text = json.dumps(raw, sort_keys=True, separators=(",", ":"), default=str)
                error = str(exc)
            digest = model_hash(text)
            if digest not in seen:
                seen.add(digest)
                points.append(ScanPoint(where, text, digest, error))
    _check_some_valid(points)
    return points


def check_count(spec: ScanSpec, max_models: int = DEFAULT_MAX_MODELS) -> int:
    """The model count of the scan (:func:`count_models`), refused above ``max_models``.

    Raises
    ------
    ScanSpecError
        Naming the count (or "more than" a bound) and ``--max-models``.
    """
    total = count_models(spec, limit=max(max_models, 1))
    if total > max_models:
        shown = (f"{total:,}" if total <= COUNT_LIMIT or len(str(total)) <= 30
                 else f"more than 10^{len(str(total)) - 1}")
        raise ScanSpecError(f"scan has {shown} models, more than --max-models "
                            f"{max_models:,}; narrow the axes or raise --max-models")
    return total


def _check_some_valid(points):
    """Refuse a scan in which every model fails validation (nothing to derive)."""
    if points and all(p.error for p in points):
        first = points[0]
        where = ", ".join(f"{k} = {quote(v, 40)}" for k, v in first.coords.items())
        raise ScanSpecError(f"every model of the scan fails validation before any "
                            f"derivation ({len(points):,} of {len(points):,}); the first"
                            f"{' (' + where + ')' if where else ''}: {first.error}")
