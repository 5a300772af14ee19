"""`autoclerk extract` through typer's CliRunner, on real generated files."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from autoclerk.cli import app

runner = CliRunner()


def test_extract_json_on_facturx(demo):
    r = runner.invoke(app, ["extract", str(demo["facturx"]), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["reader"] == "factur-x"
    assert data["invoice"]["number"] == "FD-2024-0042"
    assert data["invoice"]["total"] == "139.80"
    assert data["invoice"]["provenance"]["total"] == {"source": "xml", "confidence": 1.0}


def test_extract_chinese_prints_fields_and_checks(demo):
    r = runner.invoke(app, ["extract", str(demo["chinese"])])
    assert r.exit_code == 0, r.output
    assert "深圳市华强电子有限公司" in r.stdout and "24442000000012345678" in r.stdout
    assert "951.46" in r.stdout and "amount in words" in r.stdout


def test_extract_corrupt_exits_non_zero_with_one_clear_line(demo):
    r = runner.invoke(app, ["extract", str(demo["corrupt"])])
    assert r.exit_code == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: corrupt.pdf: the PDF is damaged")


def test_extract_many_files_reports_the_bad_one_and_prints_the_rest(demo):
    r = runner.invoke(
        app, ["extract", str(demo["small"]), str(demo["corrupt"]), str(demo["ubl"]), "--json"]
    )
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert [d.get("reader", d.get("error_kind")) for d in data] == ["layout", "corrupt_pdf", "ubl"]
