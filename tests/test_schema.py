"""Every record symrg writes matches the shipped JSON Schema (draft 2020-12)."""

import copy
import json
from pathlib import Path

import pytest

from symrg import load_model, paper_model
from symrg.records.derive import derive_record
from symrg.report.render import record_json
from symrg.records.schema import schema, validate

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = sorted(p for p in (ROOT / "reports").rglob("*.json")
                   if "scans" not in p.parts)          # scan reports have their own format
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.toml")
                  if not p.name.startswith("scan_"))  # scan specs are not models


def _json(record):
    return json.loads(record_json(record))


@pytest.fixture(scope="module")
def paper_record():
    return _json(derive_record(paper_model()))


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_records_validate(path):
    validate(json.loads(path.read_text()))


def test_there_are_committed_records():
    assert {p.stem for p in COMMITTED} >= {"paper", "gong-xia"}


def test_paper_model_record_validates(paper_record):
    validate(paper_record)
    assert paper_record["model"]["values"]["h"] == [0, 1]
    assert set(paper_record) >= {"network", "fixed_points", "correlations"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_records_validate(path):
    """The example models' records (network and correlations; their fixed points take
    20-60 s each and are covered by the paper model's and the committed records)."""
    record = _json(derive_record(load_model(path), sections=("network", "correlations")))
    validate(record)


@pytest.mark.parametrize("path, value", [
    (("model", "values", "h", 0), "0"),                       # an integer as a string
    (("correlations", "G_dna", 0), "(0.1+0.2j)"),             # a Python complex string
    (("correlations", "xi_dna"), "-oo"),                      # sympy's infinity
    (("correlations", "G_dna", 1), 0.25),                     # an exact value as a float
    (("decimation", "n_couplings"), "3"),
    (("states", "h", 0, 0), "1/1"),                           # an integer as p/1
])
def test_schema_rejects_values_off_the_number_convention(paper_record, path, value):
    bad = copy.deepcopy(paper_record)
    target = bad
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_schema_accepts_the_number_convention(paper_record):
    good = copy.deepcopy(paper_record)
    reals = [0, "-2/3", "1.5e-7", "inf"]
    good["correlations"]["G_dna"][:len(reals)] = reals
    numbers = reals + [{"re": "0.5", "im": -1}]        # eigenvalues may be complex
    good["fixed_points"]["points"][0]["eigenvalues"] = numbers
    validate(good)
    for where, value in ((("correlations", "G_dna"), {"re": "0.5", "im": -1}),  # real only
                         (("fixed_points", "points", 0, "eigenvalues"), {"re": "0.5", "im": "i"})):
        bad = copy.deepcopy(good)
        target = bad
        for key in where:
            target = target[key]
        target[1] = value
        with pytest.raises(jsonschema.ValidationError):
            validate(bad)


def test_named_rg_map_sums_validate(paper_record, monkeypatch):
    """A record whose map is written through named sums (rg_map_sums) validates; a
    term that is not 'n e_1 ... e_k' does not."""
    from symrg.records import derive, maplayout
    monkeypatch.setattr(maplayout, "FULL_MAP_TERMS", 0)
    core = derive.core_record(paper_model())
    record = {**paper_record, **core}
    validate(_json(record))
    bad = copy.deepcopy(_json(record))
    bad["rg_map_sums"]["Z1"][0] = "exp(A)"
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
