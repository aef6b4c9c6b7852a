#!/usr/bin/python3
"""Build proofs/why3/NAME/why3session.xml from `why3 prove -a split_vc` runs
(z3, then cvc5, then cvc4 on the goals still open), then `why3 replay -f`.
usage: gensess.py NAME [T]   (run from /work/main)"""
import os, re, subprocess, sys, math
from xml.sax.saxutils import quoteattr

name = sys.argv[1]
T = int(sys.argv[2]) if len(sys.argv) > 2 else 6
only = sys.argv[3].split(",") if len(sys.argv) > 3 else None
env = dict(os.environ, WHY3CONFIG="proofs/why3/why3.conf")
mlw = "proofs/why3/%s.mlw" % name
mods = re.findall(r"^(?:module|theory)\s+(\w+)", open(mlw).read(), re.M)
PROV = [("z3", 0), ("cvc5", 2), ("cvc4", 1)]
blk = re.compile(r'File "[^"]*", line \d+, characters \d+-\d+:\n'
                 r'(?:Goal (\S+)\.|Sub-goal (.*?) of goal (\S+)\.)\n'
                 r'Prover result is: (\w+)(?: \(([\d.]+)s)?')


seqenv = dict(os.environ, WHY3CONFIG="proofs/why3/why3-seq.conf")


def prove(prover, mod, goals=None):
    cmd = ["why3", "prove", "-L", "proofs/why3", "-a", "split_vc", "-P", prover,
           "-t", str(T), mlw, "-T", mod]
    for g in goals or []:
        cmd += ["-G", g]
    r = subprocess.run(cmd, env=seqenv, capture_output=True, text=True)
    out = r.stdout + r.stderr
    res = {}  # goal -> list of (expl, status, time)   expl None: unsplit
    order = []
    for m in blk.finditer(out):
        if m.group(1):
            g, expl = m.group(1), None
        else:
            g, expl = m.group(3), m.group(2)
        if g not in res:
            res[g] = []
            order.append(g)
        res[g].append((expl, m.group(4), float(m.group(5) or 0)))
    if not order:
        print(out)
    return order, res


theories = []
oldxml = ""
if os.path.exists("proofs/why3/%s/why3session.xml" % name):
    oldxml = open("proofs/why3/%s/why3session.xml" % name).read()
for mod in mods:
    if only and mod not in only:
        m = re.search(r'<theory name="%s".*?</theory>' % mod, oldxml, re.S)
        theories.append((mod, None, m.group(0), None))
        continue
    order, base = prove("z3", mod)
    best = {g: [(0, t) if s == "Valid" else None for (_, s, t) in base[g]] for g in order}
    for pv, pid in PROV[1:]:
        open_g = [g for g in order if any(b is None for b in best[g])]
        if not open_g:
            break
        _, r2 = prove(pv, mod, open_g)
        for g in open_g:
            for i, (_, s, t) in enumerate(r2.get(g, [])):
                if i < len(best[g]) and best[g][i] is None and s == "Valid":
                    best[g][i] = (pid, t)
    theories.append((mod, order, base, best))
    for g in order:
        for i, b in enumerate(best[g]):
            if b is None:
                print("UNPROVED %s/%s.%d (%s)" % (mod, g, i, base[g][i][0]))
            elif b[1] > 1.0:
                print("slow %s/%s.%d %.2fs prover %d" % (mod, g, i, b[1], b[0]))


def proof(b):
    pid, t = b
    tl = max(5, int(math.ceil(3 * t)))
    return '<proof prover="%d" timelimit="%d"><result status="valid" time="%.2f"/></proof>' % (pid, tl, t)


out = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<!DOCTYPE why3session PUBLIC "-//Why3//proof session v5//EN"',
       '"http://why3.lri.fr/why3session.dtd">',
       '<why3session shape_version="6">',
       '<prover id="0" name="Z3" version="4.8.12" timelimit="2" steplimit="0" memlimit="2000"/>',
       '<prover id="1" name="CVC4" version="1.8" timelimit="2" steplimit="0" memlimit="2000"/>',
       '<prover id="2" name="CVC5" version="1.0.3" timelimit="2" steplimit="0" memlimit="2000"/>',
       '<file format="whyml">',
       '<path name=".."/><path name="%s.mlw"/>' % name]
for mod, order, base, best in theories:
    if order is None:
        out.append(base)
        continue
    out.append('<theory name=%s>' % quoteattr(mod))
    for g in order:
        out.append(' <goal name=%s>' % quoteattr(g))
        subs = base[g]
        if len(subs) == 1 and subs[0][0] is None:
            if best[g][0]:
                out.append(' ' + proof(best[g][0]))
        else:
            out.append(' <transf name="split_vc">')
            for i, b in enumerate(best[g]):
                out.append('  <goal name=%s>' % quoteattr("%s.%d" % (g, i)))
                if b:
                    out.append('  ' + proof(b))
                out.append('  </goal>')
            out.append(' </transf>')
        out.append(' </goal>')
    out.append('</theory>')
out += ['</file>', '</why3session>', '']
d = "proofs/why3/%s" % name
os.makedirs(d, exist_ok=True)
open(d + "/why3session.xml", "w").write("\n".join(out))
def rf():
    return subprocess.run(["why3", "replay", "-L", "proofs/why3", "-f", d], env=env,
                          capture_output=True, text=True)
rf()
for attempt in range(4):
    r = subprocess.run(["why3", "replay", "-L", "proofs/why3", d], env=env,
                       capture_output=True, text=True)
    print("replay exit", r.returncode, r.stdout[-1500:], r.stderr[-1500:].split("\r")[-1])
    if r.returncode == 0 and "not proved" not in r.stderr + r.stdout:
        break
    subprocess.run(["python3", "/tmp/why3-lemmas/fixup.py", name, "1"])
    rf()
    subprocess.run(["python3", "/tmp/why3-lemmas/fixup.py", name, "2"])
    rf()
