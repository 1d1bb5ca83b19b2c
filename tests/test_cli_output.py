"""Terminal output of the CLI: summary width, -v, --sections, --version, schema, flow."""

import json
import re

import pytest
import sympy

import symrg
from symrg import paper_model, rg_map
from symrg.cli import main
from symrg.rg.flow import rg_trajectory
from symrg.text.summary import partial_sums, summary_lines

from test_cli import PAPER

SIGN = PAPER.replace('name = "heaviside"', 'name = "sign"')


@pytest.fixture
def paper_file(tmp_path):
    path = tmp_path / "paper.toml"
    path.write_text(PAPER)
    return path


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"symrg {symrg.__version__}"


def test_schema_prints_a_valid_draft_2020_12_schema(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == symrg.records.schema.schema()


def _derive(paper_file, capsys, *args):
    assert main(["derive", str(paper_file), "-q", *args]) == 0
    return capsys.readouterr().out


def test_sections_choose_what_derive_computes(paper_file, tmp_path, capsys):
    out = tmp_path / "r.json"
    _derive(paper_file, capsys, "--sections", "correlations,network", "--json", str(out))
    record = json.loads(out.read_text())
    assert "network" in record and "correlations" in record
    assert "fixed_points" not in record
    _derive(paper_file, capsys, "--sections", "fixed_points", "--json", str(out))
    record = json.loads(out.read_text())
    assert "fixed_points" in record and "network" not in record and "correlations" not in record


def test_unknown_section_is_one_line_error(paper_file, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["derive", str(paper_file), "--sections", "network,fixpoints"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fixpoints" in err and "fixed_points" in err


def test_derive_record_rejects_unknown_section():
    with pytest.raises(symrg.ModelError, match="sections: .*'bogus'"):
        symrg.records.derive.derive_record(paper_model(), sections=("bogus",))


def test_rejected_candidates_only_with_verbose(paper_file, tmp_path, capsys):
    out = tmp_path / "r.json"
    quiet = _derive(paper_file, capsys, "--sections", "fixed_points", "--cross-check",
                    "--json", str(out))
    rejected = json.loads(out.read_text())["fixed_points"]["rejected"]
    assert rejected, "the paper's model has spurious candidates to reject"
    loud = _derive(paper_file, capsys, "--sections", "fixed_points", "--cross-check", "-v")
    plain = _derive(paper_file, capsys, "--sections", "fixed_points", "-v")
    assert "rejected candidate" not in plain      # the sympy.solve cross-check is opt-in
    assert "rejected candidate" not in quiet and "-v lists them" in quiet
    assert loud.count("rejected candidate") == len(rejected)


@pytest.mark.parametrize("width", [40, 72, 100])
def test_summary_lines_fit_the_width_and_are_never_cut(width):
    from symrg.records.derive import derive_record
    model = paper_model()
    record = json.loads(json.dumps(derive_record(model, sections=("fixed_points",
                                                                   "correlations"))))
    lines = summary_lines(record, model, width=width, verbose=True)
    assert all(len(line) <= width for line in lines)
    assert not any(line.rstrip().endswith("...") for line in lines)
    text = " ".join(lines)
    for name in ("A'", "B'", "C'", "Z1", "Z4", "family", "isolated", "exponents"):
        assert name in text


def test_summary_off_a_tty_is_100_columns(paper_file, capsys):
    out = _derive(paper_file, capsys)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "..." not in out


def test_partial_sums_rebuild_the_rg_map():
    """K'_k = sum_o Vinv[k+1, o] (c_o.K + ln Z_o) equals the engine's map (RGMap.partial_sums)."""
    sign = {"name": "sign"}
    for model in (paper_model(), paper_model(scale=3),
                  paper_model(activation=sign, values={"W": [-1, 1], "b": [-1, 1],
                                                       "h": [-1, "1/2", 1]})):
        m = rg_map(model)
        syms, inv = m.basis.symbols, m.basis.inverse_design
        point = {s: sympy.Rational((-1) ** k * (k + 1), 3 * k + 4) for k, s in enumerate(syms)}
        sums = partial_sums(model)
        for k, name in enumerate(m.names):
            rebuilt = sum(inv[k + 1, ps.index] * (
                sum(c * point[s] for c, s in zip(ps.shift, syms))
                + sympy.log(sum(n * sympy.exp(sum(e_i * point[s] for e_i, s in zip(e, syms)))
                                for e, n in ps.terms.items())))
                for ps in sums)
            engine = m.expressions[name].subs(point)
            assert abs(sympy.N(rebuilt - engine, 40)) < sympy.Float("1e-35")


def test_flow_prints_the_exact_trajectory(paper_file, capsys):
    assert main(["flow", str(paper_file), "--from", "exp_A=2,exp_B=1,exp_C=1",
                 "--steps", "3", "--exact"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["step", "exp_A", "exp_B", "exp_C"]
    expected = rg_trajectory(paper_model(), {"exp_A": 2, "exp_B": 1, "exp_C": 1}, 3, exact=True)
    for k, point in enumerate(expected):
        row = lines[1 + k].split()
        assert row[0] == str(k)
        assert [sympy.Rational(v) for v in row[1:]] == [point[f"exp_{n}"] for n in ("A", "B", "C")]


def test_flow_takes_couplings_as_K(paper_file, capsys):
    """A=0 is K = 0, i.e. e^K = 1 (the K against e^K convention of docs/cli.rst); the table is the same as exp_A=1."""
    assert main(["flow", str(paper_file), "--from", "A=0,B=0,C=0", "--steps", "2"]) == 0
    by_k = capsys.readouterr().out
    assert main(["flow", str(paper_file), "--from", "exp_A=1,exp_B=1,exp_C=1",
                 "--steps", "2"]) == 0
    assert capsys.readouterr().out == by_k


def test_flow_numeric_start_and_plot(paper_file, tmp_path, capsys):
    stem = tmp_path / "traj"
    assert main(["flow", str(paper_file), "--from", "A=1/2,B=0,C=0", "--steps", "2",
                 "--digits", "20", "--plot", str(stem) + ".pdf"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "traj.pdf").exists() and (tmp_path / "traj.png").exists()
    first = out.splitlines()[1].split()
    assert abs(sympy.Float(first[1], 20) - sympy.exp(sympy.Rational(1, 2))) < 1e-15
    expected = rg_trajectory(paper_model(), {"A": sympy.Rational(1, 2), "B": 0, "C": 0}, 2,
                             digits=20)                      # bare names are K
    last = out.splitlines()[3].split()
    assert abs(sympy.Float(last[1], 20) - expected[2]["exp_A"]) < 1e-15


@pytest.mark.parametrize("start, message", [
    ("A=1,B=1,C=1,D=2", "unknown coupling 'D'; expected one of A, B, C"),
    ("A=1,exp_A=2,B=1,C=1", "given twice"),
    ("A=x,B=1,C=1", "--from A"),
    ("A1,B=1,C=1", "NAME=value"),
])
def test_flow_bad_start_is_one_line(paper_file, capsys, start, message):
    assert main(["flow", str(paper_file), "--from", start]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_activation_outside_values_h_warns(tmp_path, capsys):
    with pytest.warns(symrg.errors.SymRGWarning, match=r"outputs -1 are not in values.h"):
        paper_model(activation={"name": "sign"})
    path = tmp_path / "sign.toml"
    path.write_text(SIGN)
    assert main(["derive", str(path), "-q", "--sections", "network"]) == 0
    err = capsys.readouterr().err
    assert re.fullmatch(r"symrg: warning: activation sign: outputs -1 are not in values.h[^\n]*\n",
                        err)


def _joined(lines):
    return re.sub(r"\s+", " ", " ".join(lines))


@pytest.mark.parametrize("width", [60, 100])
def test_large_model_summary_is_compact(example_records, width):
    """relu3: 2 equations per family without -v, all with -v; lines never cut."""
    import warnings
    from symrg.text.logform import terminal_text
    from symrg.model.files import load_model
    from test_report_output import ROOT
    from symrg.text.summary import _expression
    from symrg.rg.weightvars import rename_weights
    record = example_records["relu3"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = load_model(ROOT / "examples" / "relu3.toml")
    short = summary_lines(record, model, width=width)
    full = summary_lines(record, model, width=width, verbose=True)
    assert all(len(line) <= width for line in short + full)
    assert len(short) < len(full) // 2
    text, everything = _joined(short), _joined(full)
    families = [p for p in record["fixed_points"]["points"] if p["kind"] == "family"]
    assert len(families) == 3
    for fam in families:
        variables = record["fixed_points"].get("variables")      # w<o> named E[h,sigma]
        equations = [f"{rename_weights(_expression(e), variables)} = 0"
                     for e in fam["equations"]]
        assert f"{len(equations)} equations, first 2 shown" in text
        assert all(e in text for e in equations[:2]) and equations[2] not in text
        assert all(e in everything for e in equations)
        assert fam["description"] in text
        for key, exact in fam.get("sample_exact", {}).items():   # long ones only with -v
            assert f"{key} = {terminal_text(exact)}" in (text if width == 100 else everything)
    assert " ln 2" in everything and " i pi" in everything and "*" not in everything


def test_rejected_reasons_have_no_python_operators(paper_file, capsys):
    loud = _derive(paper_file, capsys, "--sections", "fixed_points", "--cross-check", "-v")
    rejected = [line for line in loud.splitlines() if "rejected candidate" in line]
    assert rejected and not any("*" in line for line in rejected)
