"""Time `legdiff segment` on the largest real document: DC Code title 1 chapter 6 (2.5 MB of HTML,
1.3 MB of text). The goal is under 5 s on this machine, from process start.

    python benchmarks/bench_segment.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT.parent / "shared" / "realdata" / "dc-code-title1-ch6-merit-personnel-html" / "v2024-10-20.html"


def main() -> None:
    if not PAGE.exists():
        print(f"{PAGE} is not present; nothing to measure")
        return
    command = [sys.executable, "-m", "legdiff", "segment", str(PAGE), "--format", "json"]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    print(f"legdiff segment {PAGE.name}: best {min(times):.2f} s, worst {max(times):.2f} s "
          "(from process start, JSON output)")

    sys.path.insert(0, str(ROOT))
    from legdiff import nlp
    from legdiff.load import load_document
    from legdiff.segment import segment

    nlp.pipeline()
    start = time.perf_counter()
    document = load_document(PAGE)
    loaded = time.perf_counter()
    segmented = segment(document)
    done = time.perf_counter()
    print(f"in process: read {loaded - start:.2f} s, segment {done - loaded:.2f} s, "
          f"{len(document.text):,} characters, {len(segmented.provisions):,} provisions")


if __name__ == "__main__":
    main()
