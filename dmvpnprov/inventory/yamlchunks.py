"""Parse a large top-level YAML mapping (``hosts.yaml``) in parallel chunks.

A 100,000-host ``hosts.yaml`` takes seconds to parse even with libyaml, in one process,
before anything else can start. Its top-level keys are independent hosts, so the file
is cut at top-level keys (lines starting in column 0) into chunks of about 1 MiB; forked
workers parse the chunks and send the data back as :mod:`marshal` bytes (plain types,
fast to load). The result is the same data and the same duplicate-key records as one
parse; whenever that cannot be sure, :func:`parse_chunks` returns ``None`` and the
caller parses the whole file as before:

* the file is small, there is one core, ``fork`` is missing or other threads run;
* it holds anchors, aliases, tags, directives or document markers (``& * ! % --- ...``
  anywhere: a chunk could need another's anchor);
* a chunk does not parse, is not a mapping, or holds data marshal cannot carry;
* the same top-level key appears in two chunks (the whole parse reports it with lines).

Examples:
    >>> cuts("a: 1\\nb:\\n  c: 2\\nd: 3\\n", 2)
    [0, 15]
"""

from __future__ import annotations

import logging
import marshal
import multiprocessing
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["CHUNK_BYTES", "MIN_BYTES", "Parsed", "cuts", "parse_chunks"]

log = logging.getLogger(__name__)

MIN_BYTES = 2 << 20  # below this one parse is quicker than starting workers
CHUNK_BYTES = 1 << 20  # a chunk's node tree is ~30x its text: keep chunks small
Parsed = tuple[Any, list[tuple[str, "int | None", bool]]]  # data, (key, line, top_level)
_UNSAFE = re.compile(r"[&*!]|^(?:%|---|\.\.\.)", re.MULTILINE)
_TOP_KEY = re.compile(r"\n(?=[^\s#])")


def cuts(text: str, parts: int) -> list[int]:
    """Offsets where chunks start: 0, then the first top-level line after each
    ``len(text) / parts`` step."""
    out = [0]
    for i in range(1, parts):
        m = _TOP_KEY.search(text, max(out[-1] + 1, len(text) * i // parts))
        if m is None:
            break
        if m.end() > out[-1]:
            out.append(m.end())
    return out


def _workers() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


# Set in the parent before forking: what forked workers parse (the text is inherited,
# not sent: a task is two offsets).
_parse: Callable[[str], Parsed | None] | None = None
_text = ""


def _chunk(span: tuple[int, int]) -> bytes | None:
    assert _parse is not None
    got = _parse(_text[span[0] : span[1]])
    if got is None or not isinstance(got[0], dict | None):
        return None
    try:
        return marshal.dumps(got)
    except ValueError:
        return None


def parse_chunks(
    text: str, parse: Callable[[str], Parsed | None], workers: int | None = None
) -> Parsed | None:
    """``parse(text)`` computed in chunks by forked workers, or ``None`` (see above).

    ``parse`` returns the data and duplicate keys of a text, or ``None`` when it does not
    parse; a module-level function (the workers inherit it). Chunks are about
    :data:`CHUNK_BYTES` each (at least one per worker), so a worker never holds the node
    tree of a large part of the file, and the results are merged as they come.
    """
    global _parse, _text  # what forked workers read
    workers = _workers() if workers is None else workers
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(text) < MIN_BYTES or workers < 2 or not forkable or _UNSAFE.search(text):
        return None
    rounds = -(-len(text) // (CHUNK_BYTES * workers))  # every worker gets as many chunks
    starts = cuts(text, workers * rounds)
    if len(starts) < 2:
        return None
    spans = list(zip(starts, [*starts[1:], len(text)], strict=True))
    _parse, _text = parse, text
    data: dict[Any, Any] = {}
    duplicates: list[tuple[str, int | None, bool]] = []
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, context) as pool:
            line = 0
            for (a, b), blob in zip(spans, pool.map(_chunk, spans), strict=True):
                if blob is None:
                    return None
                part, dups = marshal.loads(blob)  # noqa: S302 - our own workers' plain data
                del blob
                if part and not data.keys().isdisjoint(part):
                    return None
                data.update(part or {})
                duplicates += [(k, None if n is None else n + line, top) for k, n, top in dups]
                line += text.count("\n", a, b)
    finally:
        _parse, _text = None, ""
    log.debug("parsed %d bytes of YAML in %d chunks", len(text), len(spans))
    return data, duplicates
