"""Shared helpers of the Python audit harnesses: exact numbers of reluref
files and correctly rounded conversions to binary64 / binary32."""
import math
import struct
from fractions import Fraction


def exact(s):
    """The rational denoted by a reluref exact string (or a JSON number)."""
    if isinstance(s, (int, float)):
        return Fraction(s)
    t = s.strip()
    neg = t.startswith("-")
    if t[:1] in "+-":
        t = t[1:]
    if t[:2].lower() == "0x":
        # exact (float.fromhex would round beyond binary64)
        mant, _, e = t[2:].lower().partition("p")
        ip, _, fp = mant.partition(".")
        v = Fraction(int(ip + fp or "0", 16)) / (16 ** len(fp))
        v *= Fraction(2) ** int(e or "0")
    elif "/" in t:
        p, q = t.split("/")
        v = Fraction(int(p), int(q))
    else:
        v = Fraction(t)  # decimal with exponent: exact
    return -v if neg else v


def round_f64(q):
    """binary64 nearest to q (Python's float(Fraction) is correctly rounded)."""
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


def _f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def _next_f32(x, up):
    """The binary32 neighbour of the binary32 value x."""
    b = struct.unpack("<i", struct.pack("<f", x))[0]
    if x == 0:
        b = 1 if up else -2147483647
    elif (x > 0) == up:
        b += 1
    else:
        b -= 1
    return struct.unpack("<f", struct.pack("<i", b))[0]


def round_f32(q):
    """binary32 nearest to q, ties to even: correct rounding, not the double
    rounding float32(float64(q)), which differs in rare halfway cases."""
    d = round_f64(q)
    if math.isinf(d) or abs(d) >= 2.0 ** 128:
        return math.copysign(math.inf, d)
    try:
        c = _f32(d)
    except OverflowError:
        return math.copysign(math.inf, d)
    best = None
    for v in (c, _next_f32(c, True), _next_f32(c, False)):
        if math.isinf(v):
            continue
        err = abs(Fraction(v) - q)
        if best is None or err < best[0] or (err == best[0] and _even(v) and not _even(best[1])):
            best = (err, v)
    return best[1]


def _even(v):
    return struct.unpack("<i", struct.pack("<f", v))[0] % 2 == 0


def write_results(path, impl, prec, results):
    """Write a reluref results file atomically."""
    import json
    import os
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"format": "reluref-results", "version": 1, "implementation": impl,
                   "precision": prec, "results": results}, f)
    os.replace(tmp, path)
