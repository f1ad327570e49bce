"""Cases: a folder of documents with their roles, from a case.toml manifest or a gold.json.

case.toml:
    [case]
    name = "denver-2017"
    title = "..."
    ordinance = "ordinance-final.txt"      # the version a report uses by default
    [documents]
    ordinance = ["ordinance-committee.txt", "ordinance-final.txt"]
    practice = ["memo.txt"]
    order = ["order.txt"]
    concerns = ["letter.txt"]

or the same keys without the tables ("flat"): ordinance = "FILE" (or a list of versions, the
last one used), practice = [...], order = [...], concerns = [...].

A folder with only a gold.json (the labelled-case format) names its documents in "documents".
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from legdiff.errors import CaseError

ROLES = ("practice", "order", "concerns")


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    title: str
    root: Path
    ordinance: str  # path of the ordinance the report uses
    practice: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()  # every ordinance version, oldest first
    gold: Path | None = None


def load_case(path: str | Path) -> Case:
    """Read a case folder, a case.toml or a gold.json; raise CaseError naming the fix."""
    path = Path(path)
    if path.is_dir():
        manifest = path / "case.toml"
        if manifest.exists():
            return _from_toml(manifest)
        gold = path / "gold.json"
        if gold.exists():
            return _from_gold(gold)
        raise CaseError(f"{path}: no case.toml or gold.json in this folder; add a case.toml "
                        "naming the ordinance and the other documents")
    if path.suffix == ".toml":
        return _from_toml(path)
    if path.suffix == ".json":
        return _from_gold(path)
    raise CaseError(f"{path}: not a case folder or manifest; give a folder with a case.toml, or "
                    "use --ordinance FILE")


def _from_toml(manifest: Path) -> Case:
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CaseError(f"{manifest}: not valid TOML ({error}); fix the manifest") from error
    root = manifest.parent
    if "case" in data or "documents" in data:
        meta, documents = data.get("case", {}), data.get("documents", {})
    else:  # a flat manifest: name = ..., ordinance = "FILE" (or its versions, last used), practice = [...]
        meta, documents = data, {role: data[role] for role in ("ordinance", *ROLES) if role in data}
    versions = tuple(_paths(root, documents.get("ordinance", []), manifest))
    chosen = meta.get("ordinance")
    if isinstance(chosen, str) and chosen:
        ordinance = str(root / chosen)
    elif chosen is None or isinstance(chosen, list):
        ordinance = versions[-1] if versions else ""
    else:
        ordinance = ""
    if not ordinance:
        raise CaseError(f"{manifest}: names no ordinance; add ordinance = \"FILE\" (under [case] "
                        "if the manifest has tables)")
    gold = root / "gold.json"
    return Case(meta.get("name", root.name), meta.get("title", ""), root, ordinance,
                *(tuple(_paths(root, documents.get(role, []), manifest)) for role in ROLES),
                versions=versions or (ordinance,), gold=gold if gold.exists() else None)


def _from_gold(gold: Path) -> Case:
    data = read_gold(gold)
    root = gold.parent
    documents = data.get("documents", {})
    ordinance = documents.get("ordinance")
    if not isinstance(ordinance, str):
        raise CaseError(f"{gold}: \"documents\" names no ordinance file; add \"ordinance\": FILE")
    return Case(data.get("case", root.name), "", root, str(root / ordinance),
                *(tuple(_paths(root, documents.get(role, []), gold)) for role in ROLES),
                versions=(str(root / ordinance),), gold=gold)


def read_gold(gold: Path) -> dict:
    try:
        data = json.loads(gold.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CaseError(f"{gold}: cannot read the gold labels ({error}); check it is valid JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list) or \
            not isinstance(data.get("documents"), dict):
        raise CaseError(f"{gold}: gold labels need an object with \"documents\" and \"items\"")
    documents = data["documents"]
    if not isinstance(documents.get("ordinance"), str):
        raise CaseError(f"{gold}: \"documents\" needs \"ordinance\": one file name in quotes")
    for role in ROLES:
        names = documents.get(role, [])
        if isinstance(names, str):
            documents[role] = [names]
        elif not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise CaseError(f"{gold}: \"documents\".\"{role}\" must be a list of file names")
    for number, item in enumerate(data.get("items", []), 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str)
                                                 for k in ("doc", "quote", "status")):
            raise CaseError(f"{gold}: item {number} needs \"doc\", \"quote\" and \"status\" as text")
    return data


def _paths(root: Path, names, manifest: Path) -> list[str]:
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise CaseError(f"{manifest}: document lists must be file names in quotes")
    return [str(root / name) for name in names]
