"""Records of models whose chains are not primitive, sections that fail alone, report
--sections, and the overlap map at a width where sign(0) = 0 is reached."""

import itertools
import json
import shutil

import mpmath
import pytest
import sympy

from symrg.records import derive as derive_module
from symrg.cli import EXIT_PARTIAL, main
from symrg.records.derive import derive_record
from symrg.errors import ModelError
from symrg import Model
from symrg.width.overlap import overlap_map
from symrg.records.schema import validate
from symrg.lattice.transfer import plain_transfer_matrix

from test_chainstructure import R_MAX, _close, brute_bulk

#: The committed scan's model 11: its plain transfer matrix [[0, 4], [4, 0]] has period 2.
TABLE_11 = {"-2": 0, "-1": 1, "0": 0, "1": 1, "2": 0}
MODEL_11 = {"name": "table model 11", "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
            "activation": {"table": TABLE_11}}
TOML_11 = """name = "table model 11"
[values]
W = [-1, 1]
b = [-1, 1]
h = [0, 1]
[activation]
table = { "-2" = 0, "-1" = 1, "0" = 0, "1" = 1, "2" = 0 }
"""


def _mp(text):
    with mpmath.workdps(60):
        return mpmath.mpf(text)


def test_periodic_plain_chain_keeps_the_dna_xi():
    m = Model.from_dict(MODEL_11)
    assert plain_transfer_matrix(m).tolist() == [[0, 4], [4, 0]]
    record = derive_record(m, sections=("correlations",))
    validate(record)
    c = record["correlations"]
    with mpmath.workdps(60):
        xi = -1 / mpmath.log(mpmath.tanh(mpmath.mpf(1) / 2))          # 1.29544...
        assert abs(_mp(c["xi_dna"]) - xi) < mpmath.mpf(10) ** -45
    assert c["xi_plain"] == "inf"
    exact, mean = brute_bulk([[0, 4], [4, 0]], ["0", "1"], 4, 2)
    assert _close(_mp(c["mean_h_plain"]), mean)
    for r in range(R_MAX + 1):
        assert _close(_mp(c["G_plain"][r]), exact[r])                   # (-1)^r / 4
    entry = c["chain_structure"]["plain"]
    assert entry["kind"] == "periodic" and entry["classes"][0]["period"] == 2
    assert "period 2" in entry["statement"] and "dna" not in c["chain_structure"]


def test_sign_network_plain_chain_has_two_closed_classes():
    """L = 2, b = 0: the product h[1] h[2] is conserved, so the plain chain splits."""
    m = Model.from_dict({"data": 2, "values": {"W": [-1, 1], "b": [0], "h": [-1, 1]},
                         "activation": {"name": "sign"}})
    c = derive_record(m, sections=("correlations",))["correlations"]
    entry = c["chain_structure"]["plain"]
    assert entry["kind"] == "several" and [k["states"] for k in entry["classes"]] == [[0, 3],
                                                                                     [1, 2]]
    T = plain_transfer_matrix(m).tolist()
    sites = [[h[t] for h in m.h_states] for t in range(2)]
    for r in range(R_MAX + 1):
        exact = sum(brute_bulk(T, f, 2, 1)[0][r] for f in sites) / 2
        assert _close(_mp(c["G_plain"][r]), exact)
    assert c["xi_plain"] == "inf" and c["xi_dna"] not in (None, "inf")


def _failing(model, digits, **options):
    raise ModelError("network: refused on purpose by the test")


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "m11.toml"
    path.write_text(TOML_11)
    return path


def test_derive_writes_the_sections_that_succeed(model_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(derive_module._SECTIONS, "network", _failing)
    out = tmp_path / "m11.json"
    status = main(["derive", str(model_file), "-q", "--sections", "network,correlations",
                   "--json", str(out)])
    assert status == EXIT_PARTIAL == 4
    record = json.loads(out.read_text())
    validate(record)
    assert record["failed_sections"] == [
        {"section": "network", "reason": "network: refused on purpose by the test"}]
    assert "network" not in record and record["correlations"]["xi_dna"] is not None
    captured = capsys.readouterr()
    assert "symrg: section network not derived: network: refused" in captured.err
    assert "section network not derived" in captured.out        # the summary says it too


def test_report_sections_and_partial_report(model_file, tmp_path, monkeypatch, capsys):
    pdf = shutil.which("pdflatex") is not None
    assert main(["report", str(model_file), "-o", str(tmp_path / "a"), "--no-pdf", "-q",
                 "--sections", "correlations"]) == 0
    record = json.loads((tmp_path / "a" / "m11" / "m11.json").read_text())
    assert "correlations" in record and "network" not in record and "fixed_points" not in record
    monkeypatch.setitem(derive_module._SECTIONS, "network", _failing)
    args = ["report", str(model_file), "-o", str(tmp_path / "b"), "-q",
            "--sections", "network,correlations"] + ([] if pdf else ["--no-pdf"])
    assert main(args) == EXIT_PARTIAL
    tex = (tmp_path / "b" / "m11" / "m11.tex").read_text()
    assert "Section ``network'' could not be derived: network: refused on purpose" in tex
    assert "periodic with period 2" in tex
    assert (tmp_path / "b" / "m11" / "m11.pdf").exists() == pdf


def _brute_overlap(model, width, agree):
    """E q' by enumerating one output neuron's (W row, b) with the DNA channel at u = e."""
    v, w = model.h_values[-1], model.h_values[0]
    h1, h2 = [v] * width, [v] * agree + [w] * (width - agree)
    u = sympy.E

    def channel(a, x):
        return u ** (-abs(a - x) ** 2) / sum(u ** (-abs(c - x) ** 2) for c in model.h_values)
    total, count = 0, 0
    for row in itertools.product(model.W_values, repeat=width):
        for b in model.b_values:
            x1 = sympy.sign(sum(r * h for r, h in zip(row, h1)) + b)       # sign(0) = 0
            x2 = sympy.sign(sum(r * h for r, h in zip(row, h2)) + b)
            total += sum(channel(a, x1) * channel(a, x2) for a in model.h_values)
            count += 1
    return 2 * total / count - 1


def test_overlap_map_reaches_sign_zero_at_even_width():
    m = Model.from_dict({"data": 2, "values": {"W": [-1, 1], "b": [0], "h": [-1, 1]},
                         "activation": {"name": "sign"}})
    for width in (2, 4):
        om = overlap_map(m, width)
        for k, q in enumerate(om.q_out):
            assert abs(sympy.N(q - _brute_overlap(m, width, k), 40)) < 1e-35
    with pytest.raises(ModelError, match="output 0 .reached at this width. is not one of"):
        overlap_map(m, 2, plain=True)


def test_hardtanh_two_data_points_keeps_every_class():
    """hardtanh with b = 0 maps h to +-h: five closed classes {h, -h} (derive stopped here)."""
    m = Model.from_dict({"data": 2, "values": {"W": [-1, 1], "b": [0], "h": [-1, 0, 1]},
                         "activation": {"name": "hardtanh"}})
    c = derive_record(m, sections=("correlations",))["correlations"]
    entry = c["chain_structure"]["plain"]
    assert entry["kind"] == "several" and len(entry["classes"]) == 5
    assert all(k["closed"] and k["period"] == 1 for k in entry["classes"])
    T = plain_transfer_matrix(m).tolist()
    sites = [[h[t] for h in m.h_states] for t in range(2)]
    for r in (0, 1, 2, 7):
        exact = sum(brute_bulk(T, f, 2, 1)[0][r] for f in sites) / 2
        assert _close(_mp(c["G_plain"][r]), exact)
    assert c["xi_plain"] == "inf" and c["xi_dna"] is not None


def test_width_keeps_the_dna_row_when_the_plain_chain_splits(tmp_path, capsys):
    path = tmp_path / "sign.toml"
    path.write_text('name = "sign L2"\ndata = 2\n[values]\nW = [-1, 1]\nb = [0]\nh = [-1, 1]\n'
                    '[activation]\nname = "sign"\n')
    out = tmp_path / "w.json"
    assert main(["width", str(path), "--widths", "1", "-q", "--json", str(out)]) == 0
    record = json.loads(out.read_text())
    row = record["rows"][0]
    assert row["xi_dna"].startswith("13.648011") and row["xi_plain"] == "inf"
    assert row["structure_plain"]["kind"] == "several" and "plain_failures" not in record
    assert "no unique bulk state" in row["structure_plain"]["statement"]
    assert "plain network at N = 1: The plain width-1 chain has 2 closed classes" in \
        capsys.readouterr().out
