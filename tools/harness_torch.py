#!/usr/bin/python3
"""Run PyTorch (CPU, float32) on reluref golden vectors; write a results file.

usage: harness_torch.py VECTORS RESULTS [--dtype float32|float64]

Each test group's network becomes an nn.Sequential of Linear and ReLU with
parameters rounded once, correctly, to the dtype; all tests of a group are
evaluated as one batch (torch may sum in any order: the tolerances in the
vectors hold for any order).  Inputs are the vector file's binary32
(binary64) values.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rrvec import exact, round_f32, round_f64, write_results  # noqa: E402


def main(argv):
    args = argv[1:]
    dtype, prec, rnd = torch.float32, "binary32", round_f32
    if "--dtype" in args:
        i = args.index("--dtype")
        if args[i + 1] == "float64":
            dtype, prec, rnd = torch.float64, "binary64", round_f64
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    vec_path, out_path = args
    torch.set_num_threads(1)
    with open(vec_path) as f:
        vec = json.load(f)
    out = []
    with torch.no_grad():
        for g in vec["testGroups"]:
            mods = []
            layers = g["network"]["layers"]
            for l, lay in enumerate(layers):
                W = torch.tensor([[rnd(exact(v)) for v in row] for row in lay["weights"]], dtype=dtype)
                b = torch.tensor([rnd(exact(v)) for v in lay["biases"]], dtype=dtype)
                lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
                lin.weight.copy_(W)
                lin.bias.copy_(b)
                mods.append(lin)
                if l + 1 < len(layers):
                    mods.append(torch.nn.ReLU())
            model = torch.nn.Sequential(*mods)
            tests = g["tests"]
            X = torch.tensor([[float.fromhex(v) for v in t["input"][prec]] for t in tests], dtype=dtype)
            Y = model(X)
            for t, y in zip(tests, Y):
                out.append({"tcId": t["tcId"], "output": [float(v).hex() for v in y.tolist()]})
    write_results(out_path, "PyTorch %s CPU %s" % (torch.__version__, prec), prec, out)


if __name__ == "__main__":
    main(sys.argv)
