"""The lab runs the DMVPN control-plane model: live, time-evolving state for every router.

After any change of a lab router's running config (or of the lab's underlay: a router
stopped, a path blocked, a NAT), the next question recomputes the whole network with
:func:`dmvpnprov.dmvpn.network.compute` from the routers' running configs and the lab
underlay. What the model says is *possible* then forms in time, as on a router:

* IKE and IPsec SAs ``IKE_SECONDS`` after the change that made them possible;
* NHRP registration (the NHS ``RE``, the hub's dynamic entry) ``REGISTER_SECONDS`` after;
* routing neighbours and their routes ``HELLO_SECONDS`` after;
* a spoke-to-spoke entry when a ``ping`` from a spoke's LAN asks for it, gone after the
  tunnel's ``ip nhrp holdtime`` (IOS default 7200 s).

Lab time runs ``time_scale`` times faster than the wall clock: the setting is the
``DMVPNPROV_LAB_TIME_SCALE`` environment variable (default 1) or ``time_scale=``;
tests and the demo run at 50-100x. Everything runs under one lock: commands call in
from the lab's loop, tests and the lab API from their own threads.

Examples:
    >>> plane = ControlPlane(dict, compute=lambda c, u, d: NetworkState({}), time_scale=1)
    >>> plane.state("r1").name
    'r1'
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from ipaddress import IPv4Address

from dmvpnprov.dmvpn.state import Demand, NetworkState, Route, Underlay
from dmvpnprov.dmvpn.state import RouterState as DmvpnState
from dmvpnprov.lab.state.live import PingResult, route_for
from dmvpnprov.lab.state.router import RouterState

__all__ = [
    "HELLO_SECONDS",
    "IKE_SECONDS",
    "REGISTER_SECONDS",
    "ControlPlane",
    "lab_time_scale",
    "nbma_addresses",
]

log = logging.getLogger(__name__)

IKE_SECONDS = 2.0
REGISTER_SECONDS = 5.0
HELLO_SECONDS = 10.0
DEFAULT_HOLDTIME = 7200.0
BACKGROUND_AFTER = 0.1  # seconds a computation may take before it moves to a thread
BACKGROUND_ROUTERS = 50  # ... in labs of this many routers or more (smaller: always at once)
BACKGROUND_RATIO = 4.0  # a background thread rests this many times its last computation
BACKGROUND_REST = 5.0  # ... but never longer than this (seconds)
TIME_SCALE_VARIABLE = "DMVPNPROV_LAB_TIME_SCALE"

Compute = Callable[[Mapping[str, str], Underlay, Sequence[Demand]], NetworkState]


def lab_time_scale(value: float | None = None) -> float:
    """``value``, else ``$DMVPNPROV_LAB_TIME_SCALE``, else 1 (lab seconds per real second)."""
    if value is not None:
        return value
    try:
        return max(0.001, float(os.environ.get(TIME_SCALE_VARIABLE, "1")))
    except ValueError:
        return 1.0


def _model() -> Compute:
    """The control-plane model's ``compute`` without the LAN-to-LAN path walk (the lab
    prints states, not path problems; the states are the same), imported when needed."""
    from dmvpnprov.dmvpn.network import compute  # noqa: PLC0415 - heavy, first use only

    return partial(compute, paths=False)


@dataclass
class _Demand:
    source: str
    destination: IPv4Address
    made: float  # lab time


_IF_ADDR = re.compile(r"^ ip address (\d+\.\d+\.\d+\.\d+) ")


def nbma_addresses(configs: Mapping[str, str]) -> dict[str, IPv4Address]:
    """Each router's NBMA address: its tunnel source's address (a DHCP lease in 100.64/10)."""
    out: dict[str, IPv4Address] = {}
    for index, (name, text) in enumerate(sorted(configs.items())):
        addresses: dict[str, str] = {}
        current, source = "", ""
        for line in text.splitlines():
            if line.startswith("interface "):
                current = line.split()[1]
            elif (m := _IF_ADDR.match(line)) and current:
                addresses.setdefault(current, m[1])
            elif line == " ip address dhcp" and current:
                addresses[current] = str(IPv4Address("100.64.0.1") + index * 4)
            elif line.startswith(" tunnel source ") and not source:
                source = line.split()[2]
        chosen = source if source[:1].isdigit() else addresses.get(source)
        chosen = chosen or next(iter(addresses.values()), None)
        if chosen:
            out[name] = IPv4Address(chosen)
    return out


class ControlPlane:
    """The live control plane of a whole lab (a :class:`~dmvpnprov.lab.state.live.LivePlane`)."""

    def __init__(
        self,
        routers: Callable[[], Mapping[str, RouterState]],
        compute: Compute | None = None,
        time_scale: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._routers = routers
        self._compute = compute
        self.scale = lab_time_scale(time_scale)
        self._base = (clock(), clock() * self.scale)  # (real, lab) when the scale was set
        self._lock = threading.RLock()
        self._versions: dict[str, tuple[int, int]] = {}
        self._configs: dict[str, str] = {}
        self._network: NetworkState | None = None
        self._dirty = True
        self._seconds = 0.0  # how long the last computation took
        self._pending: tuple[dict[str, tuple[int, int]], int] = ({}, -1)
        self._worker: threading.Thread | None = None
        self._epoch = 0  # bumped by every underlay or demand change
        self._full: tuple[dict[str, tuple[int, int]], int] = ({}, -1)  # what _network saw
        self._local: dict[str, tuple[object, NetworkState, float]] = {}
        self._computed_at = 0.0
        self._changed_at = self.now()
        self._first_up: dict[tuple[str, ...], float] = {}
        self._demands: list[_Demand] = []
        self.stopped: set[str] = set()
        self.blocked: set[frozenset[str]] = set()
        self.public: dict[str, IPv4Address] = {}

    def now(self) -> float:
        """Lab time in seconds (the wall clock times ``scale``)."""
        real, lab = self._base
        return lab + (self._clock() - real) * self.scale

    def set_scale(self, scale: float) -> None:
        """Run lab time ``scale`` times faster than the wall clock from now on."""
        with self._lock:
            self._base = (self._clock(), self.now())
            self.scale = scale

    # --- the underlay faults (lab API) -------------------------------------------------

    def underlay_changed(self) -> None:
        """Something of the underlay changed: recompute at the next question."""
        with self._lock:
            self._dirty = True
            self._epoch += 1
            self._changed_at = self.now()

    def block(self, a: str, b: str, blocked: bool = True) -> None:
        """Block (or unblock) the underlay path between routers ``a`` and ``b``."""
        with self._lock:
            pair = frozenset((a, b))
            (self.blocked.add if blocked else self.blocked.discard)(pair)
            self.underlay_changed()

    def nat(self, router: str, public: IPv4Address | None) -> None:
        """Put ``router`` behind a NAT whose public address is ``public`` (None: remove)."""
        with self._lock:
            if public is None:
                self.public.pop(router, None)
            else:
                self.public[router] = public
            self.underlay_changed()

    def set_stopped(self, router: str, stopped: bool) -> None:
        """Mark ``router`` stopped (it reaches nobody) or running again."""
        with self._lock:
            (self.stopped.add if stopped else self.stopped.discard)(router)
            self.underlay_changed()

    # --- the model ---------------------------------------------------------------------

    def _refresh(self) -> NetworkState:
        """The latest computed network; recompute first when something changed.

        Small labs recompute at once. In a lab of ``BACKGROUND_ROUTERS`` routers or more,
        once a computation takes longer than ``BACKGROUND_AFTER`` seconds, it runs in a background
        thread and the commands answer from the previous state meanwhile, as a router
        busy converging still answers its show commands. The thread then rests
        ``BACKGROUND_RATIO`` times as long as it computed (at most ``BACKGROUND_REST``
        seconds), so that the many changes of a push are computed together and the model
        takes at most a fifth of a core from the sessions.
        """
        routers = self._routers()
        for name, router in routers.items():
            version = (id(router.running), router.config_version)
            if self._versions.get(name) != version:
                self._versions[name] = version
                # the `version` line, as show running-config prints it, gives the model
                # the release (IKEv2 default proposal, IOS-XE 17.11+ weak-crypto refusal)
                rel = router.release
                body = "\n".join(router.running.lines())
                self._configs[name] = f"version {rel.major}.{rel.minor}\n{body}\n"
                stamp = min(self.now(), self._to_lab(router.config_changed_at))
                self._changed_at = max(self._changed_at, stamp)
                self._dirty = True
        for gone in set(self._configs) - set(routers):
            del self._configs[gone]
            self._versions.pop(gone, None)
            self._dirty = True
        now = self.now()
        expired = [d for d in self._demands if now - d.made >= self._holdtime(d.source)]
        if expired:
            self._demands = [d for d in self._demands if d not in expired]
            self._dirty = True
            self._epoch += 1
        if self._dirty:
            small = len(self._configs) < BACKGROUND_ROUTERS or self._seconds < BACKGROUND_AFTER
            if self._network is None or small:
                self._install(*self._compute_snapshot(self._snapshot()))
            elif self._worker is None:
                self._worker = threading.Thread(target=self._background, daemon=True)
                self._worker.start()
        return self._network or NetworkState({})

    def _snapshot(self) -> tuple[dict[str, str], Underlay, list[Demand], float]:
        self._dirty = False
        self._pending = (dict(self._versions), self._epoch)
        now = self.now()
        nbma = nbma_addresses(self._configs)
        underlay = Underlay(
            nbma=nbma,
            public={k: v for k, v in self.public.items() if k in nbma},
            blocked=frozenset(self.blocked),
            down=frozenset(self.stopped & set(nbma)),
        )
        demands = [Demand(d.source, d.destination, now - d.made) for d in self._demands]
        return dict(self._configs), underlay, demands, now

    def _compute_snapshot(
        self, snap: tuple[dict[str, str], Underlay, list[Demand], float]
    ) -> tuple[NetworkState, float]:
        configs, underlay, demands, now = snap
        started = time.perf_counter()
        try:
            compute = self._compute or _model()
            network = compute(configs, underlay, demands)
        except Exception:  # a model error must not stop the lab; the routers show nothing
            log.exception("lab control plane: the model failed on %d routers", len(configs))
            network = NetworkState({})
        self._seconds = time.perf_counter() - started
        log.debug("lab control plane: %d routers computed in %.2f s", len(configs), self._seconds)
        return network, now

    def _install(self, network: NetworkState, now: float) -> None:
        self._network = network
        self._computed_at = now
        self._full = self._pending
        self._record(network, prune=True)

    def _background(self) -> None:
        while True:
            with self._lock:
                if not self._dirty:
                    self._worker = None
                    return
                snap = self._snapshot()
            result = self._compute_snapshot(snap)
            with self._lock:
                self._install(*result)
            # Leave the cores and the GIL to the sessions meanwhile: the changes that
            # arrive while it rests are computed together (a changed router is answered
            # from its computation with the hubs until then, see state()).
            time.sleep(min(BACKGROUND_REST, self._seconds * BACKGROUND_RATIO))

    def _to_lab(self, monotonic: float) -> float:
        real, lab = self._base
        return lab + (monotonic - real) * self.scale

    def _holdtime(self, router: str) -> float:
        match = re.search(r"^ ip nhrp holdtime (\d+)$", self._configs.get(router, ""), re.M)
        return float(match[1]) if match else DEFAULT_HOLDTIME

    def _record(self, network: NetworkState, *, prune: bool = False) -> None:
        """Remember when each now-possible adjacency first became possible.

        ``prune`` forgets the adjacencies of the routers this (current) network covers
        that it no longer has.
        """
        seen: set[tuple[str, ...]] = set()
        for state in network.routers.values():
            for key in _keys(state):
                seen.add(key)
                self._first_up.setdefault(key, self._changed_at)
        if prune:
            current = {n for n in network.routers if self._is_fresh(n)}
            for key in set(self._first_up) - seen:
                if key[1] in current:
                    del self._first_up[key]

    def _is_fresh(self, name: str) -> bool:
        """True when the last full computation saw ``name``'s current config and underlay."""
        versions, epoch = self._full
        return epoch == self._epoch and versions.get(name) == self._versions.get(name)

    def _local_state(self, name: str) -> tuple[NetworkState, float]:
        """``name`` computed with the hubs only (milliseconds), while the full network is
        still being recomputed: its NHS, IKE SAs, neighbours and the hubs' routes."""
        hubs = sorted(n for n, text in self._configs.items() if "\n ip nhrp nhs " not in text)
        members = sorted({*hubs, name} & set(self._configs))
        key = (tuple(self._versions.get(n) for n in members), self._epoch)
        cached = self._local.get(name)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        configs = {n: self._configs[n] for n in members}
        nbma = nbma_addresses(configs)
        underlay = Underlay(
            nbma=nbma,
            public={k: v for k, v in self.public.items() if k in nbma},
            blocked=frozenset(p for p in self.blocked if p <= set(nbma)),
            down=frozenset(self.stopped & set(nbma)),
        )
        now = self.now()
        demands = [
            Demand(d.source, d.destination, now - d.made) for d in self._demands if d.source == name
        ]
        compute = self._compute or _model()
        try:
            network = compute(configs, underlay, demands)
        except Exception:  # as for the full computation
            log.exception("lab control plane: the model failed on %s", name)
            network = NetworkState({})
        self._record(network)
        self._local[name] = (key, network, now)
        return network, now

    # --- what the commands see ---------------------------------------------------------

    def state(self, name: str) -> DmvpnState:
        """The state of ``name`` now: what the model allows, as far as it has formed."""
        with self._lock:
            network, computed_at = self._refresh(), self._computed_at
            if not self._is_fresh(name) and name in self._configs:
                network, computed_at = self._local_state(name)
            model = network.routers.get(name)
            if model is None or name in self.stopped:
                return DmvpnState(name)
            return _evolve(model, self._first_up, self.now(), self.now() - computed_at)

    def ping(self, name: str, destination: IPv4Address, source: IPv4Address | None) -> PingResult:
        """Traffic from ``name``: success when routed now; a LAN-sourced ping from a spoke
        asks for a spoke-to-spoke path (a :class:`~dmvpnprov.dmvpn.state.Demand`)."""
        with self._lock:
            state = self.state(name)
            route = route_for(state, destination)
            spoke = bool(state.nhs)
            from_lan = source is not None and all(t.address != source for t in state.tunnels)
            if (
                spoke
                and from_lan
                and route is not None
                and route.interface in {t.interface for t in state.tunnels}
            ):
                self._demands.append(_Demand(name, destination, self.now()))
                self._dirty = True
                self._epoch += 1
                self._changed_at = self.now()
            if route is None:
                return PingResult(False)
            hop = route.next_hop if route.code not in ("C", "L") else None
            return PingResult(True, (hop,) if hop is not None else ())


def _keys(state: DmvpnState) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [("ike", state.name, str(sa.remote)) for sa in state.ike if sa.up]
    keys += [("nhs", state.name, str(n.nhs)) for n in state.nhs if n.registered]
    keys += [("nhrp", state.name, str(e.tunnel)) for e in state.nhrp if e.up]
    keys += [("nbr", state.name, str(n.address)) for n in state.neighbors if n.up]
    keys += [("route", state.name, str(r.prefix)) for r in state.routes]
    return keys


def _evolve(
    model: DmvpnState, first: Mapping[tuple[str, ...], float], now: float, elapsed: float
) -> DmvpnState:
    """``model`` as formed at ``now``: each element up once its delay has passed."""
    name = model.name

    def ready(key: tuple[str, ...], delay: float) -> float | None:
        """Seconds since formed, None while forming."""
        start = first.get(key)
        if start is None or now - start < delay:
            return None
        return now - start - delay

    ike = tuple(
        sa
        if not sa.up or ready(("ike", name, str(sa.remote)), IKE_SECONDS) is not None
        else replace(sa, up=False, state="MM_KEY_EXCH")
        for sa in model.ike
    )
    ipsec = tuple(
        sa
        if not sa.up or ready(("ike", name, str(sa.remote)), IKE_SECONDS) is not None
        else replace(sa, up=False)
        for sa in model.ipsec
    )
    nhs = tuple(
        n
        if not n.registered or ready(("nhs", name, str(n.nhs)), REGISTER_SECONDS) is not None
        else replace(n, registered=False)
        for n in model.nhs
    )
    nhrp = []
    for e in model.nhrp:
        if not e.up:
            nhrp.append(e)
            continue
        age = ready(("nhrp", name, str(e.tunnel)), REGISTER_SECONDS)
        if age is None and e.kind == "dynamic":
            continue  # not registered / resolved yet
        expires = None if e.expires is None else max(0.0, e.expires - elapsed)
        nhrp.append(replace(e, up=False) if age is None else replace(e, age=age, expires=expires))
    neighbors = tuple(
        n
        if not n.up or ready(("nbr", name, str(n.address)), HELLO_SECONDS) is not None
        else replace(n, up=False, state="init")
        for n in model.neighbors
    )
    routes: list[Route] = []
    for r in model.routes:
        if r.code in ("C", "L", "S"):
            routes.append(r)
        elif (age := ready(("route", name, str(r.prefix)), HELLO_SECONDS)) is not None:
            routes.append(replace(r, age=age))
    return replace(
        model,
        ike=ike,
        ipsec=ipsec,
        nhs=nhs,
        nhrp=tuple(nhrp),
        neighbors=neighbors,
        routes=tuple(routes),
    )
