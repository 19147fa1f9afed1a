"""The front end of config parsing: what IOS, RANCID and Oxidized store, made parseable.

``show running-config`` output holds things hier_config's line parser does not expect:

* banners in every form: multi-line (``banner motd ^C`` ... ``^C``), one-line
  (``banner motd ^C text ^C``), the delimiter glued to the text (``banner exec ^CC``),
  any delimiter character (``banner login #...#``);
* PKI certificate blocks (hex lines up to ``quit``);
* CRLF or CR line ends, tabs, non-UTF-8 bytes (a Latin-1 banner);
* the same line twice in one section (a hand-edited or concatenated file);
* a truncated file (no ``end``).

:func:`clean` returns text hier_config parses without error and with the same meaning
for every line dmvpnprov reads: each banner becomes the two lines ``banner <kind> ^C`` /
``<digest>^C`` in the form hier_config reads (banners are never managed; the digest
still tells two banners apart) and each
certificate body is dropped (the ``certificate`` line stays). :func:`decode` turns bytes
into text and refuses a file that is not a config.

Examples:
    >>> print(clean("banner motd ^C hello ^C\\r\\nhostname r1\\r\\n"))
    banner motd ^C
    2cf24dba^C
    hostname r1
    >>> print("\\n".join(dedupe(["interface Tunnel0", " ip mtu 1400", " ip mtu 1400"])))
    interface Tunnel0
     ip mtu 1400
    >>> decode(b"\\x00\\x01\\x02ELF", "r1")
    Traceback (most recent call last):
    ...
    dmvpnprov.core.configtext.NotAConfigError: r1: not a config file (binary data)
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "ConfigTextError",
    "NotAConfigError",
    "clean",
    "decode",
    "dedupe",
    "looks_truncated",
    "needs_cleaning",
]

_BANNER = re.compile(r"^banner (\S+)(?: (.*))?$")
_CERT_START = re.compile(r"^\s+certificate (?:ca |self-signed |rsa-encryption )?\S+")
_TEXT_BYTES = bytes((9, 10, 12, 13, *range(32, 256)))
_NEEDS = re.compile(r"^(?:banner |\s+certificate )|\r|\t", re.MULTILINE)


class ConfigTextError(ValueError):
    """A config text that cannot be read (the message never quotes a config line)."""


class NotAConfigError(ConfigTextError):
    """The bytes are not a config (binary data): an error for that router only."""


def decode(data: bytes, host: str) -> str:
    """Config bytes as text: UTF-8, else Latin-1 (every byte maps to a character).

    Raises:
        NotAConfigError: NUL bytes, or mostly control bytes (a binary file).
    """
    sample = data[:65536]
    controls = len(sample.translate(None, _TEXT_BYTES))  # what is left: control bytes
    if b"\x00" in sample or (sample and controls * 10 > len(sample)):
        raise NotAConfigError(f"{host}: not a config file (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def needs_cleaning(text: str) -> bool:
    """True when :func:`clean` may change the text (a cheap pre-check: substring tests
    first, the line-anchored pattern only when one of them hits)."""
    if "banner " not in text and "certificate" not in text and "\r" not in text:
        return "\t" in text
    return _NEEDS.search(text) is not None


def _delimiter(token: str) -> str:
    """The banner delimiter: ``^C`` as IOS prints it, else the first character."""
    return "^C" if token.startswith("^C") else token[:1]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:8]


def _banner_end(lines: list[str], start: int, rest: str, delim: str) -> tuple[int, str] | None:
    """(index of the banner's last line, its text) or ``None`` when it never closes."""
    if delim and delim in rest:
        return start, rest[: rest.index(delim)]
    body = [rest]
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if delim and delim in line:
            body.append(line[: line.index(delim)])
            return index, "\n".join(body)
        body.append(line)
    return None


def _fold_banners(lines: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _BANNER.match(line)
        if match is None:
            out.append(line)
            index += 1
            continue
        kind, tail = match[1], (match[2] or "").strip()
        delim = _delimiter(tail)
        end = _banner_end(lines, index, tail[len(delim) :], delim) if tail else None
        if end is None:  # no closing delimiter: take the line alone (never swallow config)
            out.extend((f"banner {kind} ^C", f"{_digest(tail)}^C"))
            index += 1
            continue
        out.extend((f"banner {kind} ^C", f"{_digest(end[1].strip())}^C"))
        index = end[0] + 1
    return out


def _drop_certificates(lines: list[str]) -> list[str]:
    out: list[str] = []
    inside = 0  # indentation of the certificate line while in its body
    for line in lines:
        depth = len(line) - len(line.lstrip())
        if inside:
            if line.strip() == "quit" or (line.strip() and depth < inside):
                inside = 0
                if line.strip() == "quit":
                    continue
            else:
                continue
        out.append(line)
        if _CERT_START.match(line):
            inside = depth + 1
    return out


def dedupe(lines: list[str]) -> list[str]:
    """Merge repeated sections and drop repeated lines (same parents, same text), as
    IOS would hold them; blank lines go. Indentation becomes one space per level.

    Examples:
        >>> dedupe(["a", " x", "a", " x", " y", "", "b", "b"])
        ['a', ' x', ' y', 'b']
    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    stack: list[tuple[int, dict]] = [(-1, root)]  # type: ignore[type-arg]
    for line in lines:
        text = line.strip()
        if not text:
            continue
        depth = len(line) - len(line.lstrip())
        while len(stack) > 1 and stack[-1][0] >= depth:
            stack.pop()
        node = stack[-1][1].setdefault(text, {})
        stack.append((depth, node))
    out: list[str] = []

    def emit(children: dict, level: int) -> None:  # type: ignore[type-arg]
        for text, grandchildren in children.items():
            out.append(" " * level + text)
            emit(grandchildren, level + 1)

    emit(root, 0)
    return out


def clean(text: str) -> str:
    """Text hier_config parses: line ends, tabs, banners, certificates, duplicates fixed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    if any(line.startswith("banner ") for line in lines):
        lines = _fold_banners(lines)
    if any("certificate" in line for line in lines):
        lines = _drop_certificates(lines)
    return "\n".join(line for line in lines if line.strip())


def looks_truncated(text: str) -> bool:
    """True when ``show running-config`` output lacks its closing ``end`` line.

    Examples:
        >>> looks_truncated("Building configuration...\\nhostname r1\\nend\\n")
        False
        >>> looks_truncated("Current configuration : 900 bytes\\nhostname r1\\ninterf")
        True
    """
    framed = "Current configuration" in text[:400] or "Building configuration" in text[:400]
    tail = text.rstrip().rsplit("\n", 1)[-1].strip()
    return framed and tail != "end"
