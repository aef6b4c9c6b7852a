#!/usr/bin/python3
"""Run numpy's matrix products on reluref golden vectors; write a results file.

usage: harness_numpy.py VECTORS RESULTS [--dtype float64|float32]
                        [--bug nobias|relulast|f16acc]

The network of each test group is read exactly (Fraction) and rounded once,
correctly, to the dtype; the inputs are the vector file's binary64 / binary32
values.  Forward pass: y = W @ x + b, ReLU on hidden layers.  numpy's
matmul may sum in any order (BLAS): the tolerance in the vectors holds for
any order.  --bug selects a deliberately wrong variant that `reluref check`
must reject.  Results: JSON as in vectors/README.md, outputs as hex floats.
"""
import json
import sys
import os

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rrvec import exact, round_f32, round_f64, write_results  # noqa: E402


def to_dtype(q, dtype):
    """Parameters rounded once, correctly, to the dtype."""
    return round_f64(q) if dtype == np.float64 else round_f32(q)


def forward(layers, x, dtype, bug):
    a = x
    L = len(layers)
    for l, (W, b) in enumerate(layers):
        if bug == "f16acc":
            z = np.zeros(W.shape[0], dtype=np.float16)
            for j in range(W.shape[1]):
                z = (z + (W[:, j] * a[j]).astype(np.float16)).astype(np.float16)
            z = z.astype(dtype)
        else:
            z = W @ a
        if bug != "nobias":
            z = z + b
        if l + 1 < L or bug == "relulast":
            z = np.maximum(z, dtype(0))
        a = z.astype(dtype)
    return a


def main(argv):
    args = argv[1:]
    dtype, bug = np.float64, None
    if "--dtype" in args:
        i = args.index("--dtype")
        dtype = {"float64": np.float64, "float32": np.float32}[args[i + 1]]
        del args[i:i + 2]
    if "--bug" in args:
        i = args.index("--bug")
        bug = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    vec_path, out_path = args
    with open(vec_path) as f:
        vec = json.load(f)
    prec = "binary64" if dtype == np.float64 else "binary32"
    out = []
    with np.errstate(all="ignore"):
        for g in vec["testGroups"]:
            net = g["network"]
            layers = []
            for lay in net["layers"]:
                W = np.array([[to_dtype(exact(v), dtype) for v in row] for row in lay["weights"]], dtype=dtype)
                b = np.array([to_dtype(exact(v), dtype) for v in lay["biases"]], dtype=dtype)
                layers.append((W, b))
            for t in g["tests"]:
                x = np.array([float.fromhex(v) for v in t["input"][prec]], dtype=dtype)
                y = forward(layers, x, dtype, bug)
                out.append({"tcId": t["tcId"], "output": [float(v).hex() for v in y]})
    impl = "numpy %s %s%s" % (np.__version__, prec, " bug=" + bug if bug else "")
    write_results(out_path, impl, prec, out)


if __name__ == "__main__":
    main(sys.argv)
