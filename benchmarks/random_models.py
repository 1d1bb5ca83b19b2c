"""Random valid small models for the derivation benchmarks (issue 18, "random small models").

:func:`random_models` draws ``n`` model files (TOML text) from a seeded ``random.Random``:
(N, L) in {(1, 1), (2, 1), (1, 2)} (so N L <= 2), value sets W, b, h of 2 or 3 distinct
elements from small integers and halves (negatives included), norm q in {1, 2}, depth
ratio p in {2, 3}, and an activation that is a built-in
(:data:`symrg.model.activation.BUILTIN_ACTIVATIONS`) or a random table from every
reachable pre-activation to a value of h.  A draw is kept only if it loads
(:func:`symrg.model.files.load_model_file` at the default limits accepts it), so every model
is valid; the same seed gives the same list.

Run ``python benchmarks/random_models.py DIR`` to write the files ``random_00.toml``, ...
into DIR.
"""

import json
import pathlib
import random
import sys
import tempfile
import warnings

__all__ = ["POOL", "random_models"]

#: Values a set is drawn from.
POOL = [-2, -1, 0, 1, 2, "1/2", "-1/2"]
SHAPES = [(1, 1), (2, 1), (1, 2)]
BUILTINS = ["heaviside", "heaviside0", "sign", "binary_sign", "relu", "identity", "hardtanh",
            "hard_sigmoid"]


def _values(rng):
    return rng.sample(POOL, rng.choice([2, 3]))


def _text(rng, k):
    import sympy
    from symrg.model.network import reachable_preactivations
    N, L = rng.choice(SHAPES)
    W, b, h = _values(rng), _values(rng), _values(rng)
    lines = [f'name = "random {k}"', f"width = {N}", f"data = {L}",
             f"norm = {rng.choice([1, 2])}", f"scale = {rng.choice([2, 3])}", "[values]",
             f"W = {json.dumps(W)}", f"b = {json.dumps(b)}", f"h = {json.dumps(h)}",
             "[activation]"]
    if rng.random() < 0.6:
        lines.append(f'name = "{rng.choice(BUILTINS)}"')
    else:
        rat = [tuple(sympy.Rational(v) for v in vs) for vs in (W, b, h)]
        pre = sorted(reachable_preactivations(*rat, N))
        table = ", ".join(f'"{x}" = {json.dumps(rng.choice(h))}' for x in pre)
        lines.append(f"table = {{ {table} }}")
    return "\n".join(lines) + "\n"


def _valid(text) -> bool:
    from symrg.errors import SymRGError
    from symrg.model.files import load_model_file
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "m.toml"
        path.write_text(text)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                load_model_file(path)
        except SymRGError:
            return False
    return True


def random_models(n: int = 50, seed: int = 18) -> list:
    """``n`` valid random small model files (TOML text), the same for the same seed."""
    rng, out = random.Random(seed), []
    while len(out) < n:
        text = _text(rng, len(out))
        if _valid(text):
            out.append(text)
    return out


if __name__ == "__main__":
    target = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "random_models")
    target.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(random_models()):
        (target / f"random_{k:02d}.toml").write_text(text)
    print(f"wrote {len(list(target.glob('random_*.toml')))} models to {target}")
