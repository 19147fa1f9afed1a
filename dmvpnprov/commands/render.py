"""``dmvpnprov render``: load, select, render, mask, write (or ``--check``), report.

A large fleet is rendered by worker processes, each taking a share of the hosts through
render, masking and comparing with the file on disk, and writing the changed ones into
a staging folder; once every host has rendered, the workers move their staged files
into place (one rename each). No config text travels between processes, and a template
error or a missing secret still leaves the output folder as it was. Workers are
forked: they inherit the loaded fleet instead of receiving a copy.
Where ``fork`` is not available, other threads run, or the selection is small,
everything runs in this process; the files are the same bytes either way.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.load import load_fleet, select_routers
from dmvpnprov.inventory.shards import parse_shard, shard_routers
from dmvpnprov.render.engine import prepare_fleet, render_fleet
from dmvpnprov.render.files import FileStatus, config_path, file_status, prepare, store, strays
from dmvpnprov.reporting.render import report

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "PARALLEL_MIN_HOSTS",
    "RenderJob",
    "exit_code",
    "render_command",
    "render_files",
    "worker_count",
    "write_or_check",
]

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
    # masked output needs no secret: an unset one stands as its mask
    secrets = SecretStore(job.environ, placeholders=not job.show_secrets)
    configs = render_fleet(job.fleet, secrets, job.templates, names)
    if job.show_secrets:
        return configs
    return {name: secrets.mask(text) for name, text in configs.items()}


def _store_share(job: RenderJob, configs: dict[str, str]) -> FileStatus:
    mode = 0o600 if job.show_secrets else 0o644
    return store(configs, job.output, check=job.check, mode=mode, existing=job.existing)


_STAGING = ".dmvpnprov-staging"  # new files wait here until every host has rendered


def _stage_share(job: RenderJob, names: list[str], direct: bool = False) -> FileStatus:
    """Render and mask ``names``, compare each with its file, and write the new bytes of
    changed ones into the staging folder (``--check``: compare only); ``direct``: into
    the output folder itself (a folder made by this run, removed whole on a failure)."""
    status = FileStatus()
    staging = job.output if direct else job.output / _STAGING
    mode = 0o600 if job.show_secrets else 0o644
    for host, text in _render_share(job, names).items():
        path, data = config_path(job.output, host), text.encode()
        state = file_status(path, data, exists=path.name in job.existing)
        if state == "same":
            status.unchanged.append(host)
        elif job.check:
            (status.missing if state == "missing" else status.differs).append(host)
        else:
            try:
                fd = os.open(staging / path.name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
            except OSError as exc:
                raise UserError(f"cannot write {staging / path.name}: {exc.strerror}") from None
            status.written.append(host)
            if direct:
                log.info("host %s: wrote %s", host, path)
    return status


def _commit_share(job: RenderJob, status: FileStatus) -> None:
    """Move a share's staged files into place (one atomic rename each)."""
    staging = job.output / _STAGING
    for host in status.written:
        path = config_path(job.output, host)
        try:
            (staging / path.name).replace(path)
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror}") from None
        log.info("host %s: wrote %s", host, path)
    if job.show_secrets and not job.check:
        for host in status.unchanged:
            path = config_path(job.output, host)
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)


def _worker_stage(names: list[str]) -> FileStatus:
    assert _job is not None, "worker started without its job"
    return _stage_share(_job, names)


def _worker_write(names: list[str]) -> FileStatus:
    assert _job is not None, "worker started without its job"
    return _stage_share(_job, names, direct=True)


def _worker_commit(status: FileStatus) -> None:
    assert _job is not None, "worker started without its job"
    _commit_share(_job, status)


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
    prepare_fleet(job.fleet, job.templates)  # the workers inherit the lookups, templates
    created = not job.output.exists()
    # A folder made by this run has nothing to protect: workers write straight into it
    # (and it is removed whole on a failure). Else new bytes wait in a staging folder.
    direct = created and not job.check
    staging = job.output if direct else job.output / _STAGING
    if not job.check:
        try:
            if not direct:
                shutil.rmtree(staging, ignore_errors=True)  # left by an interrupted run
            staging.mkdir(parents=True)
        except OSError as exc:
            raise UserError(f"cannot create {staging}: {exc.strerror}") from None
    gc.freeze()  # the fleet's objects stay shared with the workers, not copied on write
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, context, _init_worker, (job,)) as pool:
            # Workers render, mask, compare and stage; no text comes back to this process.
            statuses = list(pool.map(_worker_write if direct else _worker_stage, shares))
            if not job.check and not direct:  # every host rendered: now the files change
                list(pool.map(_worker_commit, statuses))
    except BaseException:
        if created:  # the folder was made for this run: leave no trace of it
            shutil.rmtree(job.output, ignore_errors=True)
        raise
    finally:
        gc.unfreeze()
        if not job.check and not direct:
            shutil.rmtree(staging, ignore_errors=True)
    status = FileStatus()
    for share in statuses:
        status.add(share)
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
    # The cyclic collector stays off for the whole command: it builds long-lived objects
    # and little garbage, and re-enabling it after the load ran a full collection.
    with gc_paused():
        fleet = load_fleet(inventory)
        names = [r.name for r in shard_routers(select_routers(fleet, limit), part)]
        existing = prepare(output)
        job = RenderJob(fleet, templates, output, check, show_secrets, existing)
        status = render_files(job, names)
    others = strays(existing, (r.name for r in fleet.routers))
    report(status, output, check=check, show_secrets=show_secrets, strays=others)
    return exit_code(status, check=check)


def exit_code(status: FileStatus, *, check: bool) -> ExitCode:
    """FAIL (1) when ``--check`` finds a config stale or missing, else OK."""
    return ExitCode.FAIL if check and (status.differs or status.missing) else ExitCode.OK


def write_or_check(
    configs: Mapping[str, str],
    output: Path,
    *,
    check: bool,
    show_secrets: bool,
    known_hosts: Iterable[str] = (),
    console: Console | None = None,
) -> ExitCode:
    """Write (or, with ``check``, compare) configs in this process and report them."""
    existing = prepare(output)
    mode = 0o600 if show_secrets else 0o644
    status = store(configs, output, check=check, mode=mode, existing=existing)
    others = strays(existing, [*configs, *known_hosts])
    report(status, output, check=check, show_secrets=show_secrets, strays=others, console=console)
    return exit_code(status, check=check)
