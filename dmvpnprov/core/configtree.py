"""Config trees with hier_config 3: parse, limit to what dmvpnprov manages, remediate.

Push and audit both use this module, so "what dmvpnprov manages" is defined once.
The managed scope is derived from the intended (rendered) config, by ownership:
dmvpnprov owns exactly the lines it renders, the lines of the same families (so a stale
or changed value is replaced) and their ``no`` forms; every other line, even inside a
managed section, is kept and never negated.

* sections the intended config defines (``interface TunnelN``, ``crypto isakmp policy
  N``, ``crypto ipsec profile NAME``, ``crypto ikev2 ... NAME``, transform sets): the
  families of :data:`_OWNED` (NHRP, tunnel source/mode/key/protection, MTU, MSS,
  addresses but not secondaries...); ``vrf forwarding``, ``tunnel vrf``,
  ``zone-member security``, ``description``, ``bfd``, ``ip nat``, OSPF authentication,
  ``no ip redirects``, IKEv2 ``match fvrf``/``ivrf`` and the like are the user's;
* single global lines by identity: ``crypto isakmp key * address PEER`` for the peers
  the intended config names (any key value, so a changed key is replaced); IKEv2
  keyring peers by name: keys for peers dmvpnprov does not know are never touched;
* on any other interface the intended config names (NBMA, LAN): its primary
  ``ip address`` (secondaries are the user's);
* in a routing process the intended config defines: the lines it renders, and the
  ``network`` / ``neighbor`` statements that fall inside the networks dmvpnprov owns
  (tunnel subnets and the router's LANs, never the NBMA side: a provider's eBGP peer
  is not ours). A process the router runs under another number (IOS allows one
  ``router bgp``) is not created beside it: :func:`unattainable` names it.

Everything else on the router (users, vty lines, SNMP, other interfaces, other
crypto objects) is outside the scope: it is never compared, changed or removed.

Changed values are replaced in place rather than negated and re-added (IOS overwrites
them, and ``no ip nhrp network-id`` on a live tunnel would drop it): the NHRP, tunnel,
MTU and MSS lines are idempotent-command rules of the driver.

Examples:
    >>> running = "interface Tunnel0\\n ip nhrp network-id 98\\n ip nhrp map 10.0.0.9 1.1.1.1\\n"
    >>> intended = "interface Tunnel0\\n ip nhrp network-id 99\\n"
    >>> print(remediation_text(running, intended))
    interface Tunnel0
      no ip nhrp map 10.0.0.9 1.1.1.1
      ip nhrp network-id 99
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, ip_address

from hier_config import HConfig, WorkflowRemediation, get_hconfig
from hier_config.child import HConfigChild
from hier_config.exceptions import DuplicateChildError
from hier_config.models import IdempotentCommandsRule, MatchRule, OrderingRule
from hier_config.platforms.cisco_ios.driver import HConfigDriverCiscoIOS
from hier_config.platforms.driver_base import HConfigDriverBase, HConfigDriverRules

from dmvpnprov.core.configtext import ConfigTextError, clean, dedupe, needs_cleaning
from dmvpnprov.core.iossyntax import EIGRP_NAMED_AF, NEIGHBOR, NETWORK_ADDRESS

__all__ = [
    "Outline",
    "kept_lines",
    "managed_paths",
    "managed_view",
    "outline_of",
    "outline_text",
    "parse",
    "plain_lines",
    "post_load_callbacks",
    "remediation",
    "remediation_lines",
    "remediation_text",
    "strip_show_run",
    "unattainable",
    "without",
]

_WHOLE_SECTIONS = re.compile(
    r"^(interface Tunnel\d+|crypto isakmp policy \d+|crypto ipsec profile \S+"
    r"|crypto ikev2 (proposal|policy|keyring|profile) \S+)$"
)
_TRANSFORM_SET = re.compile(r"^crypto ipsec transform-set (\S+) ")
_ISAKMP_KEY = re.compile(r"^crypto isakmp key (?:[067] )?\S+ address (\S+)")
_ROUTER = re.compile(r"^router (eigrp|ospf|bgp|rip)\b")
_PROCESS = re.compile(r"^router (bgp|eigrp) (\S+)$")

# The shapes of the lines dmvpnprov renders inside a section it manages: (section regex,
# line regex). A line of that shape is dmvpnprov's in any value (a stale or changed one is
# replaced); any other line there is the user's, kept and never negated: `vrf forwarding`,
# `tunnel vrf`, `zone-member security`, `ip nhrp nhs X priority P cluster C`...
_OWNED: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"^interface Tunnel\d+$"),
        re.compile(
            r"^(?:ip address \S+ \S+$|ip mtu \d+$|ip tcp adjust-mss \d+$"
            r"|tunnel (?:source|mode|key|protection|destination) |bandwidth \d+$|delay \d+$"
            r"|ip ospf (?:network|priority) |no ip (?:split-horizon|next-hop-self) eigrp \d+$"
            r"|ip summary-address eigrp |ip nhrp (?:authentication|network-id|holdtime) "
            r"|ip nhrp map (?:multicast )?\S+(?: \S+)?$"
            r"|ip nhrp nhs \S+(?: nbma \S+(?: multicast)?)?$"
            r"|ip nhrp (?:redirect|shortcut|registration no-unique)$)"
        ),
    ),
    (re.compile(r"^interface "), re.compile(r"^ip address (?!.* secondary$)")),
    (re.compile(r"^crypto (?:isakmp policy|ikev2 proposal) "), re.compile("")),
    (re.compile(r"^crypto ikev2 policy "), re.compile(r"^proposal ")),
    (
        re.compile(r"^crypto ikev2 profile "),
        re.compile(r"^(?:match identity remote |authentication |keyring )"),
    ),
    (
        re.compile(r"^crypto ipsec profile "),
        re.compile(
            r"^set (?:transform-set |pfs|ikev2-profile |security-association lifetime seconds )"
        ),
    ),
    (re.compile(r"^crypto ipsec transform-set "), re.compile(r"^mode ")),
)
_NETWORK = re.compile(r"^network (\d+\.\d+\.\d+\.\d+)(?:\s+(\d+\.\d+\.\d+\.\d+))?")
_NEIGHBOR = re.compile(r"^neighbor (\d+\.\d+\.\d+\.\d+) ")
_IP_ADDRESS = re.compile(r"^ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)")
_SHOW_RUN = re.compile(r"^(Building configuration|Current configuration :|end$|!)")

# (parent regex, child startswith): values IOS overwrites in place.
_IDEMPOTENT: tuple[tuple[str, str], ...] = (
    tuple(
        (r"^interface Tunnel\d+", child)
        for child in (
            "ip nhrp network-id ",
            "ip nhrp holdtime ",
            "ip nhrp authentication ",
            "ip mtu ",
            "ip tcp adjust-mss ",
            "tunnel key ",
            "tunnel source ",
            "tunnel mode ",
            "tunnel protection ",
            "bandwidth ",
            "delay ",
            "ip ospf network ",
            "ip ospf priority ",
            "ip summary-address eigrp ",
        )
    )
    + tuple(
        (r"^crypto isakmp policy \d+", child)
        for child in ("encryption ", "hash ", "group ", "authentication ", "lifetime ")
    )
    + tuple(
        (r"^crypto ipsec profile \S+", child)
        for child in (
            "set transform-set ",
            "set pfs ",
            "set ikev2-profile ",
            "set security-association lifetime seconds ",
        )
    )
    + tuple((r"^interface \S+", child) for child in ("ip tcp adjust-mss ", "ip mtu "))
    + (
        (r"^router eigrp \d+", "eigrp router-id "),
        (r"^router ospf \d+", "router-id "),
        (r"^router bgp \d+", "bgp router-id "),
    )
)

# Global lines identified by a captured part (the regex's groups form the key).
_IDEMPOTENT_GLOBAL = (
    r"^crypto isakmp key (?:[067] )?\S+ address (\S+)",
    r"^crypto ipsec transform-set (\S+) ",
)

# Removals in dependency order: a tunnel lets go of its profile before the profile goes,
# the profile of its transform set before that goes. Lower weight goes first (default 500).
_ORDERING: tuple[tuple[str, int], ...] = (
    ("no interface Tunnel", 100),
    ("no crypto ipsec profile ", 600),
    ("no crypto ikev2 profile ", 610),
    ("no crypto ipsec transform-set ", 620),
    ("no crypto ikev2 ", 630),
    ("no crypto isakmp ", 640),
)


class DmvpnIOSDriver(HConfigDriverCiscoIOS):
    """hier_config 3's Cisco IOS driver plus dmvpnprov's idempotent-command rules."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        rules = HConfigDriverCiscoIOS._instantiate_rules()
        extra = [
            IdempotentCommandsRule(
                match_rules=(MatchRule(re_search=parent), MatchRule(startswith=child))
            )
            for parent, child in _IDEMPOTENT
        ] + [
            IdempotentCommandsRule(match_rules=(MatchRule(re_search=pattern),))
            for pattern in _IDEMPOTENT_GLOBAL
        ]
        ordering = [
            OrderingRule(match_rules=(MatchRule(startswith=prefix),), weight=weight)
            for prefix, weight in _ORDERING
        ]
        return rules.model_copy(
            update={
                "idempotent_commands": [*rules.idempotent_commands, *extra],
                "ordering": [*rules.ordering, *ordering],
            }
        )


@lru_cache(maxsize=1)
def driver() -> HConfigDriverBase:
    """The shared driver instance (rules are read-only once built)."""
    return DmvpnIOSDriver()


def strip_show_run(text: str) -> str:
    """Drop the ``show running-config`` framing IOS prints around a config.

    Examples:
        >>> text = "Building configuration...\\n\\nCurrent configuration : 9 bytes\\n"
        >>> strip_show_run(text + "!\\nhostname R1\\nend\\n")
        'hostname R1\\n'
    """
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _SHOW_RUN.match(line):
            continue
        if line.strip():
            out.append(line.rstrip())
    return "\n".join(out) + ("\n" if out else "")


@lru_cache(maxsize=1)
def _presub_driver() -> tuple[HConfigDriverBase, re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """A driver instance (same class, same rules) whose per-line substitutions are done
    beforehand by :func:`_presub`, with the patterns compiled once and tried only on the
    few lines that can match. hier_config runs every substitution on every line through
    ``re.sub``, which is most of a parse's time on a large fleet."""
    fast = DmvpnIOSDriver()
    subs = fast.rules.per_line_sub
    if any(rule.replace for rule in subs):  # only deletions are pre-applied
        return driver(), re.compile(r"(?!)"), ()
    fast.rules = fast.rules.model_copy(update={"per_line_sub": []})
    compiled = tuple(re.compile(rule.search) for rule in subs)
    union = re.compile("|".join(f"(?:{rule.search})" for rule in subs))
    return fast, union, compiled


def _presub(text: str, union: re.Pattern[str], compiled: tuple[re.Pattern[str], ...]) -> str:
    """``strip_show_run(text)`` with hier_config's per-line normalisation and substitutions
    applied, in one pass."""
    out = []
    for kept in text.replace("\r\n", "\n").split("\n"):
        if _SHOW_RUN.match(kept) or not kept.strip():
            continue  # what strip_show_run drops
        for raw in kept.rstrip().splitlines():
            line = " " * (len(raw) - len(raw.lstrip())) + " ".join(raw.split())
            if union.match(line):
                for pattern in compiled:
                    line = pattern.sub("", line)
            out.append(line.rstrip())
    return "\n".join(out)


_BANNER = re.compile(r"^banner ", re.MULTILINE)


@lru_cache(maxsize=1)
def _plain_fast() -> bool:
    return _plain_loader(_presub_driver()[0])


def _plain_loader(fast: HConfigDriverBase) -> bool:
    """True when ``get_hconfig(fast, text)`` on a text without banners is only the
    indentation walk that :func:`_load_text` does (no text or indentation rules)."""
    rules = fast.rules
    base = HConfigDriverBase
    plain = type(fast).config_preprocessor is base.config_preprocessor
    plain = plain and type(fast).sectional_exit is base.sectional_exit  # "exit" or a rule's
    exits = all((r.exit_text or "exit").startswith("exit") for r in rules.sectional_exiting)
    rules_free = not (rules.indent_adjust or rules.full_text_sub or rules.per_line_sub)
    return plain and exits and rules_free


def kept_lines(text: str) -> list[str]:
    """The lines of ``text`` that :func:`parse` reads, as written (framing, ``!`` and
    blank lines dropped): two texts with equal kept lines parse to equal trees.

    Examples:
        >>> kept_lines("Building configuration...\\n\\nhostname r1\\n!\\nend\\n")
        ['hostname r1']
    """
    return [line for line in text.split("\n") if line.strip() and not _SHOW_RUN.match(line)]


def _lines(
    text: str, union: re.Pattern[str], compiled: tuple[re.Pattern[str], ...]
) -> Iterator[tuple[int, str]]:
    """(indentation, line) of every line of ``_presub(text)`` the indentation walk keeps,
    in one pass (no intermediate text): each line split and joined once."""
    for kept in text.replace("\r\n", "\n").split("\n"):
        if _SHOW_RUN.match(kept) or not kept.strip():
            continue  # what strip_show_run drops
        for raw in kept.rstrip().splitlines():
            indent = len(raw) - len(raw.lstrip())
            line = " ".join(raw.split())
            if not line:
                continue
            padded = " " * indent + line
            if union.match(padded):
                for pattern in compiled:
                    padded = pattern.sub("", padded)
                indent = len(padded) - len(padded.lstrip())
                line = " ".join(padded.split())
                if not line:
                    continue
            yield indent, line


def plain_lines(text: str) -> Iterator[tuple[int, str]] | None:
    """(indentation, line) of every line :func:`parse` walks, for a text it reads without
    any of hier_config's text rules (no banner, nothing for the front end to clean);
    ``None`` for any other text, or when the driver has such rules. Sectional exits,
    repeated lines and the post-load callbacks are left to the caller."""
    fast, union, compiled = _presub_driver()
    if fast is driver() or not _plain_fast() or _BANNER.search(text) or needs_cleaning(text):
        return None
    return _lines(text, union, compiled)


def post_load_callbacks() -> tuple[str, ...]:
    """The names of the driver's post-load callbacks (they rewrite a tree once loaded)."""
    return tuple(cb.__name__ for cb in _presub_driver()[0].rules.post_load_callbacks)


def _load_text(
    fast: HConfigDriverBase,
    text: str,
    union: re.Pattern[str],
    compiled: tuple[re.Pattern[str], ...],
) -> HConfig:
    """``get_hconfig(fast, _presub(text, union, compiled))`` for a text without banners,
    under a driver with no text or indentation rules (:func:`_plain_loader`): the same
    tree, built without hier_config's per-line banner and rule checks, and its pass over
    every node for sectional exits only when a line can be one (they all begin with
    ``exit``). A child whose text is new under its parent is appended directly (``add_child`` only
    checks for duplicates, which it does here for a text already present)."""
    config = HConfig(fast)
    section: HConfig | HConfigChild = config
    recent: HConfig | HConfigChild = config
    exits = False
    for indent, line in _lines(text, union, compiled):
        while indent <= section.real_indent_level:
            section = section.parent
        if indent > recent.real_indent_level:
            section = recent
        children = section.children
        if children.get(line) is None:
            recent = children.append(HConfigChild(section, line))
        else:
            recent = section.add_child(line)
        recent.real_indent_level = indent
        exits = exits or line.startswith("exit")
    if exits:
        for child in tuple(config.all_children()):
            child.delete_sectional_exit()
    for callback in fast.rules.post_load_callbacks:
        callback(config)
    return config


def _parse_plain(text: str) -> HConfig:
    fast, union, compiled = _presub_driver()
    if fast is driver() or _BANNER.search(text):
        return get_hconfig(driver(), strip_show_run(text))
    if _plain_fast():
        return _load_text(fast, text, union, compiled)
    return get_hconfig(fast, _presub(text, union, compiled))


def parse(text: str) -> HConfig:
    """Parse IOS config text (``show running-config`` framing allowed) into a tree.

    Equivalent to ``get_hconfig(driver(), strip_show_run(text))``, faster, after the
    front end (:mod:`dmvpnprov.core.configtext`) has folded banners, dropped certificate
    bodies and repeated lines where the text has them.

    Raises:
        ConfigTextError: the text cannot be parsed (the message quotes no line).

    Examples:
        >>> print(parse("banner exec ^CC\\nhostname r1\\nhostname r1\\n").children[-1].text)
        hostname r1
    """
    if needs_cleaning(text):
        text = clean(text)
    try:
        try:
            return _parse_plain(text)
        except DuplicateChildError:
            return _parse_plain("\n".join(dedupe(text.replace("\r\n", "\n").split("\n"))))
    except (ValueError, DuplicateChildError) as exc:
        # hier_config's messages quote config lines (secrets included): never shown
        raise ConfigTextError(f"the config cannot be parsed ({type(exc).__name__})") from None


def _owned_networks(outline: Outline, extra: Iterable[IPv4Network]) -> list[IPv4Network]:
    """Tunnel subnets and LANs: the addresses of the intended interfaces, except those
    tunnels leave by (the NBMA side: routing towards the provider is not ours)."""
    nbma: set[str] = set()
    addresses: list[tuple[str, str]] = []
    for path in outline.paths:
        if len(path) != 2:
            continue
        line = path[1]
        if line.startswith("tunnel source "):
            nbma.add(line[14:])
        elif line.startswith("ip address "):
            addresses.append((path[0][10:], line))  # ("interface X"[10:], the line)
    nets = list(extra)
    for interface, line in addresses:
        match = _IP_ADDRESS.match(line)
        if match and interface not in nbma and match[1] not in nbma:
            nets.append(IPv4Network(f"{match[1]}/{match[2]}", strict=False))
    return nets


def without(config: HConfig, tops: Iterable[str]) -> HConfig:
    """A copy of ``config`` without the top-level sections ``tops`` (``config`` itself
    when there are none)."""
    drop = set(tops)
    if not drop:
        return config
    out = get_hconfig(config.driver)
    for child in config.children:
        if child.text not in drop:
            out.add_deep_copy_of(child)
    return out


def _in_owned(address: str, owned: list[IPv4Network]) -> bool:
    addr = ip_address(address)
    return isinstance(addr, IPv4Address) and any(addr in net for net in owned)


def _router_child_managed(text: str, intended_texts: set[str], owned: list[IPv4Network]) -> bool:
    if text in intended_texts:
        return True
    network = NETWORK_ADDRESS.match(text)
    if network:
        return _in_owned(network[1], owned)
    neighbor = NEIGHBOR.match(text)
    if neighbor:
        return _in_owned(neighbor[1], owned)
    head = " ".join(text.split()[:2])
    return any(" ".join(t.split()[:2]) == head for t in intended_texts) or text in {
        "auto-summary",
        "no auto-summary",
    }


@lru_cache(maxsize=4096)
def _families(section: str) -> re.Pattern[str] | None:
    """The shape of the lines dmvpnprov owns in ``section`` (``None``: not a managed kind)."""
    for pattern, lines in _OWNED:
        if pattern.match(section):
            return lines
    return None


def _owned_child(section: str, text: str, wanted: frozenset[str]) -> bool:
    """True when dmvpnprov owns line ``text`` of managed ``section``."""
    if text in wanted:
        return True
    shape = _families(section)
    return shape is not None and shape.match(text) is not None


def _processes(config: HConfig) -> dict[tuple[str, str], str]:
    """(protocol, AS) -> the section that runs it (``router eigrp NAME`` named mode)."""
    out: dict[tuple[str, str], str] = {}
    for child in config.children:
        match = _PROCESS.match(child.text)
        if match is None:
            continue
        if match[1] == "eigrp" and not match[2].isdigit():
            for af in child.children:
                if named := EIGRP_NAMED_AF.match(af.text):
                    out.setdefault(("eigrp", named[1]), child.text)
        else:
            out.setdefault((match[1], match[2]), child.text)
    return out


def unattainable(config: HConfig, intended: HConfig | Outline) -> dict[str, str]:
    """Intended routing processes IOS would not let dmvpnprov create next to ``config``'s,
    with why: another ``router bgp`` (one per router), or the same EIGRP AS in named mode.

    Examples:
        >>> run = parse("router bgp 65001\\n neighbor 192.0.2.1 remote-as 65002\\n")
        >>> unattainable(run, parse("router bgp 65000\\n bgp log-neighbor-changes\\n"))
        {'router bgp 65000': 'router bgp 65001 runs here (IOS allows one BGP process)'}
    """
    tops = (intended if isinstance(intended, Outline) else outline_of(intended)).tops
    out: dict[str, str] = {}
    running: dict[tuple[str, str], str] | None = None
    for top in tops:
        match = _PROCESS.match(top) if top.startswith("router ") else None
        if match is None or config.get_child(equals=top) is not None:
            continue  # the common case: the process runs as rendered
        running = _processes(config) if running is None else running
        if match[1] == "bgp":
            other = next((v for (p, _), v in running.items() if p == "bgp"), None)
            if other is not None:
                out[top] = f"{other} runs here (IOS allows one BGP process)"
        elif (named := running.get(("eigrp", match[2]))) is not None and named != top:
            out[top] = f"{named} runs EIGRP AS {match[2]} in named mode"
    return out


@dataclass(frozen=True)
class Outline:
    """What the managed scope reads of an intended config: its top-level lines (in order)
    with their direct children, and every line at every depth (as paths).

    :func:`outline_of` builds it from a parsed tree; :func:`outline_text` from rendered
    text without hier_config (the audit's fast path), when the text is plain enough for
    the result to be the same.
    """

    tops: dict[str, tuple[str, ...]]
    paths: frozenset[tuple[str, ...]]


def outline_of(intended: HConfig) -> Outline:
    """The outline of a parsed config."""
    tops = {c.text: tuple(g.text for g in c.children) for c in intended.children}
    return Outline(tops, frozenset(tuple(c.path()) for c in intended.all_children()))


def _plain_line(
    raw: str, union: re.Pattern[str], compiled: tuple[re.Pattern[str], ...]
) -> tuple[int, str] | None:
    """(depth, line) as :func:`parse` reads ``raw``; ``(0, "")`` when it drops the line;
    ``None`` when only hier_config can tell (tabs, odd breaks, rewritten lines, banners)."""
    if _SHOW_RUN.match(raw) or not raw.strip():
        return 0, ""  # what strip_show_run drops
    if not raw.isprintable():
        return None
    depth = len(raw) - len(raw.lstrip(" "))
    line = " ".join(raw.split())
    if union.match(" " * depth + line):
        norm = " " * depth + line
        for pattern in compiled:
            norm = pattern.sub("", norm)
        return (0, "") if not norm.strip() else None
    if line.startswith(("banner ", "exit")):
        return None
    return depth, line


def outline_text(text: str) -> Outline | None:
    """The outline of rendered config text, as :func:`parse` would read it, without
    building a tree; ``None`` when the text is not plain enough to be sure (banners,
    lines hier_config rewrites, sectional exits, irregular indentation, repeated lines).

    Examples:
        >>> o = outline_text("interface Tunnel0\\n ip mtu 1400\\n!\\nhostname r1\\n")
        >>> o.tops, sorted(o.paths)
        ({'interface Tunnel0': ('ip mtu 1400',), 'hostname r1': ()}, \
[('hostname r1',), ('interface Tunnel0',), ('interface Tunnel0', 'ip mtu 1400')])
        >>> outline_text("banner motd ^C hello ^C\\n") is None
        True
    """
    _, union, compiled = _presub_driver()
    tops: dict[str, list[str]] = {}
    paths: set[tuple[str, ...]] = set()
    stack: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        plain = _plain_line(raw, union, compiled)
        if plain is None or plain[0] > len(stack):
            return None
        depth, line = plain
        if not line:
            continue
        del stack[depth:]
        stack.append(line)
        path = tuple(stack)
        if path in paths:
            return None
        paths.add(path)
        if depth == 0:
            tops[line] = []
        elif depth == 1:
            tops[stack[0]].append(line)
    return Outline({k: tuple(v) for k, v in tops.items()}, frozenset(paths))


_Pick = tuple[HConfigChild, None] | tuple[str, list[HConfigChild]]


def _managed(
    config: HConfig, intended: HConfig | Outline, owned_networks: Iterable[IPv4Network]
) -> list[_Pick]:
    """The managed scope of ``config``: ``(section, None)`` to keep a section whole,
    ``(text, children)`` to keep a section with only those children."""
    outline = intended if isinstance(intended, Outline) else outline_of(intended)
    owned = _owned_networks(outline, owned_networks)
    intended_tops = outline.tops
    key_peers = {m[1] for t in intended_tops if (m := _ISAKMP_KEY.match(t))}
    transform_sets = {m[1] for t in intended_tops if (m := _TRANSFORM_SET.match(t))}
    picks: list[_Pick] = []
    seen: set[str] = set()
    for child in config.children:
        text = child.text
        key = _ISAKMP_KEY.match(text)
        tset = _TRANSFORM_SET.match(text + " ")
        if (key and key[1] in key_peers) or (tset and tset[1] in transform_sets):
            picks.append((child, None))
            continue
        wanted = intended_tops.get(text)
        if wanted is None:
            continue
        seen.add(text)
        if _ROUTER.match(text):
            texts = set(wanted)
            kept = [c for c in child.children if _router_child_managed(c.text, texts, owned)]
        elif text.startswith("crypto ikev2 keyring "):
            peers = set(wanted)  # peers by name: keys of peers we do not know stay
            kept = [c for c in child.children if c.text in peers]
        elif _families(text) is not None:
            wanted_set = frozenset(wanted)
            kept = [c for c in child.children if _owned_child(text, c.text, wanted_set)]
        else:
            kept = list(child.children)
        picks.append((text, kept))
    # A physical interface cannot be removed: where the config lacks one the scope
    # names, it stands empty, so the change is "no ip address", not "no interface".
    for text in intended_tops:
        if text.startswith("interface ") and not _WHOLE_SECTIONS.match(text) and text not in seen:
            picks.append((text, []))
    return picks


def managed_view(
    config: HConfig, intended: HConfig | Outline, owned_networks: Iterable[IPv4Network] = ()
) -> HConfig:
    """A copy of ``config`` with only the lines in dmvpnprov's managed scope.

    The scope is derived from ``intended`` (see the module docstring), a tree or its
    :class:`Outline`. ``owned_networks`` adds networks whose routing statements dmvpnprov
    owns (the cloud's tunnel subnets) beyond the addresses the intended config holds.
    """
    view = get_hconfig(driver())
    for pick in _managed(config, intended, owned_networks):
        if pick[1] is None:
            view.add_deep_copy_of(pick[0])
            continue
        section = view.add_child(pick[0])
        for grandchild in pick[1]:
            section.add_deep_copy_of(grandchild)
    return view


def managed_paths(
    config: HConfig, intended: HConfig | Outline, owned_networks: Iterable[IPv4Network] = ()
) -> set[tuple[str, ...]]:
    """The paths of every line of ``managed_view(config, intended, owned_networks)``,
    without copying the tree."""
    paths: set[tuple[str, ...]] = set()

    def walk(node: HConfigChild, prefix: tuple[str, ...]) -> None:
        path = (*prefix, node.text)
        paths.add(path)
        for child in node.children:
            walk(child, path)

    for pick in _managed(config, intended, owned_networks):
        if pick[1] is None:
            walk(pick[0], ())
            continue
        paths.add((pick[0],))
        for grandchild in pick[1]:
            walk(grandchild, (pick[0],))
    return paths


def remediation(
    running: str | HConfig,
    intended: str | HConfig,
    owned_networks: Iterable[IPv4Network] = (),
    scope: str | HConfig | None = None,
) -> HConfig:
    """The change that takes the managed part of ``running`` to ``intended``.

    ``scope`` is the config that defines the managed scope (default: ``intended``).
    A rollback passes the backup as ``intended`` and the rendered config as ``scope``,
    so it touches exactly the lines a push may have touched.

    Both sides are limited to the scope, so a config is always its own target: lines of
    ``intended`` outside the scope (a physical interface's ``duplex auto`` or
    ``shutdown`` in a full backup) are neither sent nor reported as missing.

    Examples:
        >>> full = "interface Ethernet0\\n ip address 10.1.1.1 255.255.255.0\\n duplex auto\\n"
        >>> remediation_text(full, full)
        ''
    """
    run_tree = parse(running) if isinstance(running, str) else running
    want_tree = parse(intended) if isinstance(intended, str) else intended
    scope_tree = want_tree if scope is None else (parse(scope) if isinstance(scope, str) else scope)
    owned = list(owned_networks)
    outline = outline_of(scope_tree)  # read once for both sides
    current = managed_view(run_tree, outline, owned)
    target = managed_view(want_tree, outline, owned)  # a config is its own target
    target = without(target, unattainable(run_tree, target))
    return WorkflowRemediation(current, target).remediation_config


def remediation_lines(
    running: str | HConfig,
    intended: str | HConfig,
    owned_networks: Iterable[IPv4Network] = (),
    scope: str | HConfig | None = None,
) -> list[str]:
    """The remediation as the lines to type in config mode (indented as IOS shows them)."""
    tree = remediation(running, intended, owned_networks, scope)
    return [line.cisco_style_text() for line in tree.all_children_sorted()]


def remediation_text(
    running: str | HConfig,
    intended: str | HConfig,
    owned_networks: Iterable[IPv4Network] = (),
    scope: str | HConfig | None = None,
) -> str:
    """The remediation as text, one line per command, IOS indentation."""
    return "\n".join(remediation_lines(running, intended, owned_networks, scope))
