"""Issue 13, "two models never share a name silently": a report records its model file
(``model_file``, relative to the report directory) and is not replaced by the report
of another model file with the same stem, unless ``--force``."""

import json
import os
import shutil
from pathlib import Path

import pytest

from symrg.cli import main
from symrg.errors import ReportError
from symrg.report.io import check_report_source, recorded_source, source_reference

MODEL = 'name = "{name}"\n[values]\nW = [-1, 1]\nb = [{b}]\nh = [0, 1]\n'


def _files(directory: Path) -> dict:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def two_models(tmp_path):
    """``a/model.toml`` and ``b/model.toml``: same stem, different models."""
    for folder, b in (("a", "-1, 1"), ("b", "0, 1")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "model.toml").write_text(MODEL.format(name=folder, b=b))
    return tmp_path


def _report(model, out, *extra):
    return main(["report", str(model), "-o", str(out), "--no-pdf", "-q", *extra])


def test_record_names_its_model_file_relative_to_the_report(two_models):
    out = two_models / "out"
    assert _report(two_models / "a" / "model.toml", out) == 0
    record = json.loads((out / "model" / "model.json").read_text())
    assert record["model_file"] == "../../a/model.toml"
    assert (out / "model" / record["model_file"]).resolve() == \
        (two_models / "a" / "model.toml").resolve()
    pytest.importorskip("jsonschema")
    from symrg.records.schema import validate
    validate(record)


def test_same_stem_from_another_folder_is_refused(two_models, capsys):
    out = two_models / "out"
    assert _report(two_models / "a" / "model.toml", out) == 0
    before = _files(out)
    capsys.readouterr()
    assert _report(two_models / "b" / "model.toml", out) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("symrg: error: report directory")
    assert "a/model.toml" in err and "b/model.toml" in err
    assert "-o DIR" in err and "--force" in err
    assert _files(out) == before                            # nothing replaced, no debris


def test_rerun_of_the_same_file_replaces_it_byte_identically(two_models, monkeypatch):
    out = two_models / "out"
    assert _report(two_models / "a" / "model.toml", out) == 0
    first = _files(out)
    monkeypatch.chdir(two_models / "a")                     # another working directory
    assert _report("model.toml", "../out") == 0
    assert _files(out) == first
    alias = two_models / "alias"                            # the same file through a link
    alias.symlink_to(two_models / "a")
    assert _report(alias / "model.toml", out) == 0
    assert _files(out) == first


def test_force_replaces_and_records_the_new_file(two_models):
    out = two_models / "out"
    assert _report(two_models / "a" / "model.toml", out) == 0
    assert _report(two_models / "b" / "model.toml", out, "--force") == 0
    record = json.loads((out / "model" / "model.json").read_text())
    assert record["model_file"] == "../../b/model.toml" and record["model"]["name"] == "b"
    assert sorted(p.name for p in out.iterdir()) == ["model"]


def test_the_record_holds_in_a_copy_of_the_tree(two_models, tmp_path_factory):
    assert _report(two_models / "a" / "model.toml", two_models / "out") == 0
    clone = tmp_path_factory.mktemp("clone") / "tree"
    shutil.copytree(two_models, clone)
    first = _files(clone / "out")
    assert _report(clone / "a" / "model.toml", clone / "out") == 0
    assert _files(clone / "out") == first
    assert _report(clone / "b" / "model.toml", clone / "out") == 2


def test_reports_not_made_from_a_model_file(two_models, monkeypatch, capsys):
    out = two_models / "out"
    (out / "model").mkdir(parents=True)                    # an empty directory: taken
    assert _report(two_models / "a" / "model.toml", out) == 0
    import symrg.reproduce

    def no_work(*args, **kwargs):
        raise AssertionError("reproduce derived before checking its output")
    monkeypatch.setattr(symrg.reproduce, "paper_record", no_work)
    shutil.copytree(out / "model", out / "paper")
    (out / "paper" / "model.json").rename(out / "paper" / "paper.json")
    capsys.readouterr()
    assert main(["reproduce", "-o", str(out), "--no-pdf", "-q"]) == 2   # before any work
    assert "symrg reproduce" in capsys.readouterr().err
    record = json.loads((out / "paper" / "paper.json").read_text())
    (out / "paper" / "paper.json").write_text(json.dumps({"title": "seed"}))
    assert recorded_source(out / "paper", "paper") == (True, None)
    check_report_source(out, "paper")                       # reproduce over reproduce
    with pytest.raises(ReportError, match="not made from a model file"):
        check_report_source(out, "paper", two_models / "a" / "model.toml")
    (out / "other").mkdir()
    (out / "other" / "notes.txt").write_text("mine")
    with pytest.raises(ReportError, match="is not a symrg report"):
        check_report_source(out, "other", two_models / "a" / "model.toml")
    assert record["model_file"] == "../../a/model.toml"


def test_source_reference_is_relative_and_resolves_links(tmp_path):
    (tmp_path / "m").mkdir()
    model = tmp_path / "m" / "x.toml"
    model.write_text("")
    os.symlink(tmp_path / "m", tmp_path / "alias")
    assert source_reference(tmp_path / "alias" / "x.toml", tmp_path / "out" / "x") == \
        "../../m/x.toml"


def test_a_report_whose_model_file_is_gone_is_replaced_with_a_warning(two_models, capsys):
    out = two_models / "out"
    assert _report(two_models / "a" / "model.toml", out) == 0
    (two_models / "a" / "model.toml").rename(two_models / "a" / "renamed.toml")
    capsys.readouterr()
    assert _report(two_models / "b" / "model.toml", out) == 0
    err = capsys.readouterr().err
    assert err.count("symrg: warning: replacing the report") == 1 and "no longer exists" in err
    assert json.loads((out / "model" / "model.json").read_text())["model_file"] == \
        "../../b/model.toml"
