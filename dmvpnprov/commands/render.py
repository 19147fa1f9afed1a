"""``dmvpnprov render``: load, select, render, mask, write (or ``--check``), report.

A large fleet is rendered by worker processes, each taking a share of the hosts through
render and masking, then writing (files are independent), so a 10,000-spoke fleet uses
every core. Workers are forked: they inherit the loaded fleet instead of receiving a copy.
Where ``fork`` is not available, other threads run, or the selection is small,
everything runs in this process; the files are the same bytes either way.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet, select_routers
from dmvpnprov.inventory.shards import parse_shard, shard_routers
from dmvpnprov.render.engine import render_fleet
from dmvpnprov.render.files import FileStatus, prepare, report, store, strays

__all__ = ["PARALLEL_MIN_HOSTS", "RenderJob", "render_command", "render_files", "worker_count"]

log = logging.getLogger(__name__)

PARALLEL_MIN_HOSTS = 2000  # below this, starting workers costs more than it saves
_CHUNKS_PER_WORKER = 4  # smaller shares even out slow and fast workers


@dataclass(frozen=True)
class RenderJob:
    """What every worker needs: the fleet and where (and how) to write."""

    fleet: Fleet
    templates: Path | None
    output: Path
    check: bool
    show_secrets: bool
    existing: frozenset[str]
    environ: Mapping[str, str] | None = None  # secret variables (default: os.environ)


_job: RenderJob | None = None  # a worker's job, inherited from the parent by fork


def _init_worker(job: RenderJob) -> None:
    global _job  # noqa: PLW0603 - set once per worker process
    _job = job


def _render_share(job: RenderJob, names: list[str]) -> dict[str, str]:
    secrets = SecretStore(job.environ)
    configs = render_fleet(job.fleet, secrets, job.templates, names)
    if job.show_secrets:
        return configs
    return {name: secrets.mask(text) for name, text in configs.items()}


def _store_share(job: RenderJob, configs: dict[str, str]) -> FileStatus:
    mode = 0o600 if job.show_secrets else 0o644
    return store(configs, job.output, check=job.check, mode=mode, existing=job.existing)


def _worker_render(names: list[str]) -> dict[str, str]:
    assert _job is not None, "worker started without its job"
    return _render_share(_job, names)


def _worker_store(configs: dict[str, str]) -> FileStatus:
    assert _job is not None, "worker started without its job"
    return _store_share(_job, configs)


def worker_count() -> int:
    """Worker processes to use: ``DMVPNPROV_RENDER_WORKERS`` if set (1: none), else the
    cores this process may use (its CPU affinity)."""
    wanted = os.environ.get("DMVPNPROV_RENDER_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def render_files(job: RenderJob, names: list[str], workers: int | None = None) -> FileStatus:
    """Render, mask and store ``names``, in worker processes when that pays.

    Every host is rendered before any file is written, so a template error or a missing
    secret leaves the output folder as it was.
    """
    workers = worker_count() if workers is None else workers
    # Forking a process that runs other threads (a lab in the same process, say) could
    # leave a worker waiting on a lock one of them held: then render in this process.
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers < 2 or len(names) < PARALLEL_MIN_HOSTS or not forkable:
        return _store_share(job, _render_share(job, names))
    size = -(-len(names) // (workers * _CHUNKS_PER_WORKER))
    shares = [names[i : i + size] for i in range(0, len(names), size)]
    log.debug("rendering %d hosts in %d workers", len(names), workers)
    gc.freeze()  # the fleet's objects stay shared with the workers, not copied on write
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, context, _init_worker, (job,)) as pool:
            rendered = list(pool.map(_worker_render, shares))
            status = FileStatus()
            for share in pool.map(_worker_store, rendered):
                status.add(share)
    finally:
        gc.unfreeze()
    return status


def render_command(
    *,
    inventory: Path,
    output: Path,
    templates: Path | None,
    limit: str | None,
    check: bool,
    show_secrets: bool,
    shard: str | None = None,
) -> int:
    """The ``render`` command (write masked files, or ``--check`` them); ``shard``
    (``K/N``) renders only that shard of the selection."""
    part = parse_shard(shard) if shard is not None else None
    fleet = load_fleet(inventory)
    names = [r.name for r in shard_routers(select_routers(fleet, limit), part)]
    existing = prepare(output)
    job = RenderJob(fleet, templates, output, check, show_secrets, existing)
    status = render_files(job, names)
    others = strays(existing, (r.name for r in fleet.routers))
    return report(status, output, check=check, show_secrets=show_secrets, strays=others)
