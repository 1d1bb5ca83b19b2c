"""Width-N models: output bounded by content (issue 18).

Family equations are an opt-in past a size; families keep their parametrisation and a
sample point checked against a literal enumeration (tests/oracle.py); large RG maps are
recorded through named partial sums that reproduce the engine's map exactly.
"""

import json

import pytest
import sympy

from oracle import brute_force_decimation
from symrg.cli import main
from symrg.fixedpoints.analysis import find_fixed_points
from symrg.fixedpoints.budget import EQUATION_COUPLINGS, equations_omitted
from symrg.model.network import paper_model
from symrg.records import derive, maplayout
from symrg.rg.decimation import rg_map

MODELS = [dict(), dict(width=2), dict(data=2, scale=3),
          dict(values={"W": [-1, 2], "b": [-1, 0, 1], "h": [-1, 0, 1]},
               activation={"name": "hardtanh"}),
          dict(values={"W": ["-1/2", 1], "b": [-1, 1], "h": [0, "1/2", 1]}, scale=3)]


def _literally_fixed(model, E):
    """E' = kappa E with E' from the literal enumeration of every W, b, h (no Omega)."""
    hidx = {h: i for i, h in enumerate(model.h_states)}
    sidx = {s: j for j, s in enumerate(model.sigma_states)}
    Ep = brute_force_decimation(model, lambda h, s: E[hidx[h], sidx[s]])
    F = sympy.Matrix(E.rows, E.cols, lambda i, j: Ep[(model.h_states[i], model.sigma_states[j])])
    return sympy.expand(F[0]) != 0 and all(sympy.expand(F[k] * E[0] - F[0] * E[k]) == 0
                                           for k in range(len(E)))


def test_equations_omitted_only_past_the_bound():
    assert equations_omitted(EQUATION_COUPLINGS) is None
    assert "--equations" in equations_omitted(EQUATION_COUPLINGS + 1)
    assert equations_omitted(EQUATION_COUPLINGS + 1, equations=True) is None
    assert "not requested" in equations_omitted(3, equations=False)


@pytest.mark.parametrize("overrides", [dict(), dict(width=2), dict(scale=3)])
def test_families_without_equations_keep_their_content(overrides):
    """Same families (rank, dimension, block ranks, sample point) with or without the
    equations; the sample satisfies E (Omega^T E)^(p-1) = kappa E under the oracle."""
    model = paper_model(**overrides)
    full = find_fixed_points(model)
    bare = find_fixed_points(model, equations=False)
    assert [pt.weights for pt in full.isolated] == [pt.weights for pt in bare.isolated]
    assert len(full.families) == len(bare.families) > 0
    for f, b in zip(full.families, bare.families):
        assert f.equations and not b.equations and not b.weight_equations
        assert (f.rank, f.dimension, f.block_ranks, f.multiplicities) == \
            (b.rank, b.dimension, b.block_ranks, b.multiplicities)
        assert f.parametrization == b.parametrization and "X_" in b.parametrization
        assert b.description.startswith(f.description) and "not requested" in b.description
        assert f.sample.weights == b.sample.weights
        if model.scale == 2 or model.sites == 1:
            assert _literally_fixed(model, sympy.Matrix(b.sample.weights))


@pytest.mark.parametrize("overrides", MODELS[:2] + MODELS[3:])
def test_named_partial_sums_reproduce_the_map(overrides):
    """Substituting Z1, Z2, ... into the named K' gives the engine's K' exactly."""
    model = paper_model(**overrides)
    m = rg_map(model)
    named, sums = derive.named_map_strings(m)
    assert set(named) == set(m.names) and len(sums) == len(m.partial_sums)
    couplings = [s.name for s in m.symbols]
    subs = {sympy.Symbol(k): derive.sum_expression(v, couplings) for k, v in sums.items()}
    for name, text in named.items():
        assert sympy.expand(sympy.sympify(text).subs(subs) - m.expressions[name]) == 0


@pytest.mark.parametrize("bound", ["FULL_MAP_TERMS", "FULL_MAP_NUMBERS"])
def test_large_maps_are_recorded_named(monkeypatch, bound):
    model = paper_model(width=2)
    full = derive.core_record(model)
    assert "rg_map_sums" not in full
    monkeypatch.setattr(maplayout, bound, 0)
    named = derive.core_record(model)
    assert set(named["rg_map"]) == set(full["rg_map"])
    sums = {sympy.Symbol(k): derive.sum_expression(v, named["couplings"])
            for k, v in named["rg_map_sums"].items()}
    for name, text in named["rg_map"].items():
        assert sympy.expand(sympy.sympify(text).subs(sums) - sympy.sympify(full["rg_map"][name])) == 0
    size = len(json.dumps(named["rg_map"])) + len(json.dumps(named["rg_map_sums"]))
    assert size < len(json.dumps(full["rg_map"]))


def test_named_map_of_parallel_branches(monkeypatch):
    """The named K' of m = 2 branches carry the factor m on the logarithms as on the
    linear part: substituting the sums gives the full map (K' = m K'_series)."""
    model = paper_model(architecture={"parallel": 2})
    full = derive.core_record(model)
    monkeypatch.setattr(maplayout, "FULL_MAP_TERMS", 0)
    named = derive.core_record(model)
    sums = {sympy.Symbol(k): derive.sum_expression(v, named["couplings"])
            for k, v in named["rg_map_sums"].items()}
    for name, text in named["rg_map"].items():
        assert sympy.expand(sympy.sympify(text).subs(sums)
                            - sympy.sympify(full["rg_map"][name])) == 0


@pytest.mark.parametrize("bound, kept, dropped", [
    ("SUM_NUMBERS", ["rg_map"], ["rg_map_sums"]),
    ("CHART_TEXT", ["rg_map_sums"], ["rg_map"]),
    ("SHIFT_TEXT", ["rg_map", "rg_map_sums"], [])])
def test_map_parts_too_large_are_named_in_the_note(monkeypatch, bound, kept, dropped):
    """Each part of a large map past its bound is left out of the record and named in
    rg_map_note; what stays is exactly what the named form would write, and the record
    still validates against the schema."""
    from symrg.records.schema import validate
    model = paper_model(width=2)
    monkeypatch.setattr(maplayout, "FULL_MAP_TERMS", 0)
    whole = derive.core_record(model)
    whole_dec = derive.decimation_record(model)
    monkeypatch.setattr(maplayout, bound, -1)
    core = derive.core_record(model)
    dec = derive.decimation_record(model)
    assert all(core[k] == whole[k] for k in kept)
    assert not any(k in core for k in dropped)
    assert "rg_map_note" in core and "rebuilds them exactly" in core["rg_map_note"]
    shifts = [("shift" in e) for e in dec["partial_sums"]]
    assert all(shifts) == (bound != "SHIFT_TEXT") and any(shifts) == all(shifts)
    if bound == "CHART_TEXT":
        assert "inverse design" in core["rg_map_note"]
        assert "hamiltonian_coefficients" not in dec and "constraint_polynomial" not in dec
        assert dec["notes"] and dec["latex"]["rg_map"] == []
        assert dec["allowed_pairs"] == whole_dec["allowed_pairs"]
    else:
        assert dec["hamiltonian_coefficients"] == whole_dec["hamiltonian_coefficients"]
    assert dec["renormalized_weights"] == whole_dec["renormalized_weights"]
    validate(json.loads(json.dumps({**core, "digits": 30, "decimation": dec})))


def test_derive_equations_flag(tmp_path, capsys):
    path = tmp_path / "paper.toml"
    path.write_text('[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n')
    out = tmp_path / "paper.json"
    assert main(["derive", str(path), "--json", str(out), "-q", "--sections", "fixed_points",
                 "--equations"]) == 0
    record = json.loads(out.read_text())
    families = [pt for pt in record["fixed_points"]["points"] if pt["kind"] == "family"]
    assert families and all(pt["equations"] for pt in families)


def test_block_product_check_by_determinants(monkeypatch):
    """Past the full-charpoly size the block product is checked by exact determinants at
    fixed integer points: it accepts the true factorisation and refuses a wrong one."""
    from symrg.fixedpoints import linearize as lin
    K = sympy.QQ
    lam = lin.LAMBDA
    A = [[K(2), K(1), K(0)], [K(0), K(1), K(0)], [K(0), K(0), K(0)]]

    class Arith:
        pass
    ar = Arith()
    ar.K = K
    monkeypatch.setattr(lin, "_FULL_CHARPOLY_CHECK", 0)
    good = [sympy.Poly(lam - 1, lam, domain=K), sympy.Poly(lam, lam, domain=K)]
    lin._check_block_product(A, ar, 2, good)
    with pytest.raises(ArithmeticError):
        lin._check_block_product(A, ar, 2, [sympy.Poly(lam - 1, lam, domain=K),
                                            sympy.Poly(lam - 1, lam, domain=K)])


@pytest.mark.parametrize("overrides", [dict(width=2), dict(scale=3), MODELS[3]])
def test_eigenvalues_lie_in_0_1_p(overrides):
    """The spectrum of the linearised map at a fixed point of the classification
    (idempotent up to kappa) lies in {0, 1, p}."""
    from symrg.fixedpoints.linearize import linearize
    model = paper_model(**overrides)
    fp = find_fixed_points(model, equations=False)
    for pt in fp.isolated + fp.families:
        values = linearize(model, pt).eigenvalues
        assert values and set(values) <= {0, 1, model.scale}


def test_large_exact_jacobians_are_omitted_with_a_note(monkeypatch):
    from symrg.fixedpoints import budget
    from symrg.records.fixedpoints import fixed_points_record
    model = paper_model()
    kept = fixed_points_record(model, checks=False)
    monkeypatch.setattr(budget, "JACOBIAN_CHARS", 0)
    bare = fixed_points_record(model, checks=False)
    assert any(a.get("exact") and a.get("jacobian") for a in kept["points"])
    for a, b in zip(kept["points"], bare["points"]):
        if a.get("exact") and a.get("jacobian"):
            assert b["jacobian"] is None and "omitted" in b["jacobian_note"]
            assert a["eigenvalues"] == b["eigenvalues"]
    assert all(t["jacobian"] == "" for t in bare["latex"]["points"])


def _record_bytes(model):
    return len(json.dumps(derive.core_record(model))) + \
        len(json.dumps(derive.decimation_record(model)))


def test_record_size_bounded_as_width_grows():
    """Binary heaviside N = 2, 3, 4 (9, 19, 34 couplings): core record and decimation
    stay under 1 MB and their bytes per coupling stop growing (N = 3 -> 4: the map is
    written through named sums, the partial sums' LaTeX is bounded)."""
    sizes = {}
    for n in (2, 3, 4):
        model = paper_model(width=n)
        sizes[n] = _record_bytes(model)
        assert sizes[n] < 1_000_000
        sizes[n] /= rg_map(model).basis.size
    assert sizes[4] <= 1.5 * sizes[3]


def test_partial_sums_latex_left_out_past_the_budget(monkeypatch):
    from symrg.text import rglatex
    model = paper_model(width=2)
    full = rglatex.rg_map_latex(model)
    monkeypatch.setattr(rglatex, "PARTIAL_SUM_TERMS", 0)
    bare = rglatex.rg_map_latex(model)
    assert "partial_sums_note" not in full and full["partial_sums"]
    assert [e["value"] for e in bare["partial_sums"]] == [None] * len(full["partial_sums"])
    assert [e["terms"] for e in bare["partial_sums"]] == [e["terms"] for e in full["partial_sums"]]
    assert bare["weights"] == [] and not bare["partial_sums_expanded"]
    assert "not written" in bare["partial_sums_note"] and bare["rg_map"] == full["rg_map"]


# -- the record on types (records/typerecord) ----------------------------------------------
def _binary(width):
    from symrg.model.network import Model
    return Model.from_dict(paper_model(width=width).to_dict(), max_states=max(4096, 4 ** width))


def test_record_on_types_bounded_as_width_grows():
    """The record on types at N = 2..6: under 30 KB, and its bytes per coupling do not
    grow from N = 3 to N = 6 (the configuration record of N = 6 was 5.7 MB)."""
    from symrg.records.typerecord import type_record
    per = {}
    for n in range(2, 7):
        model = _binary(n)
        size = len(json.dumps(type_record(model, derive.model_json(model))))
        assert size < 30_000
        per[n] = size / (sympy.binomial(n + 3, 3) - 1)
    assert per[6] <= per[5] <= per[4] <= per[3]


def test_wide_models_derive_on_types(tmp_path, capsys):
    """Binary N = 6 (83 couplings) derives whole on types at default limits: the RG map per
    block, the fixed points with their spectra, xi on types, and the configuration
    sections named as skipped with their reasons; N = 5 stays on configurations."""
    from symrg.records.typerecord import TYPE_ROUTE_COUPLINGS, type_route
    assert not type_route(paper_model(width=5)) and type_route(paper_model(width=6))
    assert sympy.binomial(8, 3) - 1 <= TYPE_ROUTE_COUPLINGS < sympy.binomial(9, 3) - 1
    model_file = tmp_path / "bin6.toml"
    model_file.write_text('name = "b6"\nwidth = 6\n[values]\nW = [-1, 1]\nb = [-1, 1]\n'
                          'h = [0, 1]\n[activation]\nname = "heaviside"\n')
    out = tmp_path / "b6.json"
    assert main(["derive", "-q", "--json", str(out), str(model_file)]) == 0
    rec = json.loads(out.read_text())
    from symrg.records.schema import validate
    validate(rec)
    assert rec["route"] == "types" and rec["coupling_count"]["symmetric"] == 83
    assert [b["sizes"] for b in rec["rg_map_blocks"]["blocks"]] == [[0, 6], [1, 5], [2, 4], [3, 3]]
    points = rec["fixed_points"]["points"]
    assert [p["rank"] for p in points] == [1, 2, 3, 4] and rec["fixed_points"]["complete"]
    assert points[0]["physical"] and not any(p["physical"] for p in points[1:])
    for p in points:
        assert sum(e["multiplicity"] for e in p["spectrum"]) == 83
        assert {e["eigenvalue"] for e in p["spectrum"]} <= {0, 1, 2}
    assert {s["section"] for s in rec["skipped_sections"]} == {"network"}
    dec = rec["decimation"]["renormalized_weights_by_type"]
    assert len(dec) == 7 and all(len(row) == 7 for row in dec)
    assert rec["width"]["rows"][0]["N"] == 6
    from symrg.scan.store import summarize
    row = summarize(rec)
    assert (row["n_family"], row["n_couplings"], row["physical_ranks"]) == (4, 83, "[1]")
    assert [len(r) for r in json.loads(row["relevant_exponents"])] == [0, 3, 8, 15]
    text = " ".join(capsys.readouterr().out.split())
    assert "rank 4, dimension 24, fictitious; eigenvalues 2 x15, 1 x24, 0 x44" in text
    assert "section network not written on types" in text
    assert "renormalized DNA weights (Eq. 22) on types" in text


def test_large_type_samples_are_written_by_their_factors(monkeypatch):
    """Past TYPE_WEIGHT_CHARS a family sample is written as its block factors X, Y, S;
    X (Y M_0 X)^-1 Y D^-1 (p = 2, S D S^-1 = I) rebuilt from them is the type matrix
    written below the bound, up to the normalisation (first entry 1)."""
    import flint
    from symrg.records import typerecord
    from symrg.rg.typeblocks import type_blocks
    model = _binary(4)
    full = typerecord.fixed_points_on_types(model)["points"]
    monkeypatch.setattr(typerecord, "TYPE_WEIGHT_CHARS", 10)
    short = typerecord.fixed_points_on_types(model)["points"]
    M = type_blocks(model)[0].counts
    rebuilt = 0
    for a, b in zip(full, short):
        if "sample_factors" not in b:
            assert b["weights_by_type"] == a["weights_by_type"]     # E = 1 1^T: exact
            continue
        assert "characters" in b["weights_note"]
        (f,) = b["sample_factors"].values()
        X, Y = (flint.fmpq_mat([[flint.fmpq(*map(int, str(x).split("/"))) if "/" in str(x)
                                 else flint.fmpq(x) for x in row] for row in f[k]])
                for k in ("X", "Y"))
        E0 = X * (Y * M * X).inv() * Y
        a0 = [[E0[k, l] / sympy.binomial(4, l) for l in range(5)] for k in range(5)]
        first = a0[0][0]
        assert [[str(x / first) for x in row] for row in a0] == \
            [[str(x) for x in row] for row in a["weights_by_type"]]
        rebuilt += 1
    assert rebuilt == 2


def test_large_numerical_jacobians_are_omitted_with_a_note():
    """A numerical Jacobian is bounded like an exact one: 40 x 40 entries (random model 8
    has 594 x 594) are left out with a note, 3 x 3 are kept."""
    from types import SimpleNamespace
    import mpmath
    from symrg.fixedpoints.budget import jacobian_note, jacobian_shown
    big = SimpleNamespace(jacobian=mpmath.matrix(40, 40), exact=False)
    small = SimpleNamespace(jacobian=mpmath.matrix(3, 3), exact=False)
    assert jacobian_shown(big) is None and "40 x 40 numerical" in jacobian_note(big)
    assert jacobian_shown(small) is small.jacobian and jacobian_note(small) is None


def test_long_sample_points_are_named_not_listed(monkeypatch):
    """A sample point of many couplings: the summary lists the first SHOWN_SAMPLE and
    counts the rest (-v lists all); the report keeps no LaTeX rows past SAMPLE_SHOWN
    characters and says in one sentence that the couplings are in the record."""
    from symrg.text import fplatex, summary
    point = {"sample": {f"K{k}": k for k in range(40)}}
    short = " ".join(summary._sample_lines(point, 100, verbose=False))
    assert "(28 more)" in short and "K11 = 11" in short and "K12 " not in short
    assert "K39 = 39" in " ".join(summary._sample_lines(point, 100, verbose=True))
    fam = next(f for f in find_fixed_points(paper_model(width=2), equations=False).families
               if f.sample is not None)
    assert fplatex.family_latex(fam)["sample_rows"]
    monkeypatch.setattr(fplatex, "SAMPLE_SHOWN", 0)
    tex = fplatex.family_latex(fam)
    assert tex["sample_rows"] == [] and tex["sample_long"]


def test_long_exact_samples_are_omitted_with_a_note(monkeypatch):
    """Past SAMPLE_EXACT_CHARS the exact logs of a family's sample couplings give way to a
    note; the numerical sample stays, and the record validates."""
    from symrg.records import fixedpoints
    from symrg.records.schema import validate
    model = paper_model(**MODELS[3])                  # hardtanh: samples with logarithms
    kept = fixedpoints.fixed_points_record(model, checks=False)
    assert any(p.get("sample_exact") for p in kept["points"])
    monkeypatch.setattr(fixedpoints, "SAMPLE_EXACT_CHARS", 0)
    bare = fixedpoints.fixed_points_record(model, checks=False)
    for a, b in zip(kept["points"], bare["points"]):
        assert "sample_exact" not in b and a.get("sample") == b.get("sample")
        assert ("sample_exact_note" in b) == bool(a.get("sample_exact"))
    record = {**derive.core_record(model), "digits": 50,
              "decimation": derive.decimation_record(model), "fixed_points": bare}
    validate(json.loads(json.dumps(record, default=str)))
