"""Load the coach's data files (rules, wording, lexicon) once, validated and compiled."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fireside.coach.model import ALL_LABELS, PROBLEM_LABELS
from fireside.errors import CatalogueError

DETECTORS = frozenset({"shouting", "exclaiming", "humor"})


@dataclass(frozen=True)
class Rule:
    label: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    detector: str | None
    severity: str
    why: str
    rewrite: str | None  # wording key; "" means drop the sentence; None for strengths
    practices: tuple[str, ...]

    @property
    def is_problem(self) -> bool:
        return self.label in PROBLEM_LABELS


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once, cached
class RuleBook:
    rules: tuple[Rule, ...]
    rewrite_priority: tuple[str, ...]
    suppress: dict[str, tuple[str, ...]]
    wording: dict[str, Any]
    lexicon: dict[str, Any]


def _read(name: str) -> dict[str, Any]:
    data = resources.files("fireside.coach").joinpath(name).read_bytes()
    return tomllib.loads(data.decode("utf-8"))


_MACRO = re.compile(r"<<(\w+)>>")


def _compile(pattern: str, flags: int, where: str, macros: dict[str, str]) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise CatalogueError(f"coach/rules.toml: {where}: unknown macro <<{name}>>")
        return f"(?:{macros[name]})"

    try:
        return re.compile(_MACRO.sub(expand, pattern), flags)
    except re.error as exc:
        raise CatalogueError(f"coach/rules.toml: {where}: bad pattern {pattern!r}: {exc}") from exc


@cache
def rule_book() -> RuleBook:
    raw, wording, lexicon = _read("rules.toml"), _read("wording.toml"), _read("lexicon.toml")
    from fireside.practices import load_catalogue

    known_practices = {p.id for p in load_catalogue()}
    macros: dict[str, str] = dict(raw.get("macros", {}))
    rules = []
    for number, entry in enumerate(raw["rule"], 1):
        where = f"rule {number} ({entry.get('label')})"
        label = entry.get("label")
        if label not in ALL_LABELS:
            raise CatalogueError(f"coach/rules.toml: {where}: unknown label")
        detector = entry.get("detector")
        if detector is not None and detector not in DETECTORS:
            raise CatalogueError(f"coach/rules.toml: {where}: unknown detector {detector!r}")
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        practices = tuple(entry.get("practices", ()))
        if not practices or set(practices) - known_practices:
            raise CatalogueError(
                f"coach/rules.toml: {where}: practices {practices} not in catalogue"
            )
        is_problem = label in PROBLEM_LABELS
        why = entry.get("why", "")
        rewrite = entry.get("rewrite") if is_problem else None
        if is_problem:
            if why not in wording["why"]:
                raise CatalogueError(f"coach/rules.toml: {where}: why {why!r} not in wording.toml")
            if rewrite is None or (rewrite and rewrite not in wording["rewrite"]):
                raise CatalogueError(f"coach/rules.toml: {where}: rewrite {rewrite!r} unknown")
            if entry.get("severity") not in ("gentle", "strong"):
                raise CatalogueError(f"coach/rules.toml: {where}: severity must be gentle|strong")
        rules.append(
            Rule(
                label=label,
                patterns=tuple(
                    _compile(p, flags, where, macros) for p in entry.get("patterns", ())
                ),
                unless=tuple(_compile(p, flags, where, macros) for p in entry.get("unless", ())),
                detector=detector,
                severity=entry.get("severity", ""),
                why=why,
                rewrite=rewrite,
                practices=practices,
            )
        )
    suppress = {k: tuple(v) for k, v in raw.get("suppress", {}).items()}
    return RuleBook(
        rules=tuple(rules),
        rewrite_priority=tuple(raw["labels"]["rewrite_priority"]),
        suppress=suppress,
        wording=wording,
        lexicon=lexicon,
    )
