"""A made-up handwritten signature: pen strokes and their PNG, in pure Python.

For demo data only: the desktop captures real strokes. The same strokes are drawn into
the signed demo document (vector) and stored as the signature image (PNG), so the image
and the document agree. No imaging library is needed: the PNG is written with zlib.
"""

from __future__ import annotations

import math
import random
import struct
import zlib
from collections.abc import Sequence

WIDTH, HEIGHT = 240, 72
Point = tuple[float, float]
Stroke = tuple[Point, ...]


def strokes(seed: int | str, width: int = WIDTH, height: int = HEIGHT) -> tuple[Stroke, ...]:
    """A few strokes from left to right: loops for the letters, one underline."""
    rng = random.Random(seed)
    middle, amplitude = height * 0.45, height * 0.28
    result = []
    x = width * 0.06
    for _ in range(rng.randint(2, 3)):  # first name initial, then the name
        length = width * rng.uniform(0.22, 0.4)
        loops = rng.randint(3, 7)
        tilt = rng.uniform(-0.15, 0.15)
        points = []
        steps = 18 * loops
        for step in range(steps + 1):
            t = step / steps
            angle = 2 * math.pi * loops * t
            px = x + length * t + amplitude * 0.35 * math.cos(angle)
            py = middle + amplitude * math.sin(angle) * (1 - 0.5 * t) + tilt * length * t
            points.append((min(max(px, 1.0), width - 2.0), min(max(py, 1.0), height - 2.0)))
        result.append(tuple(points))
        x += length + width * 0.04
        if x > width * 0.85:
            break
    underline_y = height * rng.uniform(0.8, 0.9)
    result.append(((width * 0.08, underline_y), (min(x, width * 0.92), underline_y - height * 0.05)))
    return tuple(result)


def png(drawn: Sequence[Stroke], width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """Black ink on white, 8-bit greyscale, 2-pixel pen."""
    ink = [bytearray(b"\xff" * width) for _ in range(height)]
    for stroke in drawn:
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:], strict=False):
            steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) * 2))
            for step in range(steps + 1):
                x = round(x0 + (x1 - x0) * step / steps)
                y = round(y0 + (y1 - y0) * step / steps)
                for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
                    if 0 <= x + dx < width and 0 <= y + dy < height:
                        ink[y + dy][x + dx] = 0
    raw = b"".join(b"\x00" + bytes(row) for row in ink)  # filter type 0 on every row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6))
            + chunk(b"IEND", b""))
