"""Links from the domain to the pages, without the domain knowing the pages' addresses.

Messages name the place to act ("booking", 12); the web layer registers how each name becomes a
path (``web.apps``). A name no page has registered gives an empty link: the message still goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_resolvers: dict[str, Callable[..., str]] = {}


def register(name: str, resolver: Callable[..., str]) -> None:
    _resolvers[name] = resolver


def link_to(name: str, *args: Any, **kwargs: Any) -> str:
    """The site-relative path for a named place, e.g. ``link_to("booking", 12)``."""
    resolver = _resolvers.get(name)
    return resolver(*args, **kwargs) if resolver is not None else ""
