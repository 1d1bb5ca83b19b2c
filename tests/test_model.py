import pytest
import sympy

from symrg import ModelError, ModelTooLargeError, load_model, paper_model
from symrg.model import PAPER_MODEL, Model, parse_value


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
        build(width=40)
    assert build(width=3).width == 3


def test_malformed_toml(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("width = = 1\n")
    with pytest.raises(ModelError, match="malformed TOML"):
        load_model(path)
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "missing.toml")
