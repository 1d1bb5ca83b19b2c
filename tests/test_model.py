import pytest
import sympy

from symrg import ModelError, ModelTooLargeError, load_model, paper_model
from symrg.model.network import PAPER_MODEL, Model
from symrg.model.values import parse_value


def build(**changes):
    d = {k: (dict(v) if isinstance(v, dict) else v) for k, v in PAPER_MODEL.items()}
    for key, value in changes.items():
        if key in ("W", "b", "h"):
            d["values"][key] = value
        else:
            d[key] = value
    return Model.from_dict(d)


def test_paper_model_states_and_table():
    m = paper_model()
    assert m.h_states == ((0,), (1,))
    assert m.sigma_values == (0, 1)
    assert m.activation.as_dict() == {-2: 0, -1: 0, 0: 1, 1: 1, 2: 1}


def test_rationals_and_order_kept():
    m = build(h=["1/2", -1, 0], activation={"name": "hardtanh"})
    assert m.h_values == (sympy.Rational(1, 2), -1, 0)
    assert m.h_states[:2] == ((sympy.Rational(1, 2),), (-1,))


def test_parse_value_is_exact():
    assert parse_value("-3/4", "x") == sympy.Rational(-3, 4)
    assert parse_value(0.1, "x") == sympy.Rational(1, 10)
    with pytest.raises(ModelError, match="expected an integer or a rational"):
        parse_value("1/2+x", "values.h")
    with pytest.raises(ModelError, match="expected a number"):
        parse_value(True, "values.h")


@pytest.mark.parametrize("changes, message", [
    ({"h": []}, "values.h: value set is empty"),
    ({"W": [1, 1]}, "values.W: duplicated value 1"),
    ({"b": ["1", "2/2"]}, "values.b: duplicated value 1"),
    ({"width": 0}, "width: expected an integer >= 1, got 0"),
    ({"data": 0}, "data: expected an integer >= 1, got 0"),
    ({"scale": 1}, "scale: expected an integer >= 2, got 1"),
    ({"h": ["one", 0]}, "values.h: expected an integer or a rational"),
    ({"activation": {"name": "softsign"}}, "unknown activation 'softsign'"),
    ({"activation": {"table": {"-2": 0, "-1": 0, "0": 1, "1": 1}}},
     "activation table has no value for pre-activation 2"),
    ({"widht": 2}, "unknown key 'widht'"),
    ({"norm": 0}, "norm: expected a positive exponent"),
])
def test_bad_models_are_refused_with_a_named_field(changes, message):
    with pytest.raises(ModelError, match=message.replace("(", r"\(")):
        build(**changes)


def test_too_large_refused_before_work():
    with pytest.raises(ModelTooLargeError, match="--max-states"):
        build(width=40, data=2)
    with pytest.raises(ModelTooLargeError, match="--max-states"):
        build(width=40, h=[0, 1, 2])
    assert build(width=3).width == 3
    # one data point, two values: loads for the derivation on types (configurations refused)
    assert "derives on types only" in build(width=40).configurations_refused


def test_malformed_toml(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("width = = 1\n")
    with pytest.raises(ModelError, match="malformed TOML"):
        load_model(path)
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "missing.toml")


# -- issue 13: the gate (symrg.model.loader) and the size estimate ---------------------------
import os  # noqa: E402

from symrg.model.loader import MAX_BYTES, check_structure, quote, read_model_text
from symrg.model.files import load_model_file
from symrg.model.network import SIZE_LIMITS, check_size, estimate_size

BASE = '[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'


def _file(tmp_path, data, name="m.toml"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_gate_names_the_byte_offset_of_bad_utf8(tmp_path):
    path = _file(tmp_path, b'name = "ab\xc3\x28"\n' + BASE.encode())
    with pytest.raises(ModelError, match=r"not UTF-8: invalid byte 0xc3 at byte offset 10"):
        read_model_text(path)
    with pytest.raises(ModelError, match="looks like UTF-16"):
        read_model_text(_file(tmp_path, BASE.encode("utf-16"), "u16.toml"))


def test_gate_refuses_non_regular_files_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "FIFO"), ("/dev/zero", "character device"), (tmp_path, "directory")):
        with pytest.raises(ModelError, match=kind):
            read_model_text(path)


def test_gate_bounds_bytes_nesting_lists_strings(tmp_path):
    with pytest.raises(ModelError, match="larger than 1,048,576 bytes"):
        read_model_text(_file(tmp_path, "#" * (MAX_BYTES + 1)))
    with pytest.raises(ModelError, match="nested too deeply"):
        load_model_file(_file(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n" + BASE))
    with pytest.raises(ModelError, match=r"x\[0\].*: nested deeper than 8 levels"):
        check_structure({"x": [[[[[[[[[1]]]]]]]]]})
    with pytest.raises(ModelError, match=r"values.b: 5,000 entries; at most 4,096"):
        check_structure({"values": {"b": [1] * 5000}})
    with pytest.raises(ModelError, match=r"activation.name: string of 5,000 characters"):
        check_structure({"activation": {"name": "r" * 5000}})


@pytest.mark.parametrize("text, message", [
    ("width = " + "9" * 5000 + "\n" + BASE,
     "number literal at line 1 too long|width: integer with more than 100 digits"),
    (f"width = {10 ** 400}\n" + BASE, "width: integer with more than 100 digits"),
    (BASE.replace("[0, 1]", '[0, "1e5000"]'), "values.h: '1e5000' has more than 100 digits"),
    (BASE.replace("[0, 1]", '[0, "1e999999999"]'), "values.h: '1e999999999' has more than 100"),
    (BASE.replace("[0, 1]", f'[0, "1/{10 ** 400}"]'), "values.h: number '1/1000"),
    (BASE.replace("[0, 1]", "[0, 1e-300]"), "values.h: '1e-300' has more than 100 digits"),
    ('[activation]\nname = ["relu"]\n' + BASE, 'activation.name: expected a string such as "relu"'),
    ("name = 5\n" + BASE, "name: expected a string, got 5"),
    ("scale = 1000000000\n" + BASE, r"depth ratio p would be 1,000,000,000 \(limit 16\)"),
    ("norm = 1000000\n" + BASE, r"norm exponent q would be 1,000,000 \(limit 64\)"),
    ("width = 10000000\n" + BASE.replace("[0, 1]", "[1]"), "sites N\\*L of one layer"),
    ("data = 1000000000\n" + BASE, "bond-weight matrix entries .* would be 10\\^301029995"),
    (BASE.replace("[0, 1]", f"[0, {10 ** 50}]"), "largest exponent of u"),
    (BASE.replace("[-1, 1]", str(list(range(3000))), 1), "largest value set"),
    ("[values]\nW = [0]\nb = [1]\nh = [1]\n", "single h-value 1 and a single activation output"),
])
def test_gate_refuses_with_the_field_and_limit(tmp_path, text, message):
    with pytest.raises((ModelError, ModelTooLargeError), match=message):
        load_model_file(_file(tmp_path, text))


def test_duplicate_check_is_linear_and_quotes_are_bounded():
    with pytest.raises(ModelError, match="duplicated value 1 in a list of 4000 values"):
        build(b=[1] * 4000)
    assert len(quote("x" * 10 ** 6)) < 100


def test_size_estimate_is_exact_on_the_paper_and_scales_with_max_states():
    m = paper_model()
    est = estimate_size(1, 1, m.W_values, m.b_values, m.h_values, scale=2, norm=m.norm,
                        sigma=m.sigma_values, preactivations=len(m.activation.table))
    assert set(est) == set(SIZE_LIMITS)
    entries = next(k for k in est if k.startswith("bond-weight"))
    assert round(10 ** est[entries]) == len(m.h_states) * len(m.sigma_states) == 4
    big = estimate_size(7, 1, m.W_values, m.b_values, m.h_values, scale=2, norm=m.norm,
                        sigma=m.sigma_values)
    with pytest.raises(ModelTooLargeError, match="would be 16,384"):
        check_size(big)
    check_size(big, max_states=4 * 4096)          # every limit scales with max_states
