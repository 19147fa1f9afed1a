"""Render the intended configs the model reads (secret tokens), in worker processes when
the fleet is large, as ``dmvpnprov render`` does (forked workers inherit the fleet)."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

from dmvpnprov.commands.render import PARALLEL_MIN_HOSTS, worker_count
from dmvpnprov.core.models import Fleet
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.render.tokens import TokenSecretStore

__all__ = ["render_tokens"]

log = logging.getLogger(__name__)
_CHUNKS_PER_WORKER = 4
_fleet: Fleet | None = None  # a worker's fleet, inherited from the parent by fork


def _init(fleet: Fleet) -> None:
    global _fleet  # noqa: PLW0603 - set once per worker process
    _fleet = fleet


def _share(names: list[str]) -> dict[str, str]:
    assert _fleet is not None, "worker started without its fleet"
    return render_fleet(_fleet, TokenSecretStore({}), names=names)


def render_tokens(fleet: Fleet, workers: int | None = None) -> dict[str, str]:
    """Every router's intended config with a token for each secret, inventory order."""
    names = [r.name for r in fleet.routers]
    workers = worker_count() if workers is None else workers
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers < 2 or len(names) < PARALLEL_MIN_HOSTS or not forkable:
        return render_fleet(fleet, TokenSecretStore({}))
    size = -(-len(names) // (workers * _CHUNKS_PER_WORKER))
    shares = [names[i : i + size] for i in range(0, len(names), size)]
    log.debug("rendering %d hosts for the model in %d workers", len(names), workers)
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, context, _init, (fleet,)) as pool:
            out: dict[str, str] = {}
            for part in pool.map(_share, shares):
                out.update(part)
    finally:
        gc.unfreeze()
    return {n: out[n] for n in names}
