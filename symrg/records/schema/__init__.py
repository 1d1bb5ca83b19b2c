"""The JSON Schema (draft 2020-12) of symrg's records, shipped with the package.

``record.schema.json`` describes every record symrg writes: the derivation record of
one model (``symrg derive --json``, ``symrg report``) and the Gong-Xia record of
``symrg reproduce``.  Numbers follow :mod:`symrg.numerics`.  ``symrg schema`` prints
it; :func:`validate` checks a record against it (with ``jsonschema``, a dependency,
imported on first use).
"""

import json
from functools import lru_cache
from importlib import resources

__all__ = ["SCHEMA_FILE", "schema", "schema_text", "validate"]

#: File name of the schema inside the package.
SCHEMA_FILE = "record.schema.json"


def schema_text() -> str:
    """The schema file's text, exactly as shipped."""
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _schema() -> str:
    return schema_text()


def schema() -> dict:
    """The schema as a new dict (callers may modify it).

    Examples
    --------
    >>> schema()["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    """
    return json.loads(_schema())


def validate(record) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``record`` matches the schema.

    ``record`` is a dict as loaded from JSON (tuples are not JSON arrays: serialise
    and reload a record built in Python first).
    """
    import jsonschema
    validator = jsonschema.Draft202012Validator(schema(),
                                                format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(record))
    if error is not None:
        raise error
