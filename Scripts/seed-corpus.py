#!/usr/bin/env python3
"""Writes one fuzz seed per frame of classic pcap files: a byte selecting the link type
(index into FuzzPacketDecoding's table), then the frame bytes."""
import os
import struct
import sys

LINK_INDEX = {0: 0, 1: 1, 12: 2, 108: 3, 113: 4, 117: 5, 228: 6, 229: 7, 239: 8, 276: 9, 101: 2}

def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    if magic not in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        return
    link = struct.unpack(endian + "I", data[20:24])[0] & 0xFFFF
    offset = 24
    while offset + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[offset + 8:offset + 12])[0]
        yield link, data[offset + 16:offset + 16 + caplen]
        offset += 16 + caplen

out = sys.argv[1]
count = 0
for path in sys.argv[2:]:
    for link, frame in frames(path):
        if link in LINK_INDEX:
            with open(os.path.join(out, f"seed-{count:06d}"), "wb") as f:
                f.write(bytes([LINK_INDEX[link]]) + frame)
            count += 1
print(f"{count} seeds", file=sys.stderr)
