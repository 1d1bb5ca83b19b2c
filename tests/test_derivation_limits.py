"""Issue 13: small valid models whose derivation ran for minutes are refused before the
work that grows, with the estimate and ``--max-states`` (symrg.model.network.DERIVATION_LIMITS
and the degree of the bond weights in u^(1/D))."""

import itertools

import pytest

import symrg.records.derive
from symrg.cli import main
from symrg.rg.couplings import coupling_basis
from symrg.errors import ModelTooLargeError
from symrg.model.network import Model, check_derivation_size, coupling_count

pytestmark = pytest.mark.filterwarnings("ignore::symrg.errors.SymRGWarning")


def _model(width, data, h, activation="identity", W=(-1, 1), b=(0, 1), norm=2, scale=2):
    return Model.from_dict({"width": width, "data": data, "norm": norm, "scale": scale,
                            "values": {"W": list(W), "b": list(b), "h": list(h)},
                            "activation": {"name": activation}}, max_states=10 ** 6)


@pytest.mark.parametrize("width, data, h, activation", [
    (1, 1, [0, 1], "heaviside"), (2, 1, [0, 1], "heaviside"), (1, 2, [0, 1], "heaviside"),
    (2, 2, [0, 1], "heaviside"), (3, 1, [0, 1], "sign"), (1, 3, [-1, 1], "sign"),
    (2, 1, [0, 1, 2], "relu"), (1, 2, [-1, 0, 1], "hardtanh"), (3, 2, [0, 1], "heaviside"),
    (2, 3, [0, 1], "heaviside"), (2, 1, [-1, 1], "identity")])
def test_coupling_count_is_the_size_of_the_symmetric_basis(width, data, h, activation):
    """Burnside's count against the basis that symrg.rg.couplings builds orbit by orbit."""
    model = _model(width, data, h, activation)
    assert coupling_count(width, data, len(model.h_values), len(model.sigma_values)) == \
        coupling_basis(model).size


def test_coupling_count_brute_force_orbits():
    """Orbits of S_N x S_L on exponent-pair assignments, enumerated one by one."""
    for width, data, pairs in [(2, 1, 3), (2, 2, 2), (3, 1, 2), (1, 3, 3), (3, 2, 2)]:
        sites = [(l, i) for l in range(data) for i in range(width)]
        seen, orbits = set(), 0
        for labels in itertools.product(range(pairs), repeat=len(sites)):
            if labels in seen:
                continue
            orbits += 1
            for pi in itertools.permutations(range(width)):
                for rho in itertools.permutations(range(data)):
                    image = {(rho[l], pi[i]): labels[k] for k, (l, i) in enumerate(sites)}
                    seen.add(tuple(image[s] for s in sites))
        assert coupling_count(width, data, pairs, 1) == orbits - 1


# The models the fuzz suite found running past 10 s (random N L <= 2, value sets <= 2).
# (binary heaviside N = 6, 83 couplings, is derived on types since issue 18: records.typerecord)
TOO_MANY_COUPLINGS = ('width = 3\n[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [-1, 0, 1]\n'
                      '[activation]\nname = "hardtanh"\n')                      # 164
LARGE_MAP = ('width = 2\nscale = 3\n[values]\nW = [-1, 0, 1]\nb = [-1, 0, 1]\nh = [-1, 0, 1]\n'
             '[activation]\nname = "hardtanh"\n')                           # 103 806 terms
ROOT_DEGREE = ('data = 2\n[values]\nW = ["1/2", "-1/2"]\nb = ["2/3", 1]\nh = [2, "-1/2"]\n'
               '[activation]\nname = "sign"\n')                            # 20 x D = 4
HIGH_DEGREE = ('norm = 3\n[values]\nW = ["-1/3", 2]\nb = [0]\nh = ["-1/3", 2]\n'
               '[activation]\nname = "identity"\n')                          # u^(1/27)


def _no_work(*args, **kwargs):
    raise AssertionError("the derivation started before the size check")


@pytest.mark.parametrize("text, dimension, patched", [
    (TOO_MANY_COUPLINGS, "couplings (unknowns of the fixed-point equations) would be 164",
     "core_record"),
    (LARGE_MAP, "exponentials in the partial sums of the RG map would be 103,806",
     "map_strings"),
    (ROOT_DEGREE, "couplings x D (D: common denominator of the exponents |h-s|^q of u) "
     "would be 80", "core_record"),
    (HIGH_DEGREE, "largest exponent of u in a bond weight, in steps u^(1/D)", "derive_record"),
])
def test_slow_valid_models_are_refused_before_the_work(tmp_path, capsys, monkeypatch, text,
                                                       dimension, patched):
    model = tmp_path / "m.toml"
    model.write_text(text)
    monkeypatch.setattr(symrg.records.derive, patched, _no_work)
    assert main(["derive", str(model), "-q"]) == 2
    error = capsys.readouterr().err.splitlines()[-1]
    assert error.startswith("symrg: error: model too large: " + dimension)
    assert "--max-states" in error


def test_max_states_raises_the_derivation_limits():
    model = _model(6, 1, [0, 1], "heaviside", b=(-1, 1))
    assert coupling_basis(model).size == 83
    with pytest.raises(ModelTooLargeError, match="would be 83 \\(limit 80\\)"):
        check_derivation_size(model)
    check_derivation_size(model, max_states=2 * 4096)        # limit 160
