"""The control-plane model's input, sent from the audit's workers without config text.

The "works" verdict runs the model (:func:`dmvpnprov.dmvpn.network.analyse`) on every
router's saved config. A worker reads each file once for its own audit; for the model it
sends each spoke's config as its *shape* (the text with the spoke's own addresses as
numbered placeholders, the model's own :func:`~dmvpnprov.dmvpn.prepare.own_in_order`)
and the spoke's addresses: 10,000 spokes of a few shapes cost a few texts and
10,000 short tuples, and the parent never reads a file a second time. The parent puts the
texts back together one at a time as the model asks for them (:class:`ModelTexts`), so
the fleet's texts are never all in memory at once.

An encoding is checked in the worker: a text that does not come back exactly (a literal
``<0>`` in a banner, unusual line ends) is sent whole.

Examples:
    >>> shapes: dict[str, int] = {}
    >>> a = "hostname s1\\ninterface Tunnel0\\n ip address 10.0.0.10 255.255.255.0\\n"
    >>> a += " ip nhrp nhs 10.0.0.1\\n"
    >>> b = a.replace("s1", "s2").replace("10.0.0.10", "10.0.0.11")
    >>> ea, eb = encode(a, shapes), encode(b, shapes)
    >>> len(shapes), ea[0] == eb[0]
    (1, True)
    >>> texts = ModelTexts(["a", "b"], {"a": ea, "b": eb}, list(shapes))
    >>> texts["b"] == b, list(texts)
    (True, ['a', 'b'])
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

from dmvpnprov.dmvpn.prepare import is_client_text, own_in_order

__all__ = ["Encoded", "ModelTexts", "encode", "rebuild", "reindex"]

_SLOT = re.compile(r"<(\d+)>")

# (shape index, own addresses, (line index, hostname line) pairs, final line end);
# or the whole text when it is not a spoke's or does not come back exactly.
Encoded = tuple[int, tuple[str, ...], tuple[tuple[int, str], ...], str] | str


@lru_cache(maxsize=256)
def _pieces(shape: str) -> tuple[str, ...]:
    return tuple(_SLOT.split(shape))


def rebuild(shape: str, own: Sequence[str], names: Sequence[tuple[int, str]], end: str) -> str:
    """The text an encoding stands for."""
    pieces = _pieces(shape)
    body = "".join(own[int(p)] if i % 2 else p for i, p in enumerate(pieces))
    if names:
        lines = body.split("\n") if body else []
        for index, line in names:
            lines.insert(index, line)
        body = "\n".join(lines)
    return body + end


def encode(text: str, shapes: dict[str, int]) -> Encoded:
    """``text`` as a shape (numbered in ``shapes``, added when new) and its addresses."""
    if not is_client_text(text):
        return text
    shape, own = own_in_order(text)
    names = tuple((i, ln) for i, ln in enumerate(text.splitlines()) if ln.startswith("hostname "))
    end = "\n" if text.endswith("\n") else ""
    if rebuild(shape, own, names, end) != text:
        return text
    index = shapes.setdefault(shape, len(shapes))
    return (index, tuple(own), names, end)


def reindex(encoded: Encoded, local: Sequence[str], shapes: dict[str, int]) -> Encoded:
    """An encoding numbered in a worker's ``local`` shapes, renumbered in ``shapes``."""
    if isinstance(encoded, str):
        return encoded
    index, own, names, end = encoded
    return (shapes.setdefault(local[index], len(shapes)), own, names, end)


class ModelTexts(Mapping[str, str]):
    """Routers' config texts, rebuilt from their encodings when asked for, in ``order``."""

    def __init__(
        self, order: Sequence[str], encoded: Mapping[str, Encoded], shapes: Sequence[str]
    ) -> None:
        self._order = [name for name in order if name in encoded]
        self._encoded = encoded
        self._shapes = shapes

    def __getitem__(self, name: str) -> str:
        got = self._encoded[name]
        if isinstance(got, str):
            return got
        index, own, names, end = got
        return rebuild(self._shapes[index], own, names, end)

    def shape_of(self, name: str) -> tuple[str, list[str]] | None:
        """A spoke's shape and own addresses as the worker found them (what
        :func:`~dmvpnprov.dmvpn.prepare.own_in_order` gives for its text), or ``None``
        for a text sent whole: the model then needs the text only once per shape."""
        got = self._encoded[name]
        if isinstance(got, str):
            return None
        index, own, _, _ = got
        return self._shapes[index], list(own)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._encoded
