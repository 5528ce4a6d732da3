#!/usr/bin/env python3
"""One message-passing iteration (ARCHITECTURE section 6) in numpy/scipy, for PropagationBenchmark.

Reads the graph PropagationBenchmark exported (types.i8, h.f32, <TYPE>.from.i32 / <TYPE>.to.i32), builds its own
row-normalised adjacency per layer step from the edge list, times the sparse x dense products and the whole
iteration (median of `repeats`), writes the embeddings after one iteration to h1.f32 and prints one JSON line.

usage: propagation_scipy.py DIR REPEATS BETA
"""
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp

NODE_TYPES = ["TASK", "REASONING", "MEMORY"]  # NodeType ordinals
STEPS = [
    ("MEMORY", [("RELATE", "either")]),
    ("REASONING", [("RETRIEVE", "forward"), ("GROUND", "either"), ("DEPEND", "forward")]),
    ("TASK", [("TRIGGER", "forward"), ("DECOMPOSE", "forward")]),
    ("TASK", [("DECOMPOSE", "backward")]),
    ("REASONING", [("TRIGGER", "backward")]),
    ("MEMORY", [("RETRIEVE", "backward"), ("GROUND", "either"), ("RELATE", "either")]),
]


def adjacency(n, types, layer, src, dst, direction):
    """Rows of A for the layer's nodes: distinct senders of each receiver, each weighted 1/degree."""
    receivers, senders = [], []
    if direction != "backward":
        receivers.append(src)
        senders.append(dst)
    if direction != "forward":
        receivers.append(dst)
        senders.append(src)
    r = np.concatenate(receivers)
    s = np.concatenate(senders)
    keep = (types[r] == layer) & (r != s)
    a = sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), (r[keep], s[keep])), shape=(n, n))
    a.sum_duplicates()
    a.data[:] = 1
    degree = np.diff(a.indptr)
    a.data = (1.0 / np.repeat(degree, degree)).astype(np.float32)
    rows = np.flatnonzero(types == layer)
    return a[rows], degree[rows] > 0


def main():
    folder, repeats, beta = sys.argv[1], int(sys.argv[2]), np.float32(sys.argv[3])
    types = np.fromfile(os.path.join(folder, "types.i8"), dtype=np.int8)
    n = types.size
    h0 = np.fromfile(os.path.join(folder, "h.f32"), dtype="<f4").reshape(n, -1)
    edges = {}
    for name in {t for _, incoming in STEPS for t, _ in incoming}:
        edges[name] = (
            np.fromfile(os.path.join(folder, name + ".from.i32"), dtype="<i4").astype(np.int64),
            np.fromfile(os.path.join(folder, name + ".to.i32"), dtype="<i4").astype(np.int64),
        )
    steps = []
    for layer_name, incoming in STEPS:
        layer = NODE_TYPES.index(layer_name)
        rows = np.flatnonzero(types == layer)
        mats, received = [], np.zeros(rows.size, dtype=bool)
        for edge_type, direction in incoming:
            a, has = adjacency(n, types, layer, *edges[edge_type], direction)
            mats.append(a)
            received |= has
        steps.append((rows, mats, received))

    def iterate():
        h = h0.copy()
        spent = 0.0
        for rows, mats, received in steps:
            start = time.perf_counter()
            m = mats[0] @ h  # alpha = 1 for every edge type
            for a in mats[1:]:
                m += a @ h
            spent += time.perf_counter() - start
            x = (1 - beta) * h[rows] + beta * m
            norm = np.linalg.norm(x, axis=1, keepdims=True)
            np.divide(x, norm, out=x, where=norm > 0)
            h[rows[received]] = x[received]
        return h, spent

    h1, _ = iterate()  # warm-up, and the result to compare
    h1.astype("<f4").tofile(os.path.join(folder, "h1.f32"))
    whole, products = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        _, spent = iterate()
        whole.append((time.perf_counter() - start) * 1000)
        products.append(spent * 1000)
    print(json.dumps({
        "scipy": scipy.__version__,
        "products_ms": statistics.median(products),
        "iteration_ms": statistics.median(whole),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
