#!/usr/bin/env python3
"""Writes llama.cpp's quantizer output for a set of f32 rows: the golden files medsweep's
block codecs are checked against (Tests/GGUFTests/Golden/quantizer/).

The bytes come from ggml itself, through ctypes on llama-cpp-python's libggml-base.so:
`ggml_quantize_chunk(type, src, dst, 0, nrows, n_per_row, NULL)` for the weight types (with no
importance matrix it calls each type's `quantize_row_*_ref`, as `llama_model_quantize` does),
and `quantize_row_q8_1_ref` / `quantize_row_q8_K_ref` for the activation types, which
ggml_quantize_chunk does not take.

    quantizer_golden.py [--out DIR] [--seed N] [--extra-rows N]

Without options the rows are the fixed set the committed golden files hold (seed 20240607).
--seed draws the random rows afresh and --extra-rows adds that many more random rows of
random scale, offset and sub-block spread (the live test uses both). Output in DIR:
  rows.f32      the input: nrows x 256 little-endian f32
  rows.txt      one line per row: its name (what distribution or edge case it is)
  <TYPE>.bin    llama.cpp's encoding of all rows, row after row, for each type below
"""
import argparse
import ctypes
import glob
import os
import sys

import numpy as np

N_PER_ROW = 256
GOLDEN_SEED = 20240607

# ggml type ids (ggml.h) of the types written, and how each is produced.
CHUNK_TYPES = {"Q4_0": 2, "Q4_1": 3, "Q5_0": 6, "Q5_1": 7, "Q8_0": 8,
               "Q2_K": 10, "Q3_K": 11, "Q4_K": 12, "Q5_K": 13, "Q6_K": 14}
ROW_REF_TYPES = {"Q8_1": ("quantize_row_q8_1_ref", 36, 32), "Q8_K": ("quantize_row_q8_K_ref", 292, 256)}


def find_library():
    import llama_cpp
    folder = os.path.join(os.path.dirname(llama_cpp.__file__), "lib")
    candidates = sorted(glob.glob(os.path.join(folder, "libggml-base.so*")))
    if not candidates:
        sys.exit(f"no libggml-base.so in {folder}")
    return ctypes.CDLL(candidates[0])


def make_rows(seed, extra_rows):
    """Named rows of 256 values: ordinary distributions, the edge cases, then `extra_rows` more."""
    rng = np.random.default_rng(seed)
    n = N_PER_ROW
    rows = []

    def add(name, values):
        rows.append((name, np.asarray(values, dtype=np.float32).reshape(n)))

    for i in range(4):
        add(f"normal {i}", rng.standard_normal(n))
    for i in range(3):
        add(f"weights-like normal sd 0.02 {i}", 0.02 * rng.standard_normal(n))
    for i in range(2):
        add(f"uniform -1..1 {i}", rng.uniform(-1, 1, n))
    add("student t (3 dof)", rng.standard_t(3, n))
    add("laplace", rng.laplace(0, 1, n))
    add("shifted normal mean 3 sd 0.5", 3 + 0.5 * rng.standard_normal(n))
    add("positive only", rng.uniform(0, 2, n))
    add("negative only", -rng.uniform(0.1, 2, n))
    add("negative normal", -np.abs(rng.standard_normal(n)))
    add("mixed sub-block scales", rng.standard_normal(n) * np.repeat(10.0 ** rng.uniform(-3, 1, n // 16), 16))
    sparse = np.zeros(n)
    sparse[rng.choice(n, 12, replace=False)] = rng.standard_normal(12)
    add("sparse", sparse)
    add("ramp", np.linspace(-1, 1, n))
    add("halves on a grid (rounding ties)", rng.integers(-16, 17, n) / 2)
    add("all zeros", np.zeros(n))
    add("negative zeros", -np.zeros(n))
    add("constant 0.37", np.full(n, 0.37))
    add("constant -1.5", np.full(n, -1.5))
    outlier = rng.standard_normal(n)
    outlier[77] = 1000
    add("one outlier 1000", outlier)
    outlier = 0.02 * rng.standard_normal(n)
    outlier[200] = -65504 * 4
    add("one outlier -262016", outlier)
    outlier = rng.standard_normal(n)
    outlier[5] = 3e38
    add("one outlier 3e38", outlier)
    add("tiny 1e-20", 1e-20 * rng.standard_normal(n))
    add("subnormal 1e-40", 1e-40 * rng.standard_normal(n))
    add("below half precision 1e-8", 1e-8 * rng.standard_normal(n))
    with_nan = rng.standard_normal(n)
    with_nan[[0, 33, 100, 255]] = np.nan
    add("NaN at 0, 33, 100, 255", with_nan)
    with_nan = rng.standard_normal(n)
    with_nan[[17, 140]] = np.nan
    add("NaN at 17, 140", with_nan)
    all_nan = np.full(n, np.nan)
    add("all NaN", all_nan)
    with_inf = rng.standard_normal(n)
    with_inf[[3, 64]] = np.inf
    with_inf[[130]] = -np.inf
    add("infinities at 3, 64, 130", with_inf)
    for i in range(extra_rows):
        scale = 10.0 ** rng.uniform(-4, 2)
        spread = np.repeat(10.0 ** rng.uniform(-1, 1, n // 16), 16) if i % 2 else 1.0
        add(f"extra {i}", scale * (rng.uniform(-1, 1) + spread * rng.standard_normal(n)))
    return rows


def quantize(lib, type_name, rows):
    x = np.ascontiguousarray(rows, dtype=np.float32)
    nrows = x.shape[0]
    src = x.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
    if type_name in CHUNK_TYPES:
        type_id = CHUNK_TYPES[type_name]
        lib.ggml_row_size.restype = ctypes.c_size_t
        lib.ggml_row_size.argtypes = [ctypes.c_int, ctypes.c_int64]
        row_size = lib.ggml_row_size(type_id, N_PER_ROW)
        out = np.zeros(nrows * row_size, dtype=np.uint8)
        lib.ggml_quantize_chunk.restype = ctypes.c_size_t
        lib.ggml_quantize_chunk.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                                            ctypes.c_int64, ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p]
        written = lib.ggml_quantize_chunk(type_id, src, out.ctypes.data, 0, nrows, N_PER_ROW, None)
        assert written == out.size, (type_name, written, out.size)
        return out
    function_name, block_bytes, block_size = ROW_REF_TYPES[type_name]
    function = getattr(lib, function_name)
    function.restype = None
    function.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
    out = np.zeros(nrows * N_PER_ROW // block_size * block_bytes, dtype=np.uint8)
    function(src, out.ctypes.data, nrows * N_PER_ROW)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "..", "..", "Tests", "GGUFTests", "Golden", "quantizer"))
    parser.add_argument("--seed", type=int, default=GOLDEN_SEED)
    parser.add_argument("--extra-rows", type=int, default=0)
    args = parser.parse_args()

    lib = find_library()
    named = make_rows(args.seed, args.extra_rows)
    rows = np.stack([values for _, values in named])
    os.makedirs(args.out, exist_ok=True)
    rows.astype("<f4").tofile(os.path.join(args.out, "rows.f32"))
    with open(os.path.join(args.out, "rows.txt"), "w") as names:
        names.write("".join(name + "\n" for name, _ in named))
    for type_name in list(CHUNK_TYPES) + list(ROW_REF_TYPES):
        quantize(lib, type_name, rows).tofile(os.path.join(args.out, f"{type_name}.bin"))
    print(f"{len(named)} rows of {N_PER_ROW} quantized to {len(CHUNK_TYPES) + len(ROW_REF_TYPES)} types in {args.out}")


if __name__ == "__main__":
    main()
