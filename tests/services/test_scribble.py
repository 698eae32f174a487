"""The demo signature: deterministic strokes and a valid PNG of them."""

import struct
import zlib

from app.services.proposals import scribble


def decode(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and pixel rows of an 8-bit greyscale PNG (filter 0), by hand."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(png):
        (length,) = struct.unpack(">I", png[position:position + 4])
        kind = png[position + 4:position + 8]
        data = png[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks[kind] = data
        position += 12 + length
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 0) and b"IEND" in chunks
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[y * (width + 1):(y + 1) * (width + 1)] for y in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type 0
    return width, height, [row[1:] for row in rows]


def test_the_png_shows_the_strokes() -> None:
    strokes = scribble.strokes("zoe")
    width, height, rows = decode(scribble.png(strokes))
    assert (width, height) == (scribble.WIDTH, scribble.HEIGHT)
    # Every point of every stroke is inked (a 2-pixel pen from the rounded point).
    for stroke in strokes:
        for x, y in stroke:
            assert rows[round(y)][round(x)] == 0, (x, y)
    ink = sum(row.count(0) for row in rows)
    assert 0.02 < ink / (width * height) < 0.5  # a signature, not a blot or a blank


def test_strokes_are_deterministic_and_differ_per_signer() -> None:
    assert scribble.strokes("zoe") == scribble.strokes("zoe")
    assert scribble.strokes("zoe") != scribble.strokes("jerome")
    for stroke in scribble.strokes("lea", 100, 30):
        assert all(0 <= x < 100 and 0 <= y < 30 for x, y in stroke)
