#!/usr/bin/env python3
"""Writes the fuzzing seed and regression corpus (tests/fuzz-corpus/<parser>/).

Valid seeds are written as torch.save writes them (Python's own pickler with
stand-ins for torch's classes, zip and legacy layouts, protocols 2 and 4);
crash-* files reproduce one defect class each (see docs/fuzzing.md). Run it
again after changing it; the files are committed so the corpus test needs no
Python.
"""
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def fake_torch():
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):
        pass

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2

    class FloatStorage:
        pass

    FloatStorage.__module__ = "torch"
    FloatStorage.__qualname__ = "FloatStorage"
    torch.FloatStorage = FloatStorage
    torch._utils = utils
    sys.modules["torch"] = torch
    sys.modules["torch._utils"] = utils
    return torch, utils


TORCH, UTILS = fake_torch()


class Storage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce__(self):
        strides, s = [], 1
        for d in reversed(self.shape):
            strides.insert(0, s)
            s *= d
        import collections
        return (UTILS._rebuild_tensor_v2,
                (self.storage, 0, tuple(self.shape), tuple(strides), False, collections.OrderedDict()))


def state_dict_pickle(tensors, protocol, legacy=False):
    import collections
    buf = io.BytesIO()

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, Storage):
                pid = ("storage", TORCH.FloatStorage, obj.key, "cpu", obj.numel)
                return pid + (None,) if legacy else pid
            return None

    sd = collections.OrderedDict()
    for i, (name, shape) in enumerate(tensors):
        n = 1
        for d in shape:
            n *= d
        sd[name] = Tensor(Storage(str(i), n), shape)
    P(buf, protocol=protocol).dump(sd)
    return buf.getvalue()


TENSORS = [("features.0.weight", [2, 1, 1, 1]), ("features.0.bias", [2])]


def data_of(shape):
    n = 1
    for d in shape:
        n *= d
    return struct.pack("<%df" % n, *[0.25 * (i + 1) for i in range(n)])


def torch_zip(protocol, zip64=False):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo("archive/data.pkl"), state_dict_pickle(TENSORS, protocol))  # fixed date
        for i, (_, shape) in enumerate(TENSORS):
            info = zipfile.ZipInfo("archive/data/%d" % i)
            if zip64:
                with z.open(info, "w", force_zip64=True) as f:
                    f.write(data_of(shape))
            else:
                z.writestr(info, data_of(shape))
    return buf.getvalue()


def torch_legacy():
    out = b""
    for obj in (0x1950a86a20f9469cfc6c, 1001, {"protocol_version": 1001, "little_endian": True}):
        out += pickle.dumps(obj, protocol=2)
    out += state_dict_pickle(TENSORS, 2, legacy=True)
    out += pickle.dumps([str(i) for i in range(len(TENSORS))], protocol=2)
    for _, shape in TENSORS:
        d = data_of(shape)
        out += struct.pack("<q", len(d) // 4) + d
    return out


def safetensors(header, data=b""):
    h = json.dumps(header).encode() if not isinstance(header, bytes) else header
    return struct.pack("<Q", len(h)) + h + data


def valid_safetensors():
    header, data = {"__metadata__": {"input_convention": "caffe"}}, b""
    for name, shape in TENSORS:
        d = data_of(shape)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(d)]}
        data += d
    return safetensors(header, data)


def le(v, n):
    return v.to_bytes(n, "little")


def zip_with_directory(entries, eocd_fields=None, z64=None, extra=b"", name=b"a", data=b"x"):
    """A hand-built archive: one stored entry, a central directory whose
    fields can be overridden, and an optional zip64 end record."""
    local = b"PK\x03\x04" + le(45, 2) + le(0, 2) * 2 + le(0, 4) + le(zlib.crc32(data), 4) + le(len(data), 4) * 2 + \
        le(len(name), 2) + le(0, 2) + name + data
    fields = {"csize": len(data), "usize": len(data), "local": 0}
    fields.update(entries)
    central = b"PK\x01\x02" + le(45, 2) * 2 + le(0, 2) * 2 + le(0, 4) + le(zlib.crc32(data), 4) + \
        le(fields["csize"], 4) + le(fields["usize"], 4) + le(len(name), 2) + le(len(extra), 2) + le(0, 2) * 3 + \
        le(0, 4) + le(fields["local"], 4) + name + extra
    out = local + central
    dir_offset, dir_size = len(local), len(central)
    if z64 is not None:
        at = len(out)
        out += b"PK\x06\x06" + le(44, 8) + le(45, 2) * 2 + le(0, 4) * 2 + le(z64.get("count", 1), 8) * 2 + \
            le(z64.get("dir_size", dir_size), 8) + le(z64.get("dir_offset", dir_offset), 8)
        out += b"PK\x06\x07" + le(0, 4) + le(z64.get("z64", at), 8) + le(1, 4)
    e = {"count": 1, "dir_size": dir_size, "dir_offset": dir_offset}
    e.update(eocd_fields or {})
    out += b"PK\x05\x06" + le(0, 2) * 2 + le(e["count"], 2) * 2 + le(e["dir_size"], 4) + le(e["dir_offset"], 4) + \
        le(0, 2)
    return out


def main():
    files = {}
    zip2, zip4 = torch_zip(2), torch_zip(4)
    files["pickle/valid-protocol2.pkl"] = state_dict_pickle(TENSORS, 2)
    files["pickle/valid-protocol4.pkl"] = state_dict_pickle(TENSORS, 4)
    files["pickle/valid-legacy.pkl"] = state_dict_pickle(TENSORS, 2, legacy=True)
    files["pickle/valid-nested-state-dict.pkl"] = pickle.dumps({"epoch": 3, "state_dict": {}}, protocol=2)
    # 1. memo cycles: a list appended to itself; a dict set as its own "state_dict".
    files["pickle/crash-self-list.pkl"] = b"\x80\x02]q\x00h\x00a."
    files["pickle/crash-self-state-dict.pkl"] = b"\x80\x02}q\x00X\x0a\x00\x00\x00state_dicth\x00s."
    files["pickle/crash-dup-self-append.pkl"] = b"\x80\x02]2a."
    # ...and one sealed through a tuple, then modified through the memo.
    files["pickle/crash-sealed-modified.pkl"] = b"\x80\x02}q\x00h\x00\x850X\x01\x00\x00\x00kNs."
    # 2. deep nesting: 100 000 nested lists (and tuples) in 200 KB.
    files["pickle/crash-deep-lists.pkl"] = b"\x80\x02" + b"]" * 100000 + b"a" * 99999 + b"."
    files["pickle/crash-deep-tuples.pkl"] = b"\x80\x02N" + b"\x85" * 100000 + b"."
    files["pickle/crash-deep-dicts.pkl"] = b"\x80\x02}" + b"X\x01\x00\x00\x00k}" * 3000 + b"s" * 3000 + b"."

    files["zip/valid-torch-protocol2.pth"] = zip2
    files["zip/valid-torch-protocol4.pth"] = zip4
    files["zip/valid-torch-zip64.pth"] = torch_zip(2, zip64=True)
    # 3. zip64 sums that wrap around and zip64 fields longer than their extra field.
    files["zip/crash-zip64-locator-wraps.zip"] = zip_with_directory({}, {"count": 0xFFFF}, {"z64": 2**64 - 20})
    files["zip/crash-zip64-directory-wraps.zip"] = zip_with_directory(
        {}, {"count": 0xFFFF}, {"dir_offset": 2**64 - 8, "dir_size": 16})
    files["zip/crash-zip64-local-wraps.zip"] = zip_with_directory(
        {"local": 0xFFFFFFFF}, extra=le(1, 2) + le(8, 2) + le(2**64 - 10, 8))
    files["zip/crash-zip64-size-wraps.zip"] = zip_with_directory(
        {"csize": 0xFFFFFFFF, "usize": 0xFFFFFFFF}, extra=le(1, 2) + le(16, 2) + le(2**64 - 1, 8) * 2)
    files["zip/crash-zip64-short-extra.zip"] = zip_with_directory(
        {"csize": 0xFFFFFFFF, "usize": 0xFFFFFFFF, "local": 0xFFFFFFFF}, extra=le(1, 2) + le(4, 2) + le(0, 4))
    files["zip/crash-extra-longer-than-directory.zip"] = zip_with_directory(
        {"local": 0xFFFFFFFF}, extra=le(1, 2) + le(0xFFF0, 2) + le(0, 4))
    # 6. an entry name with raw bytes, which must be escaped in messages.
    files["zip/raw-entry-name.zip"] = zip_with_directory({"local": 5}, name=b"\x1b[31m\xff")

    files["torch-checkpoint/valid-zip.pth"] = zip2
    files["torch-checkpoint/valid-zip-protocol4.pth"] = zip4
    files["torch-checkpoint/valid-legacy.pth"] = torch_legacy()
    # 4. legacy files with the pickle defects, and storages that do not fit.
    legacy_head = b"".join(pickle.dumps(o, protocol=2) for o in (0x1950a86a20f9469cfc6c, 1001, {}))
    files["torch-checkpoint/crash-legacy-self-state-dict.pth"] = legacy_head + files["pickle/crash-self-state-dict.pkl"]
    files["torch-checkpoint/crash-legacy-deep-lists.pth"] = legacy_head + files["pickle/crash-deep-lists.pkl"]
    leg = bytearray(torch_legacy())
    leg[-16:-8] = struct.pack("<q", 2**62)  # the second storage claims 2^62 elements
    files["torch-checkpoint/crash-legacy-huge-storage.pth"] = bytes(leg)
    # A tensor of 2 elements whose storage holds 1.
    files["torch-checkpoint/crash-legacy-view-outside.pth"] = legacy_head + \
        state_dict_pickle([("features.0.bias", [2])], 2, legacy=True) + pickle.dumps(["0"], protocol=2) + \
        struct.pack("<q", 1) + b"\0\0\0\0"
    files["torch-checkpoint/crash-zip-self-state-dict.pth"] = zip_with_directory(
        {}, name=b"archive/data.pkl", data=files["pickle/crash-self-state-dict.pkl"])

    files["safetensors/valid.safetensors"] = valid_safetensors()
    # 8. a deeply nested header, shapes whose byte size wraps, negative dims.
    files["safetensors/crash-deep-json.safetensors"] = safetensors(b"{\"a\":" + b"[" * 100000 + b"]" * 100000 + b"}")
    files["safetensors/crash-shape-overflow.safetensors"] = safetensors(
        {"t": {"dtype": "F32", "shape": [2**32, 2**30, 4], "data_offsets": [0, 0]}})
    files["safetensors/crash-negative-dim.safetensors"] = safetensors(
        {"t": {"dtype": "F32", "shape": [-1, -4], "data_offsets": [0, 16]}}, b"\0" * 16)
    files["safetensors/crash-short-file.safetensors"] = b"\x10\0\0"

    files["image-header/valid.png"] = b"\x89PNG\r\n\x1a\n" + le(13, 4)[::-1] + b"IHDR" + (640).to_bytes(4, "big") + \
        (480).to_bytes(4, "big") + b"\x08\x02\0\0\0"
    files["image-header/valid.jpg"] = b"\xff\xd8\xff\xe0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0" + \
        b"\xff\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9"
    files["image-header/valid.tif"] = b"II*\0" + le(8, 4) + le(2, 2) + le(256, 2) + le(3, 2) + le(1, 4) + \
        le(640, 4) + le(257, 2) + le(4, 2) + le(1, 4) + le(480, 4) + le(0, 4)
    files["image-header/valid.pgm"] = b"P5\n# a comment\n640 480\n255\n\0"
    files["image-header/valid-vp8x.webp"] = b"RIFF" + le(30, 4) + b"WEBPVP8X" + le(10, 4) + le(0, 4) + \
        le(639, 3) + le(479, 3)
    files["image-header/valid.gif"] = b"GIF89a" + le(640, 2) + le(480, 2) + b"\0\0\0;"
    files["image-header/valid.bmp"] = b"BM" + le(0, 12) + le(40, 4) + le(640, 4) + le((-480) & 0xFFFFFFFF, 4) + \
        le(1, 2) + le(24, 2)
    for path, data in files.items():
        os.makedirs(os.path.join(HERE, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(HERE, path), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
