"""Apply a parsed configuration command to the running config, as IOS stores it.

* a line with the key of an existing line replaces it in place;
* ``no`` + key removes it (``no ip mtu``, ``no interface Tunnel0``);
* for commands that are on by default IOS stores the negation
  (``no ip split-horizon eigrp 1``) and the positive form removes it;
* secrets are stored as IOS shows them: ``enable secret 5 <hash>``.
"""

from __future__ import annotations

from dmvpnprov.core.iossyntax import VIRTUAL_TYPES
from dmvpnprov.core.platforms import has_feature
from dmvpnprov.lab.ios.console import Console
from dmvpnprov.lab.ios.grammar import Cmd
from dmvpnprov.lab.ios.parser import Parsed, parse_line

__all__ = ["apply_config", "canonical_secret"]


def canonical_secret(session: Console, words: list[str]) -> list[str]:
    """``enable secret X`` -> ``enable secret 5 <hash>``; ``username u password X`` gets 0."""
    router = session.router
    if words[:2] == ["enable", "secret"] or (words[0] == "username" and "secret" in words):
        at = words.index("secret")
        if words[at + 1] == "5" and len(words) > at + 2:
            return words
        return [*words[: at + 1], "5", router.remember(words[-1])]
    if words[0] == "username" and "password" in words:
        at = words.index("password")
        if len(words) == at + 2:
            return [*words[: at + 1], "0", words[-1]]
    return words


def _default_on(session: Console, cmd: Cmd) -> bool:
    if cmd.pattern == "auto-summary":  # 15.0(1)M on: no auto-summary is the hidden default
        return not has_feature(session.router.context.release, "eigrp_auto_summary_off")
    return cmd.default_on


def _key(cmd: Cmd, words: list[str]) -> str | None:
    if cmd.key is None:
        return " ".join(words)
    return " ".join(words[: cmd.key]) if len(words) >= cmd.key else None


def _negate(session: Console, parent_mode: str, cmd: Cmd, words: list[str], complete: bool) -> str:
    tree, parent = session.router.running, session.stack[-1]
    key = _key(cmd, words)
    if key is None or (cmd.key is None and not complete):
        return "% Incomplete command.\n\n"
    if cmd.enters == "if" and words[1].rstrip("0123456789/.:") not in VIRTUAL_TYPES:
        return "% Removal of physical interfaces is not permitted\n"
    tree.remove(parent, key)
    if _default_on(session, cmd) or cmd.shows_no:
        tree.put(parent, "no " + key, "no " + key)
    return ""


_OLD_NEW = (("domain-name",), ("domain", "name")), (("domain-lookup",), ("domain", "lookup"))


def one_spelling(session: Console, parsed: Parsed) -> Parsed:
    """``ip domain-name`` / ``ip domain name`` are one setting, printed as the release does.

    IOS 12.3 and later print ``ip domain name`` and ``no ip domain lookup``; 12.2
    prints the hyphenated forms. Either spelling is accepted and stored as printed.
    """
    words = parsed.words
    neg = words[:1] == ["no"]
    body = words[1:] if neg else words
    if body[:1] != ["ip"] or session.stack[-1].mode not in (None, "config"):
        return parsed
    modern = session.router.release.line >= (12, 3)
    for old, new in _OLD_NEW:
        have, want = (old, new) if modern else (new, old)
        if tuple(body[1 : 1 + len(have)]) == have:
            line = " ".join(["ip", *want, *body[1 + len(have) :]])
            found = parse_line("config", line, session.router.context, prefix=neg)
            if isinstance(found, Parsed):
                return Parsed(found.cmd, (["no"] if neg else []) + found.words, found.complete)
    return parsed


def apply_config(session: Console, parsed: Parsed) -> str:
    """Apply ``parsed`` in the session's current mode; the text to print (often "")."""
    parsed = one_spelling(session, parsed)
    tree, parent = session.router.running, session.stack[-1]
    mode = parent.mode or "config"
    words = parsed.words
    if words[0] == "no":
        return _negate(session, mode, parsed.cmd, words[1:], parsed.complete)
    line = " ".join(words)
    cmd = parsed.cmd
    key = _key(cmd, words) or line
    if cmd.enters is not None:
        sub = cmd.enters
        if sub == "if" and words[1].startswith("Tunnel"):
            sub = "tunnel"
        session.stack.append(tree.section(parent, line, key, sub))
        return ""
    words = canonical_secret(session, words)
    tree.remove(parent, "no " + key)
    if _default_on(session, cmd) and len(words) <= len(key.split()):
        return ""
    tree.put(parent, " ".join(words), key)
    return ""
