#!/usr/bin/env python3
"""torch_export.py -- a PyTorch nn.Sequential of Linear/ReLU as a reluref
network (JSON format v1, spec/network-format.md), with exact values.

    /usr/bin/python3 tools/torch_export.py MODEL.pt OUT.json [--name NAME]
        [--domain LO,HI]

MODEL.pt is a module saved with torch.save(model, ...) (a whole
nn.Sequential).  From Python:

    from torch_export import export
    export(model, "net.json")

Every parameter is written as the exact hex string of its value
(float.hex(): "0x1.8p-3" is 3/16), so reluref reads back exactly the
binary32 (or binary64, binary16, bfloat16) numbers that PyTorch computes
with; nothing is printed in decimal.

Accepted modules: Linear, ReLU, Identity, Flatten, Dropout (identity at
inference), nested Sequential.  Consecutive Linear layers without a ReLU
between them are composed exactly (rational arithmetic); a final ReLU gets an
identity layer after it (reluref networks end with an affine layer).
Anything else is an error naming the module.  The part that needs torch is
only `layers_of`; `export_layers` works on plain Python numbers (used by the
tests when torch is absent)."""

import json
import sys
from fractions import Fraction


def exact_str(v):
    """The exact value of a Python number as a reluref number string."""
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        return "%d/%d" % (v.numerator, v.denominator)
    if isinstance(v, int):
        return str(v)
    f = float(v)
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError("parameter is not finite: %r" % (f,))
    return f.hex()


def _compose(a, b):
    """(W2, b2) after (W1, b1): W2 W1, W2 b1 + b2, in exact arithmetic."""
    (w1, b1), (w2, b2) = a, b
    w1 = [[Fraction(x) for x in row] for row in w1]
    b1 = [Fraction(x) for x in b1]
    w = [[sum(Fraction(w2[i][k]) * w1[k][j] for k in range(len(w1)))
          for j in range(len(w1[0]))] for i in range(len(w2))]
    bb = [sum(Fraction(w2[i][k]) * b1[k] for k in range(len(b1))) +
          Fraction(b2[i]) for i in range(len(w2))]
    return w, bb


def export_layers(ops):
    """ops: a list of ("linear", W, b) (W a list of rows, b a list; plain
    numbers) and ("relu",).  Returns [(W, b), ...] with a ReLU between
    consecutive entries."""
    layers = []
    pending = None
    after_relu = False
    for op in ops:
        if op[0] == "linear":
            w, b = op[1], op[2]
            if pending is not None:
                if len(w[0]) != len(pending[0]):
                    raise ValueError("Linear in_features %d != previous "
                                     "out_features %d" % (len(w[0]),
                                                         len(pending[0])))
                pending = _compose(pending, (w, b))
            else:
                if layers and len(w[0]) != len(layers[-1][0]):
                    raise ValueError("Linear in_features %d != previous "
                                     "out_features %d" % (len(w[0]),
                                                         len(layers[-1][0])))
                pending = (w, b)
            after_relu = False
        elif op[0] == "relu":
            if pending is None:
                if after_relu:
                    continue  # relu(relu(z)) = relu(z)
                raise ValueError("ReLU before any Linear layer")
            layers.append(pending)
            pending = None
            after_relu = True
        else:
            raise ValueError("unknown op %r" % (op[0],))
    if pending is not None:
        layers.append(pending)
    elif after_relu:
        n = len(layers[-1][0])
        layers.append(([[1 if i == j else 0 for j in range(n)]
                        for i in range(n)], [0] * n))
    if not layers:
        raise ValueError("no Linear layer")
    return layers


def network_json(layers, name=None, description=None, domain=None):
    arch = [len(layers[0][0][0])] + [len(w) for w, _ in layers]
    out = {"format": "reluref-network", "version": 1}
    if name:
        out["name"] = name
    if description:
        out["description"] = description
    out["architecture"] = arch
    if domain is not None:
        lo, hi = domain
        out["domain"] = {"lo": [exact_str(lo)] * arch[0],
                         "hi": [exact_str(hi)] * arch[0]}
    out["layers"] = [{"weights": [[exact_str(x) for x in row] for row in w],
                      "biases": [exact_str(x) for x in b]} for w, b in layers]
    return out


def layers_of(model):
    """The ops of a torch module (needs torch)."""
    import torch.nn as nn
    ops = []

    def walk(m, where):
        if isinstance(m, nn.Sequential):
            for i, sub in enumerate(m):
                walk(sub, "%s[%d]" % (where, i))
        elif isinstance(m, nn.Linear):
            w = m.weight.detach().cpu()
            b = m.bias.detach().cpu() if m.bias is not None else None
            rows = [[float(x) for x in row] for row in w.tolist()]
            # .tolist() converts binary32/16 to Python floats exactly
            bias = [float(x) for x in b.tolist()] if b is not None \
                else [0] * len(rows)
            ops.append(("linear", rows, bias))
        elif isinstance(m, nn.ReLU):
            ops.append(("relu",))
        elif isinstance(m, (nn.Identity, nn.Flatten, nn.Dropout)):
            pass
        else:
            raise ValueError("%s: unsupported module %s (Linear, ReLU, "
                             "Identity, Flatten, Dropout)" %
                             (where, type(m).__name__))
    walk(model, "model")
    return ops


def export(model, path, name=None, description=None, domain=None):
    """Write model (an nn.Sequential of Linear/ReLU) to path as reluref
    JSON with exact values."""
    doc = network_json(export_layers(layers_of(model)), name, description,
                       domain)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    import os
    os.replace(tmp, path)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("--name")
    ap.add_argument("--domain", help="LO,HI: the box [LO, HI]^d")
    a = ap.parse_args(argv)
    import torch
    try:
        model = torch.load(a.model, map_location="cpu", weights_only=False)
    except TypeError:  # torch < 1.13 has no weights_only
        model = torch.load(a.model, map_location="cpu")
    dom = None
    if a.domain:
        lo, hi = a.domain.split(",")
        dom = (Fraction(lo), Fraction(hi))
    try:
        export(model.eval(), a.out, name=a.name, domain=dom)
    except ValueError as e:
        print("torch_export: %s: %s" % (a.model, e), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
