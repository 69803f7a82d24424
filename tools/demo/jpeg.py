"""A small baseline JPEG writer, so that the demo's photos need no imaging library.

Baseline DCT, YCbCr 4:4:4, one quantisation table per component kind and Huffman tables that
give every symbol a code of one length (canonical codes in symbol order): larger files than an
optimising encoder makes, but a few lines that any decoder reads. The output is deterministic.
"""

import math
import struct

# Zig-zag order of an 8×8 block: index k of the stream → (row, column).
ZIGZAG = sorted(((r, c) for r in range(8) for c in range(8)),
                key=lambda rc: (rc[0] + rc[1], rc[0] if (rc[0] + rc[1]) % 2 else rc[1]))

# A quantisation table that grows with frequency (finer for luminance).
LUMA_Q = [[min(255, 6 + 3 * (r + c)) for c in range(8)] for r in range(8)]
CHROMA_Q = [[min(255, 10 + 5 * (r + c)) for c in range(8)] for r in range(8)]

COS = [[(math.sqrt(0.5) if u == 0 else 1.0) * math.cos((2 * x + 1) * u * math.pi / 16) / 2
        for x in range(8)] for u in range(8)]

# Every DC category (0–11) and every AC (run, size) symbol, each with a code of one length.
DC_SYMBOLS = list(range(12))
AC_SYMBOLS = [0x00, 0xF0] + [(run << 4) | size for run in range(16) for size in range(1, 11)]
DC_LEN = 4
AC_LEN = 8


def codes(symbols, length):
    return {s: (i, length) for i, s in enumerate(symbols)}


DC_CODES = codes(DC_SYMBOLS, DC_LEN)
AC_CODES = codes(AC_SYMBOLS, AC_LEN)


class Bits:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc = 0
                self.n = 0

    def flush(self):
        while self.n:
            self.put(1, 1)
        return bytes(self.out)


def fdct(block):
    tmp = [[sum(COS[u][x] * block[y][x] for x in range(8)) for u in range(8)] for y in range(8)]
    return [[sum(COS[v][y] * tmp[y][u] for y in range(8)) for u in range(8)] for v in range(8)]


def category(v):
    return 0 if v == 0 else abs(v).bit_length()


def magnitude(v, size):
    return v if v >= 0 else v + (1 << size) - 1


def encode_block(bits, block, q, prev_dc):
    coef = fdct(block)
    zz = [int(round(coef[r][c] / q[r][c])) for r, c in ZIGZAG]
    diff = zz[0] - prev_dc
    s = category(diff)
    bits.put(*DC_CODES[s])
    if s:
        bits.put(magnitude(diff, s), s)
    run = 0
    for v in zz[1:]:
        if v == 0:
            run += 1
            continue
        while run > 15:
            bits.put(*AC_CODES[0xF0])
            run -= 16
        v = max(-1023, min(1023, v))
        s = category(v)
        bits.put(*AC_CODES[(run << 4) | s])
        bits.put(magnitude(v, s), s)
        run = 0
    if run:
        bits.put(*AC_CODES[0x00])
    return zz[0]


def segment(marker, payload):
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def huffman_table(cls_id, symbols, length):
    counts = [0] * 16
    counts[length - 1] = len(symbols)
    return bytes([cls_id]) + bytes(counts) + bytes(symbols)


def jpeg_bytes(width, height, pixel_rows):
    """JPEG of `height` rows of `width` RGB pixels (bytes or bytearray, 3 bytes a pixel)."""
    def px(x, y):
        row = pixel_rows[min(y, height - 1)]
        i = 3 * min(x, width - 1)
        return row[i], row[i + 1], row[i + 2]

    planes = [[], [], []]
    for y in range((height + 7) // 8 * 8):
        ys, cbs, crs = [], [], []
        for x in range((width + 7) // 8 * 8):
            r, g, b = px(x, y)
            ys.append(0.299 * r + 0.587 * g + 0.114 * b - 128)
            cbs.append(-0.168736 * r - 0.331264 * g + 0.5 * b)
            crs.append(0.5 * r - 0.418688 * g - 0.081312 * b)
        planes[0].append(ys)
        planes[1].append(cbs)
        planes[2].append(crs)
    bits = Bits()
    prev = [0, 0, 0]
    for by in range(0, len(planes[0]), 8):
        for bx in range(0, len(planes[0][0]), 8):
            for c in range(3):
                block = [planes[c][by + y][bx:bx + 8] for y in range(8)]
                prev[c] = encode_block(bits, block, LUMA_Q if c == 0 else CHROMA_Q, prev[c])
    data = bits.flush()
    qt = lambda q: bytes(q[r][c] for r, c in ZIGZAG)
    out = b"\xff\xd8"
    out += segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += segment(0xDB, b"\x00" + qt(LUMA_Q) + b"\x01" + qt(CHROMA_Q))
    out += segment(0xC0, struct.pack(">BHHB", 8, height, width, 3)
                   + bytes([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]))
    out += segment(0xC4, huffman_table(0x00, DC_SYMBOLS, DC_LEN)
                   + huffman_table(0x10, AC_SYMBOLS, AC_LEN)
                   + huffman_table(0x01, DC_SYMBOLS, DC_LEN)
                   + huffman_table(0x11, AC_SYMBOLS, AC_LEN))
    out += segment(0xDA, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]))
    return out + data + b"\xff\xd9"
