#!/usr/bin/env python3
"""Writes fuzz seeds from the frames of classic pcap files.

seed-corpus.py OUT FILES...            one seed per frame: a byte selecting the link type (index into
                                       FuzzPacketDecoding's table), then the frame (whole-packet mode).
seed-corpus.py --link DLT OUT FILES... frames of link type DLT only, without the selector byte; link
                                       types no sample was captured with get the IP packets of the
                                       Ethernet samples under their own link header."""
import os
import struct
import sys

LINK_INDEX = {0: 0, 1: 1, 12: 2, 108: 3, 113: 4, 117: 5, 228: 6, 229: 7, 239: 8, 276: 9, 101: 2, 9: 10, 104: 11, 105: 12, 127: 13}

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

def rewrap(dlt, ip):
    """An IP packet under the link header of `dlt` (as the capturing stacks write them)."""
    v6 = ip[0] >> 4 == 6
    if dlt in (12, 101) or dlt == (229 if v6 else 228):
        return ip
    if dlt == 0:
        return struct.pack("<I", 30 if v6 else 2) + ip
    if dlt == 108:
        return struct.pack(">I", 24 if v6 else 2) + ip
    if dlt == 113:
        return struct.pack(">HHH8sH", 0, 1, 6, b"\x00\x50\x56\x0c\x0d\x5d\x00\x00", 0x86DD if v6 else 0x0800) + ip
    if dlt == 276:
        return struct.pack(">HHIHBB8s", 0x86DD if v6 else 0x0800, 0, 2, 1, 0, 6, b"\x00\x50\x56\x0c\x0d\x5d\x00\x00") + ip
    if dlt == 9:
        return b"\xff\x03" + (b"\x00\x57" if v6 else b"\x00\x21") + ip
    if dlt == 104:
        return b"\x0f\x00" + (b"\x86\xdd" if v6 else b"\x08\x00") + ip
    if dlt in (105, 127):
        dot11 = bytes([0x08, 0x01, 0, 0]) + b"\x02\x00\x00\x00\x00\x01" * 3 + b"\x10\x00" + b"\xaa\xaa\x03\x00\x00\x00" + (b"\x86\xdd" if v6 else b"\x08\x00") + ip
        return dot11 if dlt == 105 else struct.pack("<BBHI", 0, 0, 8, 0) + dot11
    if dlt == 117:
        header = bytes([61, 24 if v6 else 2, 1, 0]) + b"\x00" * 57
        return header + b"\x00" * 3 + ip
    return None

def ethernet_ip(frame):
    if len(frame) > 14 and frame[12:14] in (b"\x08\x00", b"\x86\xdd"):
        return frame[14:]
    return None

if sys.argv[1] == "--link":
    dlt, out, paths = int(sys.argv[2]), sys.argv[3], sys.argv[4:]
else:
    dlt, out, paths = None, sys.argv[1], sys.argv[2:]
os.makedirs(out, exist_ok=True)
count = 0
native = []
wrapped = []
for path in paths:
    for link, frame in frames(path):
        if dlt is None:
            if link in LINK_INDEX:
                native.append(bytes([LINK_INDEX[link]]) + frame)
        elif link == dlt or (dlt in (12, 101) and link in (12, 101)):
            native.append(frame)
        elif link == 1 and (ip := ethernet_ip(frame)) is not None and (seed := rewrap(dlt, ip)) is not None:
            wrapped.append(seed)
for seed in native or wrapped:
    with open(os.path.join(out, f"seed-{count:06d}"), "wb") as f:
        f.write(seed)
    count += 1
print(f"{count} seeds", file=sys.stderr)
