"""The cyclic garbage collector held off while a library is read, decoded or indexed."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector is as it was after it.

    Reading or decoding a library allocates hundreds of thousands of objects that all stay
    alive (talks, their links and sources), so every collection those allocations trigger
    walks a growing heap and frees nothing. Reference counting still frees what the block
    drops; cycles it leaves are collected after it. A block run while another thread has
    the collector paused leaves it to that thread to turn it back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
