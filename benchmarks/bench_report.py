"""Time and peak memory of `legdiff report` for 100, 1,000 and 10,000 provisions a side.

The documents are generated from real legislative text in ../shared/realdata (Maryland bills and
fiscal notes, as Markdown): the ordinance gets one subsection per sentence; the practice memo
gets bullets made from the same sentences reworded (every third sentence) or from other
sentences, so there is something to find. Each size runs in a fresh process; the full Denver
report is timed from process start as well.

    python benchmarks/bench_report.py [--sizes 100 1000 10000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"


def sentences() -> list[str]:
    """Distinct sentences of real legislative text: the DC Code chapters and Maryland bills."""
    sys.path.insert(0, str(ROOT))
    from legdiff.load import load_document

    texts = [load_document(p).text for p in sorted(REALDATA.rglob("*.html")) + sorted(REALDATA.rglob("*.xml"))
             + sorted(REALDATA.rglob("*.XML"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(REALDATA.rglob("*.md"))]
    found: list[str] = []
    for text in texts:
        text = re.sub(r"[~*_#|>`\[\]]", " ", text)
        for sentence in re.split(r"(?<=[.;])\s+", " ".join(text.split())):
            words = sentence.split()
            if 8 <= len(words) <= 60 and sum(w.isalpha() for w in words) > len(words) * 0.7:
                found.append(sentence)
    return sorted(set(found))


def reword(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    for _ in range(max(1, len(words) // 6)):
        words.pop(rng.randrange(len(words)))
    return " ".join(words)


def write_case(folder: Path, size: int, pool: list[str]) -> tuple[Path, Path]:
    rng = random.Random(size)
    if len(pool) < 2 * size:  # not enough distinct sentences: add reworded copies
        pool = pool + [reword(s, rng) for n in range(2 * size // len(pool)) for s in pool]
        pool = sorted(set(pool))
    chosen = rng.sample(pool, 2 * size)
    ordinance = ["ORDINANCE NO. 1", ""]
    for n, sentence in enumerate(chosen[:size]):
        if n % 10 == 0:
            ordinance.append(f"\nSec. 1-{n // 10 + 100}. Provisions {n // 10 + 1}.")
        ordinance.append(f"({_letters(n % 10)}) {sentence}")
    memo = ["MEMORANDUM", "", "TO: Staff", "", "Current practice:", ""]
    for n in range(size):
        source = chosen[n] if n % 3 == 0 else chosen[size + n]
        memo.append(f"- {reword(source, rng)}")
    a, b = folder / "ordinance.txt", folder / "practice.txt"
    a.write_text("\n".join(ordinance) + "\n", encoding="utf-8")
    b.write_text("\n".join(memo) + "\n", encoding="utf-8")
    return a, b


def _letters(n: int) -> str:
    return "abcdefghij"[n]


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds from process start, and the child's peak resident memory in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    options = parser.parse_args()
    legdiff = [sys.executable, "-m", "legdiff"]
    with tempfile.TemporaryDirectory() as tmp:
        seconds, peak = run(legdiff + ["report", str(ROOT / "corpora" / "denver-2017"),
                                       "-o", str(Path(tmp) / "denver.html")])
        print(f"Denver report (HTML), from process start: {seconds:.2f} s, peak {peak:.0f} MB")
        if not REALDATA.exists():
            print("../shared/realdata is not present: scale runs skipped")
            return
        pool = sentences()
        previous = None
        for size in options.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            ordinance, practice = write_case(folder, size, pool)
            seconds, peak = run(legdiff + ["report", "--ordinance", str(ordinance), "--practice",
                                           str(practice), "--format", "json",
                                           "-o", str(folder / "report.json")])
            growth = f", x{seconds / previous:.1f} for x10 provisions" if previous else ""
            print(f"{size:>6} provisions a side: {seconds:7.2f} s, peak {peak:6.0f} MB{growth}")
            previous = seconds


if __name__ == "__main__":
    main()
