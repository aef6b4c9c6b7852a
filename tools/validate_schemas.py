#!/usr/bin/python3
"""Validate the committed JSON files against the project's JSON Schemas:
example networks, the networks embedded in the golden vectors, and the
vector files themselves (realization, norms, degeneracy).  Prints "schemas: N passed, M failed"."""
import glob
import json
import sys

import jsonschema


def main():
    load = lambda p: json.load(open(p))
    net_schema = load("spec/network-v1.schema.json")
    vec_schema = load("vectors/schemas/realization-v1.schema.json")
    ok = bad = 0

    def check(doc, schema, what):
        nonlocal ok, bad
        try:
            jsonschema.validate(doc, schema)
            ok += 1
        except jsonschema.ValidationError as e:
            bad += 1
            print("schema: %s: %s" % (what, e.message[:200]))

    for p in sorted(glob.glob("examples/*.json")):
        if not p.endswith(".points.json"):
            check(load(p), net_schema, p)
    for p in sorted(glob.glob("vectors/realization/*.json")):
        doc = load(p)
        check(doc, vec_schema, p)
        for g in doc["testGroups"]:
            check(g["network"], net_schema, "%s: %s" % (p, g["networkId"]))
    # norms and degeneracy vectors: the file, every embedded network
    # (operands of differences, normal-form networks included)
    for kind in ("norms", "degeneracy"):
        schema = load("vectors/schemas/%s-v1.schema.json" % kind)
        for p in sorted(glob.glob("vectors/%s/*.json" % kind)):
            doc = load(p)
            check(doc, schema, p)
            for g in doc["testGroups"]:
                what = "%s: %s" % (p, g["networkId"])
                check(g["network"], net_schema, what)
                for op in g.get("operands", {}).values():
                    check(op, net_schema, what + " (operand)")
                for t in g["tests"]:
                    if "normalForm" in t:
                        check(t["normalForm"]["network"], net_schema,
                              "%s: tcId %d (normal form)" % (p, t["tcId"]))
    print("schemas: %d passed, %d failed" % (ok, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
