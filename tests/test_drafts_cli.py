"""`legdiff diff OLD NEW`: exit status as diff(1), exact messages, and JSON that validates."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from legdiff import serialize
from legdiff.cli import main

ROOT = Path(__file__).resolve().parents[1]
DENVER = ROOT / "corpora" / "denver-2017"
COMMITTEE = DENVER / "ordinance-committee-2017-08-02.txt"
FINAL = DENVER / "ordinance-final-2017-08-28.txt"


def run(*args: str):
    return CliRunner().invoke(main, ["diff", *args])


def test_drafts_cli_identical_drafts_exit_0_and_say_so(tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copyfile(COMMITTEE, copy)
    result = run(str(COMMITTEE), str(copy), "--format", "json", "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Wrote {tmp_path / 'out.json'}",
        f"No differences: {COMMITTEE} and {copy} have the same provisions"]
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["differences"] is False


def test_drafts_cli_the_same_file_twice_has_no_differences():
    result = run(str(FINAL), str(FINAL), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["id"] for d in data["documents"]] == [
        "old/ordinance-final-2017-08-28.txt", "new/ordinance-final-2017-08-28.txt"]


def test_drafts_cli_different_drafts_exit_1_with_a_summary_line():
    result = run(str(COMMITTEE), str(FINAL), "--format", "json")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == \
        "Differences: provisions 12 added, 3 deleted, 7 amended; some moved, renumbered"
    data = json.loads(result.stdout)
    jsonschema.validate(data, serialize.schema("diff-1"))
    assert [d["role"] for d in data["documents"]] == ["old", "new"]
    assert data["summary"]["differences"] is True


def test_drafts_cli_missing_file_exits_2_with_one_error_line(tmp_path):
    missing = tmp_path / "missing.txt"
    result = run(str(missing), str(FINAL))
    assert result.exit_code == 2
    assert result.output == f"Error: {missing}: no such file; check the path\n"


def test_drafts_cli_unreadable_new_draft_names_the_file(tmp_path):
    binary = tmp_path / "draft.txt"
    binary.write_bytes(b"\x00\x01\x02" * 20)
    result = run(str(COMMITTEE), str(binary))
    assert result.exit_code == 2
    assert result.output == (f"Error: {binary}: this is a binary file, not a document; give a "
                             ".txt, .md, .html, .xml, .docx or .pdf file\n")


def test_drafts_cli_different_kinds_of_document_warn_and_still_compare():
    memo = DENVER / "practice-sheriff-memo.txt"
    result = run(str(FINAL), str(memo), "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Warning: {FINAL} reads as legislation and {memo} as a memorandum; they are compared as "
        "two drafts of one document anyway; check that they are")
    jsonschema.validate(json.loads(result.stdout), serialize.schema("diff-1"))


@pytest.mark.parametrize("fmt", ["html", "md", "csv"])
def test_drafts_cli_renders_every_format(tmp_path, fmt):
    out = tmp_path / f"changes.{fmt}"
    result = run(str(COMMITTEE), str(FINAL), "--format", fmt, "-o", str(out))
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    assert "28-257" in text and "thirty (30)" in text


def test_drafts_cli_help_explains_exit_status():
    result = CliRunner().invoke(main, ["diff", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "legdiff diff " in result.output
    assert "0 when the drafts have the same provisions" in result.output


def test_drafts_cli_exit_status_from_a_real_process(tmp_path):
    command = [sys.executable, "-m", "legdiff", "diff", str(COMMITTEE), str(FINAL), "--format", "json",
               "-o", str(tmp_path / "out.json")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 1, done.stderr
    missing = subprocess.run(command[:4] + [str(tmp_path / "nope.txt"), str(FINAL)], capture_output=True,
                             text=True, cwd=tmp_path, timeout=300)
    assert missing.returncode == 2
    assert missing.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file; check the path\n"


def test_drafts_read_side_by_side_give_the_same_result(monkeypatch):
    """Large drafts are read in two processes; the result must not depend on it."""
    from legdiff import pipeline, serialize

    old = str(COMMITTEE)
    new = str(COMMITTEE.with_name("ordinance-final-2017-08-28.txt"))
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 10**12)
    alone = serialize.dumps(serialize.diff_json(pipeline.build_diff(old, new)))
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    side_by_side = serialize.dumps(serialize.diff_json(pipeline.build_diff(old, new)))
    assert side_by_side == alone
    assert '"status": "deleted"' in alone


def test_drafts_short_cross_reference_that_follows_renumbering_is_trivial(tmp_path):
    old = tmp_path / "v1.txt"
    old.write_text("Section 1. Scope.\nThis applies to all agencies.\n\nSection 2. Rules.\n"
                   "See Section 3.\n\nSection 3. Fees.\nThe fee is ten dollars.\n")
    new = tmp_path / "v2.txt"
    new.write_text("Section 1. Scope.\nThis applies to all agencies.\n\nSection 2. Notice.\n"
                   "The agency shall give notice of every hearing.\n\nSection 3. Rules.\n"
                   "See Section 4.\n\nSection 4. Fees.\nThe fee is ten dollars.\n")
    result = run(str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [rules] = [a for a in data["alignments"] if a["old_citation"] == "Section 2"]
    assert rules["new_citation"] == "Section 3" and "renumbered" in rules["flags"]
    assert rules["grade"] == "trivial"
    assert result.stderr.strip().startswith("Differences: provisions 1 added, 1 amended")
