"""Image sizes read from headers (fakewoot/store/blob_analysis.py), as ActiveStorage's image
analyzer reports them in a blob's metadata."""

from __future__ import annotations

import struct

import pytest

from fakewoot.store.blob_analysis import image_size


def _png(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    )


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dht = b"\xff\xc4" + struct.pack(">H", 4) + b"\x00\x00"  # a DHT segment is no frame
    sof2 = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + dht + b"\xff" + sof2


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (_png(640, 480), (640, 480)),
        (b"GIF89a" + struct.pack("<HH", 32, 16), (32, 16)),
        (b"GIF87a" + struct.pack("<HH", 1, 2), (1, 2)),
        (b"BM" + b"\x00" * 16 + struct.pack("<ii", 100, -50), (100, 50)),  # top-down bitmap
        (_jpeg(1024, 768), (1024, 768)),
    ],
)
def test_sizes(data, size):
    assert image_size(data) == size


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain text",
        b"\x89PNG\r\n\x1a\n",
        b"GIF89a",
        b"\xff\xd8",
        b"\xff\xd8\x00\x00\x00\x00",
        b"\xff\xd8\xff\xe0\xff\xff",
    ],
)
def test_not_measurable(data):
    assert image_size(data) is None
