"""Sets of talks as the bits of one Python integer: bit n is talk number n.

Search combines a few sets of thousands of talks per query (a word's talks in each field,
a filter's talks). As integers, intersections and unions run in C over one machine word
per 64 talks (a quarter of a microsecond at 10,000 talks) and never let go of the GIL,
where numpy does for every array longer than 500; in the server each time is a thread
handover, the larger part of a search's cost under load (see README 'Load').
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from itertools import compress, count, islice

import numpy as np

# The bits are read back a 64-bit word at a time, 4,096 talks at a time.
_WORD = 64
_CHUNK_BITS = 4096
_CHUNK_MASK = (1 << _CHUNK_BITS) - 1


def from_numbers(numbers: array[int] | list[int], size: int) -> int:
    """The set of the given talk numbers (each below `size`)."""
    if not numbers:
        return 0
    flags = np.zeros(size, dtype=np.bool_)
    flags[np.asarray(numbers, dtype=np.int64)] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def everyone(size: int) -> int:
    return (1 << size) - 1


def members(talks: int, limit: int | None = None) -> list[int]:
    """The talk numbers in the set, ascending; only the first `limit` when given."""
    return list(islice(ascending(talks), limit))


def ascending(talks: int) -> Iterator[int]:
    """The talk numbers in the set, ascending, found as they are read."""
    for first, words in _chunks(talks):
        # compress() skips the empty words in C: a set is often a few talks in thousands.
        for index in compress(count(first), words):
            word = words[index - first]
            base = index * _WORD
            while word:
                low = word & -word
                yield base + low.bit_length() - 1
                word ^= low


def nth(talks: int, rank: int) -> int:
    """The talk number at position `rank` (from 0) of the set in ascending order."""
    for first, words in _chunks(talks):
        for index in compress(count(first), words):
            word = words[index - first]
            held = word.bit_count()
            if rank >= held:
                rank -= held
                continue
            for _ in range(rank):
                word &= word - 1
            return index * _WORD + (word & -word).bit_length() - 1
    raise IndexError(f"the set holds fewer than {rank + 1} talks")


def _chunks(talks: int) -> Iterator[tuple[int, array[int]]]:
    """The set's 64-bit words, a chunk at a time, each with the number of the words before
    it: an answer reads the first few talks of a set, and turning all of a set of 100,000
    talks into words costs 18 us."""
    first = 0
    while talks:
        part = talks & _CHUNK_MASK
        if part:
            length = (part.bit_length() + _WORD - 1) // _WORD
            words = array("Q", part.to_bytes(length * 8, "little"))
            if sys.byteorder == "big":
                words.byteswap()
            yield first, words
            skip = _CHUNK_BITS
        else:  # straight to the chunk of the lowest talk left: each shift copies the rest
            skip = ((talks & -talks).bit_length() - 1) // _CHUNK_BITS * _CHUNK_BITS
        talks >>= skip
        first += skip // _WORD
