"""Benchmark `legdiff diff` on the largest real pair: DC Code title 1 chapter 6, 2021 vs 2024.

Times, in one run: `legdiff diff OLD NEW --format json` as a command (Python start-up included);
the same work in this process, stage by stage (load + segment, compare with word redlines of
every changed provision, JSON); and difflib.HtmlDiff().make_file on the same pair's text lines,
the engine people reach for first. Prints the times, their ratio and peak memory.

    python benchmarks/bench_diff.py [OLD NEW] [--tracemalloc]

Not a test: timings depend on the machine. The budget is 5 s and 1 GB for the whole command.
"""

from __future__ import annotations

import difflib
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from legdiff.drafts import compare_drafts
from legdiff.models import Role
from legdiff.pipeline import segment_file
from legdiff.serialize import diff_json, dumps

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
PAIR = (REALDATA / "dc-code-title1-ch6-merit-personnel-html" / "v2021-10-18.html",
        REALDATA / "dc-code-title1-ch6-merit-personnel-html" / "v2024-10-20.html")


def time_command(old: Path, new: Path) -> tuple[float, int, float]:
    """Wall time, exit status and peak memory (MB) of `legdiff diff` in its own process."""
    command = [sys.executable, "-m", "legdiff", "diff", str(old), str(new), "--format", "json",
               "-o", "/dev/null"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        sys.exit(f"legdiff diff failed ({done.returncode}): {done.stderr}")
    return elapsed, done.returncode, max(peak, before) / 1024


def time_stages(old: Path, new: Path) -> tuple[dict[str, float], object]:
    times = {}
    start = time.perf_counter()
    drafts = (segment_file(str(old), Role.OLD, doc_id="old"),
              segment_file(str(new), Role.NEW, doc_id="new"))
    times["load + segment"] = time.perf_counter() - start
    start = time.perf_counter()
    report = compare_drafts(*drafts)
    times["compare + redline"] = time.perf_counter() - start
    start = time.perf_counter()
    dumps(diff_json(report))
    times["json"] = time.perf_counter() - start
    return times, report


def time_html_diff(report) -> tuple[float, int]:
    old_lines = report.documents[0].document.text.splitlines()
    new_lines = report.documents[1].document.text.splitlines()
    start = time.perf_counter()
    html = difflib.HtmlDiff().make_file(old_lines, new_lines)
    return time.perf_counter() - start, len(html)


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv if not a.startswith("--")] or list(PAIR)
    old, new = paths
    print(f"pair: {old.name} ({old.stat().st_size / 1e6:.2f} MB) vs "
          f"{new.name} ({new.stat().st_size / 1e6:.2f} MB)")
    command_time, status, command_peak = time_command(old, new)
    print(f"legdiff diff --format json (own process): {command_time:.2f} s, exit {status}, "
          f"peak {command_peak:.0f} MB")
    times, report = time_stages(old, new)
    for stage, seconds in times.items():
        print(f"  in process, {stage}: {seconds:.2f} s")
    changed = sum(1 for a in report.alignments if a.grade is not None)
    print(f"  {len(report.alignments)} alignments, {changed} graded, {len(report.redlines)} redlines; "
          f"text {len(report.documents[0].document.text) / 1e6:.2f} MB vs "
          f"{len(report.documents[1].document.text) / 1e6:.2f} MB")
    html_time, html_size = time_html_diff(report)
    print(f"difflib.HtmlDiff().make_file on the text lines: {html_time:.2f} s, "
          f"{html_size / 1e6:.1f} MB of HTML")
    print(f"ratio legdiff diff (command) / HtmlDiff: {command_time / html_time:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (legdiff in process, then HtmlDiff): {peak:.0f} MB")
    if "--tracemalloc" in argv:
        tracemalloc.start()
        time_stages(old, new)
        print(f"tracemalloc peak of load + segment + compare + json: "
              f"{tracemalloc.get_traced_memory()[1] / 1e6:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
