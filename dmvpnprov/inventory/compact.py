"""Make a validated fleet smaller in memory without changing a value.

Every pydantic model instance carries its own ``__pydantic_fields_set__`` (the names of
the fields the input gave), a ``set`` of 200-400 bytes. A router is seven model
instances (itself, its NBMA and LAN interfaces, tunnel, credentials, secret
references), so those sets were about 2.2 KiB of a router's ~3.5 KiB: the largest part
of a 100,000-router fleet. Routers written alike have equal sets; frozen models never
change theirs (``model_copy`` copies the set before updating it), so one set per
(model class, field names) is shared by all of them.

Examples:
    >>> from dmvpnprov.core.models import Lan
    >>> a = Lan(interface="Gi0/1", address="10.0.0.1/24")
    >>> b = Lan(interface="Gi0/2", address="10.0.1.1/24")
    >>> a.model_fields_set is b.model_fields_set
    False
    >>> share_field_sets([a, b])
    >>> a.model_fields_set is b.model_fields_set, sorted(b.model_fields_set)
    (True, ['address', 'interface'])
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from dmvpnprov.core.models import Credentials, SecretRef

__all__ = ["share_field_sets"]


def share_field_sets(models: Iterable[BaseModel]) -> None:
    """Let frozen models (and the frozen models inside them, directly or in tuples)
    with equal field-name sets share one set object; equal frozen models held directly
    by another (every router's credentials and their secret references, say) become
    one object too."""
    shared: dict[tuple[type, frozenset[str]], set[str]] = {}
    alike: dict[tuple[object, ...], BaseModel] = {}
    frozen: dict[type, bool] = {}
    todo = list(models)
    while todo:
        model = todo.pop()
        cls = type(model)
        is_frozen = frozen.get(cls)
        if is_frozen is None:
            is_frozen = frozen[cls] = bool(cls.model_config.get("frozen"))
        if not is_frozen:
            continue
        names = model.__pydantic_fields_set__
        one = shared.setdefault((cls, frozenset(names)), names)
        if one is not names:
            object.__setattr__(model, "__pydantic_fields_set__", one)
        fields = model.__dict__
        for key, value in fields.items():
            if isinstance(value, BaseModel):
                todo.append(value)
                if type(value) in _LEAVES:
                    fields[key] = alike.setdefault(_identity(value), value)
            elif type(value) is tuple and value and isinstance(value[0], BaseModel):
                todo += value


def _identity(model: BaseModel) -> tuple[object, ...]:
    return (type(model), *model.__dict__.values())


_LEAVES = (Credentials, SecretRef)  # written alike on most routers; hashable fields
