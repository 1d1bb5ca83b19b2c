import os
import sys

sys.path.insert(0, os.path.dirname(__file__))


import json  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def example_records():
    """Records of every example model (all sections) and every committed record, derived or
    read once per session: ``{name: record}``.

    Names: the model file's stem for examples/*.toml and symrg/models/paper.toml, and
    ``committed-<stem>`` for reports/<stem>/<stem>.json.
    """
    from report_fixtures import example_model_files
    from symrg.records.derive import derive_record
    from symrg.model.files import load_model
    records = {}
    for path in example_model_files(ROOT):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # relu3's activation leaves V_h
            records[path.stem] = derive_record(load_model(path))
    for path in sorted(ROOT.glob("reports/*/*.json")):
        records["committed-" + path.stem] = json.loads(path.read_text())
    return records


@pytest.fixture(scope="session")
def example_reports(example_records, tmp_path_factory):
    """Every record of ``example_records`` rendered and, when LaTeX is installed, compiled
    once per session: ``{name: {"record", "tex", "log"}}``."""
    from report_fixtures import build_report
    from symrg.report import latexmk_available
    pdf = latexmk_available()
    base = tmp_path_factory.mktemp("example-reports")
    return {name: build_report(record, base / name, compile_pdf=pdf)
            for name, record in example_records.items()}
