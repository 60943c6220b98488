"""The docs cannot drift: the CLI reference is generated, the export fields are documented."""

from __future__ import annotations

import importlib.util

from conftest import REPO

from newstrace.models import Article, sha256_hex


def test_cli_reference_is_current():
    spec = importlib.util.spec_from_file_location("make_cli_reference", REPO / "docs" / "make_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == module.reference(), (
        "docs/cli.md is stale: run python docs/make_cli_reference.py"
    )


def test_every_export_field_is_documented():
    doc = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    record = Article(
        external_id="x",
        text="t",
        source_path="p",
        extraction_method="m",
        raw_sha256=sha256_hex(b"t"),
    )
    for field in record.to_dict():
        assert f"| `{field}` |" in doc, f"export field {field} is not in docs/export.md"


def test_every_attribution_field_is_documented():
    from newstrace.export import attribution_record
    from newstrace.models import Attribution

    doc = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    record = attribution_record(Attribution(source=(), cue=(), content=(), kind="verb"), article="x")
    for field in record:
        assert f"`{field}`" in doc, f"attribution field {field} is not in docs/export.md"


def test_every_fact_field_is_documented():
    from newstrace.store import FACT_TABLES

    lines = (REPO / "docs" / "export.md").read_text(encoding="utf-8").splitlines()
    for section, (_, record_class) in FACT_TABLES.items():
        rows = [line.split("|")[2] for line in lines if line.startswith(f"| `{section}` |")]
        for field in record_class.__dataclass_fields__:
            if field not in ("span", "sentence"):
                assert any(f"`{field}`" in row for row in rows), f"{section} field {field} is not in docs/export.md"


def test_every_link_and_assess_field_is_documented():
    from newstrace.models import Claim, ClaimMention, CopiedPassage, Story, TextSpan

    doc = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    span = TextSpan(0, 1, "x")
    records = [
        CopiedPassage("a", "b", span, span, 1.0, 1.0, 1.0, "a->b", "earlier publication"),
        Story(1, "t"),
        Claim(1, 1, "t", "unverified", mentions=[ClaimMention("a", span, span, "supports")]),
    ]
    for record in records:
        for field in record.__dataclass_fields__:
            assert f"| `{field}` |" in doc, f"{type(record).__name__} field {field} is not in docs/export.md"
    for field in ClaimMention.__dataclass_fields__:
        assert f"`{field}`" in doc, f"mention field {field} is not in docs/export.md"


def test_every_source_stance_and_check_field_is_documented():
    from newstrace.export import check_record
    from newstrace.models import ArticleStance, Claim, Origin, SourceEntity

    export = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    for field in SourceEntity.__dataclass_fields__:
        assert f"| `{field}` |" in export, f"source field {field} is not in docs/export.md"
    for field in (*ArticleStance.__dataclass_fields__, *Origin.__dataclass_fields__):
        assert f"`{field}`" in export, f"field {field} is not in docs/export.md"
    check = (REPO / "docs" / "check.md").read_text(encoding="utf-8")
    record = check_record(Claim(1, 1, "t", "unverified", stances=[ArticleStance("a", "supports")]), [1])
    for field in record:
        assert f"| `{field}` |" in check, f"check field {field} is not in docs/check.md"
    for field in (*record["counts"], *record["articles"][0]):
        assert f"`{field}`" in check, f"check field {field} is not in docs/check.md"


def test_every_test_the_reliability_table_names_exists():
    import re

    table = (REPO / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", table)
    assert len(named) >= 15
    for path, test in named:
        source = (REPO / path).read_text(encoding="utf-8")
        assert not test or f"def {test}(" in source, f"{path}::{test} is named in docs/reliability.md but missing"
