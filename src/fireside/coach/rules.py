"""Load the coach's data files (rules, wording, lexicon) once, validated and compiled."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fireside.coach.model import ALL_LABELS, PROBLEM_LABELS
from fireside.errors import CatalogueError

DETECTORS = frozenset({"shouting", "exclaiming", "humor"})
LEARNED = "learned"  # the detector name of findings that only the learned stage made


@dataclass(frozen=True)
class Rule:
    label: str
    pattern: Matcher | None  # all of the rule's patterns, as one alternation
    unless: Matcher | None  # matched in the sentence the pattern matched
    # matched anywhere in the draft ("…? Could we sit down on Sunday?")
    unless_in_draft: Matcher | None
    topic: Matcher | None  # just the patterns that name a topic (for rewrites)
    detector: str | None
    severity: str
    why: str
    rewrite: str | None  # wording key; "" means drop the sentence; None for strengths
    practices: tuple[str, ...]


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once, cached
class RuleBook:
    rules: tuple[Rule, ...]
    rewrite_priority: tuple[str, ...]
    suppress: dict[str, tuple[str, ...]]  # keys found by a rule
    suppress_found: dict[str, tuple[str, ...]]  # keys found by a rule or the learned stage
    learned: dict[str, Rule]  # per label: what a finding only the learned stage made says
    wording: dict[str, Any]
    lexicon: dict[str, Any]


def _read(name: str) -> dict[str, Any]:
    data = resources.files("fireside.coach").joinpath(name).read_bytes()
    return tomllib.loads(data.decode("utf-8"))


_MACRO = re.compile(r"<<(\w+)>>")
_TOPIC_GROUP = re.compile(r"\(\?P<topic>")
_ESCAPE = re.compile(r"\\.|\(\?P<\w+>")


@dataclass(frozen=True)
class Matcher:
    """Several patterns joined into one regex: one search per rule, not one per pattern.

    Patterns are written in lower case and matched against the lower-cased sentence, which is
    faster than case-insensitive matching; the rare text whose lower-case form changes length
    (so offsets would shift) is matched case-insensitively instead.
    """

    lower: re.Pattern[str]
    anycase: re.Pattern[str]

    def search(self, text: str, lowered: str) -> re.Match[str] | None:
        if len(lowered) == len(text):
            return self.lower.search(lowered)
        return self.anycase.search(text)

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        if len(lowered) == len(text):
            return self.lower.finditer(lowered)
        return self.anycase.finditer(text)


def _compile(
    patterns: list[str], where: str, macros: dict[str, str], *, case_sensitive: bool = False
) -> Matcher | None:
    """Check each pattern alone (for a clear error), then join them.

    Named ``topic`` groups are numbered (``topic0``, ``topic1``…) so they can share a regex.
    """

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise CatalogueError(f"coach/rules.toml: {where}: unknown macro <<{name}>>")
        return f"(?:{macros[name]})"

    parts = []
    for number, pattern in enumerate(patterns):
        expanded = _MACRO.sub(expand, pattern)
        if not case_sensitive and _ESCAPE.sub("", expanded) != _ESCAPE.sub("", expanded).lower():
            raise CatalogueError(
                f"coach/rules.toml: {where}: write patterns in lower case: {pattern!r}"
            )
        try:
            re.compile(expanded)
        except re.error as exc:
            raise CatalogueError(
                f"coach/rules.toml: {where}: bad pattern {pattern!r}: {exc}"
            ) from exc
        parts.append(_TOPIC_GROUP.sub(f"(?P<topic{number}>", expanded))
    if not parts:
        return None
    joined = "|".join(f"(?:{part})" for part in parts)
    if case_sensitive:
        exact = re.compile(joined)
        return Matcher(exact, exact)
    return Matcher(re.compile(joined), re.compile(joined, re.IGNORECASE))


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
        exact = bool(entry.get("case_sensitive"))
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
            if not rewrite or rewrite not in wording["rewrite"]:
                raise CatalogueError(f"coach/rules.toml: {where}: rewrite {rewrite!r} unknown")
            if entry.get("severity") not in ("gentle", "strong"):
                raise CatalogueError(f"coach/rules.toml: {where}: severity must be gentle|strong")
        rules.append(
            Rule(
                label=label,
                pattern=_compile(
                    list(entry.get("patterns", ())), where, macros, case_sensitive=exact
                ),
                unless=_compile(list(entry.get("unless", ())), where, macros, case_sensitive=exact),
                unless_in_draft=_compile(
                    list(entry.get("unless_in_draft", ())), where, macros, case_sensitive=exact
                ),
                topic=_compile(
                    [p for p in entry.get("patterns", ()) if "(?P<topic>" in p],
                    where,
                    macros,
                    case_sensitive=exact,
                ),
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
        suppress_found={k: tuple(v) for k, v in raw.get("suppress_found", {}).items()},
        learned=_learned_rules(raw.get("learned", {}), wording, known_practices, macros),
        wording=wording,
        lexicon=lexicon,
    )


def _learned_rules(
    table: dict[str, dict[str, Any]],
    wording: dict[str, Any],
    known_practices: set[str],
    macros: dict[str, str],
) -> dict[str, Rule]:
    """One rule-shaped entry per label for findings only the learned stage made.

    Its ``unless`` patterns withdraw the learned stage's finding of the label from a draft that
    says it the way the practice advises (a heavy topic raised with "when would suit you?")."""
    if set(table) != set(ALL_LABELS):
        missing = sorted(set(ALL_LABELS) - set(table))
        raise CatalogueError(
            f"coach/rules.toml: [learned] must cover every label; missing {missing}"
        )
    learned: dict[str, Rule] = {}
    for label, entry in table.items():
        where = f"coach/rules.toml: [learned.{label}]"
        practices = tuple(entry.get("practices", ()))
        if not practices or set(practices) - known_practices:
            raise CatalogueError(f"{where}: practices {practices} not in catalogue")
        is_problem = label in PROBLEM_LABELS
        why, rewrite = entry.get("why", ""), entry.get("rewrite")
        if is_problem and (why not in wording["why"] or rewrite not in wording["rewrite"]):
            raise CatalogueError(f"{where}: why {why!r} or rewrite {rewrite!r} not in wording.toml")
        learned[label] = Rule(
            label=label,
            pattern=None,
            unless=_compile(list(entry.get("unless", ())), where, macros),
            unless_in_draft=None,
            topic=None,
            detector=LEARNED,
            severity=entry.get("severity", ""),
            why=why,
            rewrite=rewrite if is_problem else None,
            practices=practices,
        )
    return learned
