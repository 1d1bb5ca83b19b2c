"""The polynomial engine (symrg.rg.pathsums) against the committed records and the oracle."""

import json
import pathlib

import sympy
from hypothesis import given, settings

from oracle import brute_force_decimation
from strategies import small_models
from symrg import coupling_basis, paper_model, rg_map
from symrg.rg.decimation import renormalized_weights
from symrg.records.derive import core_record, decimation_record
from symrg.rg.design import inverse_design
from symrg.lattice.weights import dna_bond_weights, U

REPORTS = pathlib.Path(__file__).resolve().parent.parent / "reports"


def _num(x):
    return sympy.Rational(x.numerator, x.denominator) if hasattr(x, "denominator") else x


def test_paper_rg_map_and_decimation_equal_the_committed_record():
    record = json.loads((REPORTS / "paper" / "paper.json").read_text())
    model = paper_model()
    assert core_record(model)["rg_map"] == record["rg_map"]
    assert decimation_record(model) == record["decimation"]


def test_partial_sums_reassemble_the_map():
    """K'_k = sum_o Vinv[k+1, o] (c_o . K + ln Z_o) (RGMap.partial_sums), paper's model."""
    m = rg_map(paper_model())
    inv = m.basis.inverse_design
    K = m.symbols
    for k, name in enumerate(m.names):
        total = sum((inv[k + 1, ps.index] * (sum(_num(c) * s for c, s in zip(ps.shift, K))
                                             + sympy.log(ps.expression(K)))
                     for ps in m.partial_sums), sympy.Integer(0))
        assert sympy.expand(total - m.expressions[name]) == 0
    assert [ps.pair for ps in m.partial_sums] == [o[0] for o in m.basis.pair_orbits]


@settings(max_examples=15, deadline=None, derandomize=True)
@given(small_models())
def test_partial_sums_equal_literal_enumeration(model):
    """x^shift * sum n x^e equals the oracle's sum over every W, b, h with monomial weights."""
    basis = coupling_basis(model)
    xs = sympy.symbols(f"x0:{basis.size}")
    def weight(h, s):
        i, j = model.h_states.index(h), model.sigma_states.index(s)
        return sympy.Mul(*[x ** basis.monomial_value(k + 1, i, j) for k, x in enumerate(xs)])
    brute = brute_force_decimation(model, weight)
    for ps in rg_map(model).partial_sums:
        mono = sympy.Mul(*[x ** _num(c) for c, x in zip(ps.shift, xs)])
        fast = mono * sum((n * sympy.Mul(*[x ** _num(c) for c, x in zip(e, xs)])
                           for e, n in ps.terms.items()), sympy.Integer(0))
        assert sympy.expand(fast - brute[(ps.h, ps.sigma)]) == 0
        assert all(min(e[k] for e in ps.terms) == 0 for k in range(basis.size))


@settings(max_examples=15, deadline=None, derandomize=True)
@given(small_models())
def test_renormalized_weights_equal_the_matrix_product(model):
    from symrg import count_matrix, decimate
    E = dna_bond_weights(model, U)
    slow = decimate(E, count_matrix(model), model.scale)
    fast = renormalized_weights(model)
    assert all(sympy.expand(a - b) == 0 for a, b in zip(fast, slow))


@settings(max_examples=10, deadline=None, derandomize=True)
@given(small_models())
def test_flint_inverse_design_equals_sympy(model):
    """flint V^-1 (pathsums and CouplingBasis) against sympy's inverse of V built entry by
    entry from CouplingBasis.monomial_value (Eq. 26)."""
    basis = coupling_basis(model)
    V = sympy.Matrix([[basis.monomial_value(k, *orbit[0])
                       for k in range(len(basis.monomial_orbits))]
                      for orbit in basis.pair_orbits])
    assert basis.design_matrix == V
    inv = inverse_design(basis)
    assert sympy.Matrix([[_num(v) for v in row] for row in inv]) == V.inv()
    assert basis.inverse_design == V.inv()


def _numeric_min_distances(model, digits=40):
    """Least path distance of every pair by literal enumeration, in mpmath (independent)."""
    import mpmath
    from oracle import all_layers, layer_output
    layers = list(all_layers(model))
    with mpmath.workdps(digits):
        q = mpmath.mpf(model.norm.p) / model.norm.q
        def d(h, s):
            return mpmath.fsum(abs(mpmath.mpf(a.p) / a.q - mpmath.mpf(b.p) / b.q) ** q
                               for a, b in zip(h, s))
        out = {}
        for h in model.h_states:
            for s in model.sigma_states:
                best = None
                for mid in model.h_states:
                    for W, b in layers:
                        total = d(h, layer_output(model, W, b, mid)) + d(mid, s)
                        best = total if best is None else min(best, total)
                out[(h, s)] = best
    return out


def test_constraints_with_irrational_norms_match_enumeration():
    """q = 1/2 and 3/2: decay exponents |h - s|^q are irrational; compared exactly."""
    import mpmath
    from symrg.rg.couplings import site_symbols
    from symrg.rg.decimation import renormalized_constraints
    from symrg.model.network import Model
    for q in ("1/2", "3/2"):
        model = Model.from_dict({"name": "relu q", "norm": q, "values": {
            "W": [-1, 1], "b": [-1, 0, 1], "h": [0, 1, 2]}, "activation": {"name": "relu"}})
        cons = renormalized_constraints(model)
        dist = _numeric_min_distances(model)
        least = min(dist.values())
        (hs,), (ss,) = site_symbols(model)
        with mpmath.workdps(40):
            tol = mpmath.mpf(10) ** -30
            expected = tuple(k for k, v in dist.items() if v - least < tol)
            assert cons.allowed == expected
            for (h, s), v in dist.items():
                exact = cons.polynomial.subs({hs: h[0], ss: s[0]})
                assert abs(mpmath.mpmathify(sympy.N(exact, 45)) - (v - least)) < tol
        # the leading exponents were chosen among irrational ones, so the test is sharp
        from symrg.rg.pathsums import u_path_sums
        assert any(not sympy.sympify(d).is_Rational
                   for row in u_path_sums(model) for entry in row for d in entry)


def _parse_decimal(text):
    """A plain decimal string as an mpf without Python's int-string limit (gmpy2 parses)."""
    import gmpy2
    import mpmath
    whole, _, frac = text.partition(".")
    assert whole.lstrip("-").isdigit() and frac.isdigit(), text[:40]
    value = mpmath.mpf(int(gmpy2.mpz(whole.lstrip("-") + frac))) / mpmath.mpf(10) ** len(frac)
    return -value if whole.startswith("-") else value


def test_cli_digits_20000_paper_isolated_point_and_xi(tmp_path):
    """--digits 20000: no int-string limit; xi checked against the closed-form eigenvalues."""
    import mpmath
    from symrg.cli import main
    out = tmp_path / "paper.json"
    assert main(["derive", str(REPORTS.parent / "symrg" / "models" / "paper.toml"),
                 "--digits", "20000", "--json", str(out), "-q"]) == 0
    record = json.loads(out.read_text())
    isolated = [p for p in record["fixed_points"]["points"] if p["kind"] == "isolated"]
    assert [p["couplings"] for p in isolated] == [{"exp_A": 3, "exp_B": "-2/3", "exp_C": "-1/3"}]
    with mpmath.workdps(20100):
        # T = Omega E^T with E = [[1, 1/e], [1/e, 1]] at u = e; 2 x 2 eigenvalues in closed form
        a = 1 / mpmath.e
        t00, t01, t10, t11 = 2 + 2 * a, 2 + 2 * a, 1 + 3 * a, 3 + a
        tr, det = t00 + t11, t00 * t11 - t01 * t10
        disc = mpmath.sqrt(tr * tr - 4 * det)
        xi = 1 / mpmath.log((tr + disc) / abs(tr - disc))
        got = _parse_decimal(record["correlations"]["xi_dna"])
        assert len(record["correlations"]["xi_dna"]) >= 20000
        assert abs(got - xi) <= xi * mpmath.mpf(10) ** -19999


def test_direct_map_text_parses_back_to_the_map():
    """Large maps skip sympy's printer; the direct text is the same expression."""
    from symrg.records.derive import _direct_map_strings
    from symrg.model.files import load_model
    models = [paper_model(scale=3),
              load_model(REPORTS.parent / "benchmarks" / "models" / "clip_h3.toml")]
    for model in models:
        m = rg_map(model)
        text = _direct_map_strings(m, False)
        syms = {s.name: s for s in m.symbols}
        for name in m.names:
            assert sympy.expand(sympy.sympify(text[name], locals=syms)
                                - m.expressions[name]) == 0
        latex = _direct_map_strings(m, True)
        assert all(r"\log{\left(" in latex[n] for n in m.names)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(small_models())
def test_orbit_engine_equals_the_dense_flint_engine(model):
    """The sparse orbit-weight engine (rg_map's) has as many terms as the dense flint
    engine's partial sums at every entry (its T), with and without the symmetry; its
    common factors and terms, taken from the dense engine one row at a time, are the
    ones of the whole dense map."""
    from symrg.rg.pathsums import OrbitPathEngine, PathEngine
    for symmetric in (True, False):
        basis = coupling_basis(model, symmetric)
        sparse, dense = OrbitPathEngine(model, basis), PathEngine(model, basis)
        for i in range(len(model.h_states)):
            columns = range(len(model.sigma_states))
            a, b = sparse.row(i, columns), dense.row(i, columns)
            for j in columns:
                shift, reduced = dense.split(b[j])
                assert len(a[j]) == len(reduced)
                if [o[0] for o in basis.pair_orbits].count((i, j)):
                    assert sparse.shift(i, j) == shift
                    assert list(sparse.terms(i, j).items()) == list(dense.terms(reduced).items())
