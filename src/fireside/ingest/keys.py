"""The dedupe key of a message: stable, made without its words, computed column-wise."""

from __future__ import annotations

import hashlib

import polars as pl

HASH_BATCH = 100_000  # rows mixed at a time
KINDS = {"text": 1, "media": 2, "sticker": 3, "call": 4, "deleted": 5}
MASK64 = (1 << 64) - 1


def _mix(x: pl.Series) -> pl.Series:
    """The splitmix64 finaliser on UInt64 (multiplication wraps; // 2**k is a right shift).

    On Series, step by step: as one expression each step would repeat the ones before it.
    """
    x = (x ^ (x // (1 << 30))) * 0xBF58476D1CE4E5B9
    x = (x ^ (x // (1 << 27))) * 0x94D049BB133111EB
    return x ^ (x // (1 << 31))


def _sender_code(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big")


def _fields_key(part: pl.DataFrame, senders: dict[str, int]) -> pl.Series:
    fields = part.select(
        ts=pl.col("ts").dt.epoch("ms").cast(pl.UInt64),
        sender=pl.col("sender").replace_strict(senders, return_dtype=pl.UInt64),
        kind=pl.col("kind").replace_strict(KINDS, return_dtype=pl.UInt64, default=0),
        lengths=pl.col("chars").cast(pl.UInt64)
        + pl.col("words").cast(pl.UInt64) * (1 << 24)
        + pl.col("emoji").cast(pl.UInt64) * (1 << 44),
    )
    key = _mix(fields.get_column("ts"))
    for name in ("sender", "kind", "lengths"):
        key = _mix(key ^ fields.get_column(name))
    return key


def content_hashes(frame: pl.DataFrame) -> pl.Series:
    """A stable 64-bit key per message: time, sender, kind, lengths and its repeat number.

    The text is deliberately not part of it, so the store never holds a fingerprint of the
    partner's words; repeats of an identical message within the same millisecond are told
    apart by their order, which overlapping exports share. Computed column-wise (splitmix64
    over the fields, blake2b for the few distinct sender names). Stored keys depend on this
    exact recipe: changing it would make re-imports add duplicates, so it must not change.
    """
    senders = {name: _sender_code(name) for name in frame.get_column("sender").unique().to_list()}
    # Mixed a slice at a time: the temporaries of a million rows at once took 80 MB.
    key = pl.concat(
        [_fields_key(part, senders) for part in frame.iter_slices(HASH_BATCH)]
        or [pl.Series(dtype=pl.UInt64)]
    )
    # Number repeats of a key in file order. Almost every key is unique, so only repeated
    # keys are grouped; they are found by sorting (a hash set of every key took 64 MB).
    ordered = key.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    n = pl.Series("n", [0] * key.len(), dtype=pl.UInt64)
    if repeated.len():
        keyed = key.alias("key").to_frame().with_row_index("row")
        repeats = keyed.filter(pl.col("key").is_in(repeated.implode())).with_columns(
            n=pl.int_range(pl.len(), dtype=pl.UInt64).over("key")
        )
        n = n.scatter(repeats.get_column("row"), repeats.get_column("n"))
    final = _mix(key ^ (n + 1)).reinterpret(signed=True)
    return final.alias("content_hash")
