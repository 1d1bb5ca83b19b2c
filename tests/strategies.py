"""Hypothesis strategies for small random models (the brute-force oracle must stay cheap)."""

import sympy
from hypothesis import strategies as st

from symrg.model.network import Model, reachable_preactivations

VALUES = [-2, -1, 0, 1, 2, sympy.Rational(1, 2)]


@st.composite
def small_models(draw, max_sites=2, scales=(2, 3), max_h=3):
    width = draw(st.integers(1, 2))
    data = draw(st.integers(1, max(1, max_sites // width)))
    h = draw(st.lists(st.sampled_from(VALUES), min_size=2, max_size=max_h, unique=True))
    W = draw(st.lists(st.sampled_from([-1, 1, 2, 0]), min_size=1, max_size=2, unique=True))
    b = draw(st.lists(st.sampled_from([-1, 0, 1]), min_size=1, max_size=2, unique=True))
    scale = draw(st.sampled_from(scales))
    if width * data > 1 or len(h) > 2:
        scale = 2
    if width * data > 1:
        h = h[:2]
    pre = sorted(reachable_preactivations(
        tuple(map(sympy.Rational, W)), tuple(map(sympy.Rational, b)),
        tuple(map(sympy.Rational, h)), width))
    table = {str(x): str(draw(st.sampled_from(h))) for x in pre}
    return Model.from_dict({
        "name": "random", "width": width, "data": data, "scale": scale,
        "norm": draw(st.sampled_from([1, 2])),
        "values": {"W": W, "b": b, "h": [str(v) for v in h]},
        "activation": {"table": table},
    })
