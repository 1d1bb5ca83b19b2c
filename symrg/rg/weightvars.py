r"""Names of the orbit weights that the fixed-point family equations are written in.

A family of fixed points (Eq. 28 of Lee, Lee & Yi) is the zero set of polynomials in the
bond weights E[h, sigma] = e^{K(h, sigma)}, one variable per orbit of (h, sigma) pairs
under the symmetry (:attr:`symrg.couplings.CouplingBasis.pair_orbits`, in that order).
The polynomials are built (flint) and stored (JSON record) with generators ``w<o>``;
the index is zero-padded to a common width (``w00 ... w15``) so that sorting by name, as
sympy and the record do, is the natural order.  On a page the variable ``w<o>`` is the
weight of its orbit's representative pair: ``E_{h\sigma}`` in LaTeX, ``E[h,sigma]`` on
the terminal.

Examples
--------
>>> weight_names(3)
('w0', 'w1', 'w2')
>>> weight_names(12)[:2], weight_names(12)[-1]
(('w00', 'w01'), 'w11')
>>> weight_text((0,), ("1/3",))
'E[0,1/3]'
"""

import re

__all__ = ["weight_names", "weight_variables", "weight_text", "rename_weights", "WEIGHT_NAME"]

#: A generator name of the family equations (``w0``, ``w07``, ``w15``).
WEIGHT_NAME = re.compile(r"\bw(\d+)\b")


def weight_names(count: int) -> tuple:
    """Generator names ``w<o>`` of ``count`` orbit weights, zero-padded to a common width."""
    width = len(str(max(count - 1, 0)))
    return tuple(f"w{o:0{width}d}" for o in range(count))


def _value_text(v) -> str:
    return str(v)


def weight_text(h, sigma) -> str:
    """Terminal name ``E[h,sigma]`` of the weight of a pair (configurations joined by ``,``;
    for width N > 1 the h and sigma configurations are separated by ``;``)."""
    h, sigma = tuple(h), tuple(sigma)
    inner = ",".join(map(_value_text, h)) + (";" if len(h) > 1 else ",") + \
        ",".join(map(_value_text, sigma))
    return f"E[{inner}]"


def weight_variables(model) -> list:
    """Record entries ``{"name", "h", "sigma", "pairs"}``: one per pair orbit.

    ``h``/``sigma`` are the configurations of the orbit's representative pair (exact
    values as record numbers), ``pairs`` the number of (h, sigma) pairs of the orbit,
    all of which carry the same weight.
    """
    from .couplings import coupling_basis
    from ..numerics import json_number
    orbits = coupling_basis(model).pair_orbits
    out = []
    for name, orbit in zip(weight_names(len(orbits)), orbits):
        i, j = orbit[0]
        out.append({"name": name,
                    "h": [json_number(v) for v in model.h_states[i]],
                    "sigma": [json_number(v) for v in model.sigma_states[j]],
                    "pairs": len(orbit)})
    return out


def rename_weights(text: str, variables) -> str:
    """``text`` with each ``w<o>`` replaced by the terminal name of its weight.

    ``variables`` are the record entries of :func:`weight_variables`; unknown names are
    left as they are.
    """
    names = {v["name"]: weight_text(v["h"], v["sigma"]) for v in variables or []}
    return WEIGHT_NAME.sub(lambda m: names.get(m.group(0), m.group(0)), text)
