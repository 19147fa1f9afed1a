"""Transport tests reuse the push fixtures (a push against the in-process lab)."""

from tests.push.conftest import intended, owned, push

__all__ = ["intended", "owned", "push"]
