"""Writes a deterministic corpus of mutated DICOM files made from real CT files (pydicom + raw byte edits).

usage: make_fuzz_corpus.py OUT_DIR COUNT SEED SOURCE...
Each file is named NNNN_<mutation>_<source>.dcm. The same arguments always give the same bytes.
"""
import io
import os
import random
import sys
import warnings

import pydicom
from pydicom.tag import Tag

warnings.simplefilter("ignore")

# Header elements whose corruption has ended GDCM (codecs trust them) or could end our geometry maths.
ELEMENT_VALUES = {
    "Rows": [0, 1, 7, 511, 513, 1024, 65535],
    "Columns": [0, 1, 7, 511, 513, 1024, 65535],
    "BitsAllocated": [0, 1, 8, 12, 24, 32, 64, 65535],
    "BitsStored": [0, 1, 7, 12, 17, 32, 255],
    "HighBit": [0, 6, 16, 31, 255],
    "PixelRepresentation": [0, 1, 2, 255],
    "SamplesPerPixel": [0, 2, 3, 4],
    "PhotometricInterpretation": ["RGB", "PALETTE COLOR", "YBR_FULL", "", "MONOCHROME1"],
    "RescaleSlope": ["0", "-1", "1e308", "NaN", "abc", ""],
    "RescaleIntercept": ["1e308", "-1e308", "NaN", "x", ""],
    "PixelSpacing": [["0", "0"], ["-1", "1"], ["abc", "1"], ["1"], ["1e308", "1e308"]],
    "ImagePositionPatient": [["1", "2"], ["NaN", "0", "0"], ["1e308", "0", "0"], ["a", "b", "c"]],
    "ImageOrientationPatient": [["0"] * 6, ["1", "0", "0", "1", "0", "0"], ["NaN"] * 6, ["1", "0", "0"]],
    "NumberOfFrames": ["0", "2", "100", "-1"],
}


def element_mutation(data, rng):
    ds = pydicom.dcmread(io.BytesIO(data), force=True)
    keyword = rng.choice(sorted(ELEMENT_VALUES))
    ds.__setattr__(keyword, rng.choice(ELEMENT_VALUES[keyword]))
    out = io.BytesIO()
    ds.save_as(out, write_like_original=True)
    return "element-" + keyword, out.getvalue()


def truncate(data, rng):
    return "truncated", data[: rng.randrange(0, len(data))]


def flip_bytes(data, rng):
    out = bytearray(data)
    start = 132 if rng.random() < 0.5 else len(data) // 3  # header and pixel data alike
    for _ in range(rng.randint(1, 32)):
        out[rng.randrange(start, len(out))] = rng.randrange(256)
    return "flipped", bytes(out)


def bogus_length(data, rng):
    out = bytearray(data)
    at = rng.randrange(132, min(len(out) - 4, 4000))
    out[at:at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\xfe\xff\xff\x7f", b"\x00\x00\x00\x80", rng.randbytes(4)])
    return "bogus-length", bytes(out)


def duplicate_chunk(data, rng):
    a = rng.randrange(132, len(data) - 1)
    b = min(len(data), a + rng.randint(1, 4096))
    at = rng.randrange(132, len(data))
    return "duplicated-chunk", data[:at] + data[a:b] + data[at:]


def cut_chunk(data, rng):
    a = rng.randrange(132, len(data) - 1)
    b = min(len(data), a + rng.randint(1, 4096))
    return "cut-chunk", data[:a] + data[b:]


MUTATIONS = [element_mutation] * 5 + [truncate, flip_bytes, flip_bytes, bogus_length, duplicate_chunk, cut_chunk]


def main():
    out_dir, count, seed, sources = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sorted(sys.argv[4:])
    os.makedirs(out_dir, exist_ok=True)
    originals = [(os.path.basename(s), open(s, "rb").read()) for s in sources]
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        name, data = originals[i % len(originals)]
        mutation = rng.choice(MUTATIONS)
        try:
            kind, mutated = mutation(data, rng)
        except Exception:  # pydicom could not rewrite it: fall back to raw bytes
            kind, mutated = flip_bytes(data, rng)
        with open(os.path.join(out_dir, f"{i:04d}_{kind}_{name[:40]}.dcm"), "wb") as f:
            f.write(mutated)


if __name__ == "__main__":
    main()
