"""The learned stages' character n-grams alone: tf-idf rows times the weights, for many texts.

    .venv/bin/python benchmarks/bench_ngrams.py

Times `CharNgrams.logits` over the coach's test split (four times over, one call) with the
coach's weights, five runs, and prints the median. Not a timed test.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from fireside.coach.learned import label_model

CORPUS = Path(__file__).resolve().parents[1] / "data" / "coach" / "test.jsonl"


def main() -> None:
    model = label_model()
    assert model is not None, "the coach's weights are not installed"
    texts = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines()] * 4
    runs = []
    for _ in range(5):
        begin = time.perf_counter()
        model.ngrams.logits(texts, model.ngram_coef)
        runs.append(time.perf_counter() - begin)
    median = statistics.median(runs)
    print(
        f"n-gram logits for {len(texts)} texts: median {median * 1e3:.0f} ms "
        f"({median / len(texts) * 1e6:.0f} µs a text)"
    )


if __name__ == "__main__":
    main()
