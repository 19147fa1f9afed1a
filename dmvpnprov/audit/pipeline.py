"""The audit of saved configs, whole per router in worker processes.

Each worker takes a share of the routers by name and, for each one, renders the
intended config, reads the saved running config, parses, diffs, runs the host rules and
reads the facts; it sends back only masked findings and facts (a few hundred bytes a
router), and the control-plane model's input for the "works" verdict as shapes and
addresses (:mod:`dmvpnprov.audit.modeltext`), never a spoke's config text. Routers
only read for the verdict (a shard's other routers) are read by the workers too: no
file is read twice. The parent loads the inventory, deals out the names, runs
the cloud rules on the returned facts and writes the report. Workers are forked: they
inherit the loaded fleet and the folder's file index instead of receiving copies.

Where ``fork`` is not available, other threads run (a lab in the same process), or the
fleet is small, the same code runs in this process; the report is the same either way.

Examples:
    >>> shares(list("abcdefg"), 3)
    [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dmvpnprov.audit.engine import HostJob, HostResult
from dmvpnprov.audit.modeltext import Encoded, ModelTexts, encode, reindex
from dmvpnprov.audit.run import audit_batch
from dmvpnprov.audit.sources import SourceError, saved_text
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet

__all__ = [
    "PARALLEL_MIN_HOSTS",
    "SavedPlan",
    "Share",
    "audit_saved",
    "fleet_secrets",
    "model_texts",
    "shares",
]

log = logging.getLogger(__name__)

PARALLEL_MIN_HOSTS = 400  # below this, starting worker processes costs more than it saves
_SHARES_PER_WORKER = 16  # small shares keep every worker busy to the end


@dataclass(frozen=True)
class SavedPlan:
    """What every worker needs: the fleet, the saved-configs folder and its file index."""

    fleet: Fleet
    folder: Path
    files: Mapping[str, Path]
    templates: Path | None = None
    environ: Mapping[str, str] | None = None  # secret variables (default: os.environ)
    secrets: frozenset[str] = frozenset()  # every secret value of the fleet, to mask


def fleet_secrets(fleet: Fleet, environ: Mapping[str, str] | None) -> frozenset[str]:
    """The values of every secret the fleet refers to that is set: a router's findings
    are masked with all of them, whichever share rendered which router."""
    store = SecretStore(environ)
    refs = {c.nhrp_auth for c in fleet.clouds.values() if c.nhrp_auth is not None}
    refs |= {p.psk for p in fleet.crypto_profiles.values()}
    for router in fleet.routers:
        creds = router.credentials
        refs |= {r for r in (creds.password, creds.secret) if r is not None}
    for ref in refs:
        if store.is_set(ref):
            store.get(ref)
    return store.values


@dataclass
class Share:
    """What a worker sends back for its share: results, unreadable routers, the secret
    values it resolved (the parent masks cloud findings with them), and every router's
    model input (encodings numbered in ``shapes``)."""

    results: list[HostResult]
    errors: dict[str, SourceError]
    secrets: frozenset[str]
    model: dict[str, Encoded] = field(default_factory=dict)
    shapes: list[str] = field(default_factory=list)

    def add(self, other: Share) -> None:
        """Take ``other``'s results in (its shapes renumbered in this share's)."""
        self.results += other.results
        self.errors.update(other.errors)
        self.secrets |= other.secrets
        index = {shape: i for i, shape in enumerate(self.shapes)}
        for name, encoded in other.model.items():
            self.model[name] = reindex(encoded, other.shapes, index)
        self.shapes = list(index)


def model_texts(fleet: Fleet, share: Share) -> ModelTexts:
    """The config texts of every router read, for the "works" verdict, in inventory
    order; each text is rebuilt when the model reads it (never all held at once)."""
    return ModelTexts([r.name for r in fleet.routers], share.model, share.shapes)


def shares(names: Sequence[str], size: int) -> list[list[str]]:
    """``names`` cut in consecutive shares of ``size``."""
    return [list(names[i : i + size]) for i in range(0, len(names), size)]


def audit_share(plan: SavedPlan, names: Sequence[str], read: Sequence[str] = ()) -> Share:
    """Render, read and audit ``names`` in this process; only read ``read`` (the verdict's
    other routers). Every router read gives its model input."""
    store = SecretStore(plan.environ)
    intended = render_fleet(plan.fleet, store, plan.templates, names)
    secrets = store.values | plan.secrets
    by_name = {r.name: r for r in plan.fleet.routers}
    jobs, errors = [], {}
    model: dict[str, Encoded] = {}
    shapes: dict[str, int] = {}
    for name in names:
        router = by_name[name]
        text = saved_text(plan.folder, plan.files, router)
        if isinstance(text, SourceError):
            errors[name] = text
            continue
        model[name] = encode(text, shapes)
        owned = tuple(plan.fleet.clouds[t.cloud].tunnel_subnet for t in router.tunnels)
        jobs.append(
            HostJob(
                name,
                router.hostname,
                text,
                intended.pop(name),
                router.ios_release,
                router.is_hub,
                owned,
                secrets,
                router.nbma.public_address is not None,
            )
        )
    for name in read:
        text = saved_text(plan.folder, plan.files, by_name[name])
        if isinstance(text, SourceError):
            errors[name] = text
        else:
            model[name] = encode(text, shapes)
    return Share(audit_batch(jobs), errors, secrets, model, list(shapes))


_plan: SavedPlan | None = None  # a worker's plan, inherited from the parent by fork


def _init_worker(plan: SavedPlan) -> None:
    global _plan  # noqa: PLW0603 - set once per worker process
    _plan = plan


def _worker(work: tuple[list[str], list[str]]) -> Share:
    assert _plan is not None, "worker started without its plan"
    return audit_share(_plan, *work)


def _workers() -> int:
    wanted = os.environ.get("DMVPNPROV_AUDIT_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def audit_saved(
    plan: SavedPlan, names: Sequence[str], workers: int | None = None, read: Sequence[str] = ()
) -> Share:
    """Audit ``names`` from saved configs, in forked worker processes when that pays;
    ``read`` are only read (for the "works" verdict), not audited."""
    workers = _workers() if workers is None else workers
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers < 2 or len(names) < PARALLEL_MIN_HOSTS or not forkable:
        return audit_share(plan, names, read)
    size = -(-len(names) // (workers * _SHARES_PER_WORKER))
    audited = shares(names, size)
    count = len(audited)
    extra = shares(read, -(-len(read) // count)) if read else []
    work = [(a, extra[i] if i < len(extra) else []) for i, a in enumerate(audited)]
    log.debug("auditing %d routers in %d workers", len(names), workers)
    out = Share([], {}, frozenset())
    gc.freeze()  # the fleet's objects stay shared with the workers, not copied on write
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, context, _init_worker, (plan,)) as pool:
            for share in pool.map(_worker, work):
                out.add(share)
    finally:
        gc.unfreeze()
    return out
