"""Accuracy on labelled cases, measured by `legdiff eval` and guarded by floors.

The floors sit a little under what the current code measures, so a change that makes alignment
worse fails here instead of silently shipping. Raise them when accuracy improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from legdiff.cli import main
from legdiff.evaluate import evaluate_case

ROOT = Path(__file__).resolve().parents[1]
DEV_CASES = ROOT.parent / "shared" / "dev-cases"

# (case folder, status accuracy floor, alignment F1 floor)
FLOORS = [
    (ROOT / "corpora" / "denver-2017", 0.87, 0.55),
    (ROOT / "corpora" / "riverton-tenant-protections", 0.77, 0.75),
    (ROOT / "corpora" / "lakeport-wage-theft", 0.80, 0.76),
    (ROOT / "corpora" / "maplewood-body-cameras", 0.77, 0.73),
    (ROOT / "corpora" / "harborview-language-access", 0.82, 0.80),
    (ROOT / "corpora" / "fairhaven-short-term-rentals", 0.74, 0.69),
    (ROOT / "corpora" / "mesaverde-heat-safety", 0.80, 0.65),
    (ROOT / "corpora" / "northgate-fair-chance", 0.78, 0.52),
    (ROOT / "corpora" / "westbrook-lead-lines", 0.72, 0.57),
    (ROOT / "corpora" / "pinecrest-tree-protection", 0.75, 0.55),
    (ROOT / "corpora" / "lakeside-jail-communications", 0.73, 0.63),
    (ROOT / "corpora" / "harlow-snow-clearing", 0.63, 0.50),
    (ROOT / "corpora" / "corbin-public-records", 0.73, 0.63),
    (ROOT / "corpora" / "brightwater-construction-noise", 0.69, 0.58),
    (ROOT / "corpora" / "kessler-ambulance", 0.75, 0.65),
    (ROOT / "corpora" / "ashford-water-shutoffs", 0.62, 0.37),
    (ROOT / "corpora" / "dunmore-traffic-stops", 0.64, 0.31),
    (ROOT / "corpora" / "greyfield-sidewalk-vending", 0.68, 0.45),
    (ROOT / "corpora" / "halton-library-privacy", 0.74, 0.45),
    (ROOT / "corpora" / "elm-park-sick-leave", 0.70, 0.59),
    (ROOT / "corpora" / "quarry-falls-plastic-bags", 0.64, 0.39),
    (ROOT / "corpora" / "ridgeway-cannabis-lounges", 0.71, 0.56),
    (ROOT / "corpora" / "tillman-heat-in-rentals", 0.78, 0.63),
    (ROOT / "corpora" / "leander-encampment-cleanups", 0.66, 0.42),
    (ROOT / "corpora" / "pemberton-eviction-counsel", 0.76, 0.61),
    (ROOT / "corpora" / "kingsbridge-rental-licensing", 0.80, 0.68),
    (ROOT / "corpora" / "sandoval-delivery-pay", 0.71, 0.42),
    (ROOT / "corpora" / "wirralong-animal-shelter", 0.62, 0.40),
    (ROOT / "corpora" / "calloway-school-officers", 0.62, 0.45),
    (ROOT / "corpora" / "ottoway-police-raids", 0.71, 0.62),
    (ROOT / "corpora" / "brackley-fines-fees", 0.80, 0.61),
    (ROOT / "corpora" / "fenmoor-escooters", 0.71, 0.65),
    (ROOT / "corpora" / "marlow-towing", 0.78, 0.60),
    (ROOT / "corpora" / "riverbend-protest-permits", 0.67, 0.52),
    (ROOT / "corpora" / "ashgrove-shelter-standards", 0.70, 0.52),
    (ROOT / "corpora" / "brookhaven-leaf-blowers", 0.73, 0.47),
    (ROOT / "corpora" / "calder-lobbying", 0.77, 0.62),
    (ROOT / "corpora" / "fairmont-restrooms", 0.69, 0.50),
    (ROOT / "corpora" / "juniper-tobacco-licensing", 0.68, 0.36),
    (ROOT / "corpora" / "sanmateo-smoke-free", 0.71, 0.52),
    (ROOT / "corpora" / "kaimana-police-drones", 0.80, 0.59),
    (ROOT / "corpora" / "tarawera-dog-bylaw", 0.72, 0.60),
    (DEV_CASES / "oakridge-surveillance", 0.88, 0.70),
]


@pytest.mark.parametrize("case,status_floor,f1_floor", FLOORS, ids=lambda v: getattr(v, "name", v))
def test_eval_accuracy_stays_above_floors(case, status_floor, f1_floor):
    if not case.exists():
        pytest.skip(f"{case} is not present (../shared/dev-cases is read from the shared folder)")
    score = evaluate_case(case)
    assert score.items > 50
    assert score.status_accuracy >= status_floor, score.errors
    assert score.f1 >= f1_floor, score.errors


def test_eval_command_prints_scores_and_errors():
    result = CliRunner().invoke(main, ["eval", str(ROOT / "corpora" / "denver-2017")])
    assert result.exit_code == 0, result.output
    assert "denver-2017: status accuracy" in result.output and "F1" in result.output


def test_eval_finds_a_wrong_label(tmp_path):
    """A gold file that says the opposite of the truth must score worse than the real one."""
    import json
    source = ROOT / "corpora" / "denver-2017"
    gold = json.loads((source / "gold.json").read_text(encoding="utf-8"))
    flipped = {"codified": "new", "new": "codified", "covered": "missing", "missing": "covered"}
    for item in gold["items"]:
        item["status"] = flipped[item["status"]]
    for name in set([gold["documents"]["ordinance"]] + [f for role in ("practice", "order", "concerns")
                                                        for f in gold["documents"][role]]):
        (tmp_path / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert evaluate_case(tmp_path).status_accuracy < 0.3


# (what is wrong with the gold file, words of the one error line)
BAD_GOLD = [
    ({"items": []}, 'need an object with "documents"'),
    ({"documents": {"ordinance": ["a.txt"]}, "items": []}, '"ordinance": one file name'),
    ({"documents": {"ordinance": "a.txt"}, "items": [{"doc": "a.txt", "status": "new"}]},
     'item 1 needs "doc", "quote" and "status"'),
]


@pytest.mark.parametrize("gold,words", BAD_GOLD)
def test_eval_bad_gold_is_one_error_line(gold, words, tmp_path):
    import json
    (tmp_path / "a.txt").write_text("Sec. 1. Rule.\n(a) No agency shall hold anyone.\n")
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and words in result.output, result.output
