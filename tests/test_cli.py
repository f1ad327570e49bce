"""The command line: help with examples, exact error lines and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from legdiff.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", [[], ["segment"], ["report"], ["eval"]])
def test_cli_help_shows_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "legdiff " in result.output


def _bad_inputs(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\x7fELF" * 10)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 rules apply.".encode("latin-1"))
    unknown = tmp_path / "notes.xyz"
    unknown.write_text("Some text.")
    return [
        # (file, words the one error line must contain)
        (tmp_path / "missing.txt", "no such file"),
        (tmp_path, "is a directory"),
        (empty, "has no text"),
        (binary, "binary file"),
        (latin, "--encoding"),
        (unknown, "unknown file type"),
    ]


def test_cli_bad_inputs_give_one_error_line_and_status_2(tmp_path):
    for path, words in _bad_inputs(tmp_path):
        result = run("segment", str(path))
        assert result.exit_code == 2, (path, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
        assert str(path) in lines[0] and words in lines[0]
        assert "Traceback" not in result.output


def test_cli_latin1_reads_with_encoding_option(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 rules apply to everyone here.".encode("latin-1"))
    result = run("segment", str(latin), "--encoding", "latin-1")
    assert result.exit_code == 0 and "Café rules" in result.output


def test_cli_segment_json_has_the_contract_fields():
    path = ROOT / "corpora" / "denver-2017" / "ordinance-final-2017-08-28.txt"
    result = run("segment", str(path), "--format", "json")
    data = json.loads(result.stdout)
    assert data["schema"] == "legdiff/segment-1"
    provision = next(p for p in data["provisions"] if p["citation"] == "Sec. 28-253(a)")
    assert set(provision) >= {"id", "doc", "citation", "heading", "text", "start", "end", "parent"}
    source = path.read_text(encoding="utf-8")
    assert source[provision["start"]:provision["end"]] == provision["text"]


def test_cli_report_without_ordinance_is_an_error(tmp_path):
    memo = tmp_path / "memo.txt"
    memo.write_text("The jail does not hold people on detainers.")
    result = run("report", "--practice", str(memo))
    assert result.exit_code == 2
    assert result.output.startswith("Error: no ordinance given")


def test_cli_report_same_file_twice_is_an_error(tmp_path):
    ordinance = tmp_path / "ord.txt"
    ordinance.write_text("Sec. 1. Rule.\n(a) No agency shall hold any person on a detainer.\n")
    result = run("report", "--ordinance", str(ordinance), "--practice", str(ordinance))
    assert result.exit_code == 2
    assert "given twice" in result.output and str(ordinance) in result.output


def test_cli_missing_model_falls_back_and_says_so_once(tmp_path):
    ordinance = tmp_path / "ord.txt"
    ordinance.write_text("Sec. 1. Rule.\n(a) No agency shall hold any person on a detainer.\n")
    memo = tmp_path / "memo.txt"
    memo.write_text("The jail does not hold anyone on a detainer alone.\n")
    result = run("report", "--ordinance", str(ordinance), "--practice", str(memo), "--model", "minilm",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        assert result.stderr.count("Warning: the 'minilm' similarity model is not available") == 1
    assert '"schema": "legdiff/report-1"' in result.stdout
