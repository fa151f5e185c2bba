"""Ranked keyword search over the catalogue (BM25 with field weights and a phrase bonus).

Small on purpose: 36 documents need no index library. Words are stemmed with Snowball so
"texting" finds "text" and "manipulate" finds "manipulation"; a short synonym table maps
everyday words to the catalogue's vocabulary.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import snowballstemmer

from fireside.practices.model import Practice

WORD = re.compile(r"[a-z0-9]+(?:['\u2019-][a-z0-9]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "do",
        "does",
        "for",
        "from",
        "he",
        "her",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "yours",
    ]
)
# everyday words -> catalogue words (both sides are stemmed afterwards)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": ("message", "reply"),
    "texting": ("message", "reply"),
    "message": ("text",),
    "jealous": ("jealousy", "manipulation", "games"),
    "clingy": ("smothering", "space", "available"),
    "needy": ("reassurance", "space"),
    "ghosting": ("silence", "reply"),
    "ghosted": ("silence", "reply"),
    "fight": ("anger", "argument"),
    "argument": ("anger", "petty"),
    "nag": ("petty", "harping"),
    "nagging": ("petty", "harping"),
    "funny": ("humour",),
    "humor": ("humour",),
    "hobby": ("interests", "hobbies"),
    "breathe": ("grounding", "calm"),
    "upset": ("anger", "grounding", "calm"),
    "miss": ("missing",),
}
FIELD_WEIGHTS = {"title": 3.0, "keywords": 3.0, "tags": 2.0, "summary": 1.0, "lists": 1.0}
K1, B = 1.2, 0.75
PHRASE_BONUS = 2.5

_stemmer = snowballstemmer.stemmer("english")


def tokens(text: str) -> list[str]:
    words = [w for w in WORD.findall(text.lower().replace("\u2019", "'")) if w not in STOPWORDS]
    return [str(s) for s in _stemmer.stemWords(words)]


def _expand(query_words: Sequence[str]) -> list[str]:
    expanded = list(query_words)
    for word in query_words:
        expanded.extend(SYNONYMS.get(word, ()))
    return expanded


@dataclass(frozen=True)
class Hit:
    practice: Practice
    score: float


@dataclass(frozen=True)
class _Doc:
    practice: Practice
    weighted: dict[str, float]
    length: float
    phrases: str


def _fields(practice: Practice) -> dict[str, str]:
    return {
        "title": practice.title,
        "keywords": " ".join(practice.keywords),
        "tags": " ".join(t.replace("-", " ") for t in practice.tags),
        "summary": practice.summary,
        "lists": " ".join((*practice.try_, *practice.avoid)),
    }


@cache
def _index(practices: tuple[Practice, ...]) -> tuple[tuple[_Doc, ...], dict[str, float], float]:
    docs = []
    for practice in practices:
        weighted: dict[str, float] = {}
        for field, text in _fields(practice).items():
            for token in tokens(text):
                weighted[token] = weighted.get(token, 0.0) + FIELD_WEIGHTS[field]
        phrases = " ".join(_fields(practice).values()).lower()
        docs.append(_Doc(practice, weighted, sum(weighted.values()), phrases))
    n = len(docs)
    df: Counter[str] = Counter(t for d in docs for t in d.weighted)
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
    avg = sum(d.length for d in docs) / max(n, 1)
    return tuple(docs), idf, avg


def search(practices: Iterable[Practice], query: str, *, limit: int | None = None) -> list[Hit]:
    """Practices ranked by relevance to ``query``; practices with no match are left out."""
    docs, idf, avg = _index(tuple(practices))
    raw_words = [w for w in WORD.findall(query.lower()) if w not in STOPWORDS]
    terms = set(tokens(" ".join(_expand(raw_words))))
    primary = set(tokens(" ".join(raw_words)))
    phrase = " ".join(WORD.findall(query.lower()))
    hits = []
    for doc in docs:
        score = 0.0
        for term in terms:
            tf = float(doc.weighted.get(term, 0))
            if not tf:
                continue
            weight = 1.0 if term in primary else 0.5
            norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.length / avg))
            score += weight * idf.get(term, 0.0) * norm
        if score and " " in phrase and phrase in doc.phrases:
            score += PHRASE_BONUS
        if score:
            hits.append(Hit(doc.practice, score))
    hits.sort(key=lambda h: (-h.score, h.practice.number))
    return hits[:limit] if limit else hits
