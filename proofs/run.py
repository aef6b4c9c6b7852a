#!/usr/bin/env python3
"""proofs/run.py -- the driver behind `make proofs` (see proofs/README.md).

Runs Frama-C/WP on every unit listed in proofs/units and `why3 replay` on
every Why3 theory proofs/why3/NAME.mlw that has a session proofs/why3/NAME/,
prints one table (goals proved/total per unit and per theory, per prover,
time), writes proofs/REPORT.md, and compares with proofs/baseline.json:

  * a goal proved in the baseline and not proved now  -> failure;
  * a unit or theory at 100% in the baseline that is no longer at 100%
    (a new goal left unproved)                        -> failure;
  * Frama-C or Why3 failing to run (parse error, missing specification,
    replay error)                                     -> failure.

`--update-baseline` records the current results as the new baseline (run it
after proving more, and commit proofs/baseline.json).

Frama-C exits 0 when goals fail, so the verdict comes from WP's JSON report
(-wp-report-json), never from its exit status alone.  Standard library
only: it must run on a fresh Debian machine.
"""
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROOFS = os.path.join(ROOT, "proofs")
OUT = os.path.join(ROOT, "build", "proofs")
WHY3CONF = os.path.join(PROOFS, "why3", "why3.conf")
BASELINE = os.path.join(PROOFS, "baseline.json")
REPORT = os.path.join(PROOFS, "REPORT.md")

# The options every WP unit runs with (PROOFS.md explains each one).
FRAMA_C = [
    "frama-c", "-machdep", "gcc_x86_64",
    "-cpp-extra-args=-Iproofs/include -Ispec -DMPFR_USE_NO_MACRO",
    # A called function without a specification stops the analysis: the
    # trusted base is exactly spec/gmp_mpfr_model.h.
    "-kernel-warn-key", "annot:missing-spec=abort",
    "-kernel-warn-key", "annot-error=abort",
    # Overflow to infinity and NaN are not undefined behaviour in binary64.
    "-warn-special-float", "none",
    "-wp", "-wp-rte", "-wp-prover", "z3,cvc4,cvc5",
    "-wp-par", os.environ.get("PROOF_JOBS", "2"),
    "-wp-timeout", os.environ.get("WP_TIMEOUT", "20"),
    "-wp-cache", os.environ.get("WP_CACHE", "update"),
    "-wp-cache-dir", "proofs/wp-cache",
    # Smoke tests: a call whose postcondition contradicts the context (an
    # inconsistent contract in the trusted base makes every later goal
    # provable), inconsistent preconditions, inconsistent loop invariants.
    # A failed smoke test (false derived) is a failure; smoke goals are not counted
    # in proved/total.  Dead code is not searched: defensive branches that a
    # precondition rules out are legitimate here.
    "-wp-smoke-tests", "-wp-no-smoke-dead-code",
]
# Calls that are dead by construction, so their smoke test must fail: C99's
# type-generic isfinite/isnan/fpclassify applied to a double expand (in
# Frama-C's libc) to `sizeof(x) == sizeof(float) ? float_version((float)x)
# : ...`, whose float branch can never run.
DEAD_BY_CONSTRUCTION = ("fc_fpclassifyf_wp_smoke_dead_call", "finitef_wp_smoke_dead_call",
                        "isnanf_wp_smoke_dead_call", "isinff_wp_smoke_dead_call")
PROVERS = [("Qed", "qed"), ("Z3", "Z3:"), ("CVC4", "CVC4:"), ("CVC5", "CVC5:")]


def read_units():
    units = []
    with open(os.path.join(PROOFS, "units")) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) < 2:
                sys.exit("proofs/units:%d: expected NAME SOURCE [options]" % lineno)
            units.append((parts[0], parts[1], parts[2:]))
    return units


def run_wp(name, source, extra):
    """Returns {'goals': {id: proved}, 'provers': {...}, 'time': s, 'error': str|None}."""
    js = os.path.join(OUT, name + ".json")
    log = os.path.join(OUT, name + ".log")
    if os.path.exists(js):
        os.remove(js)
    env = dict(os.environ, WHY3CONFIG=WHY3CONF)
    cmd = FRAMA_C + [source] + extra + ["-wp-report-json", js]
    t0 = time.time()
    with open(log, "w") as lf:
        lf.write("$ " + " ".join(cmd) + "\n")
        lf.flush()
        rc = subprocess.call(cmd, cwd=ROOT, stdout=lf, stderr=subprocess.STDOUT, env=env)
    dt = time.time() - t0
    res = {"goals": {}, "provers": {p: 0 for p, _ in PROVERS}, "time": dt, "error": None,
           "functions": {}}
    if rc != 0 or not os.path.exists(js):
        res["error"] = "frama-c failed (exit %d), see %s" % (rc, os.path.relpath(log, ROOT))
        return res
    with open(js) as f:
        rep = json.load(f)
    items = []
    for fct, props in rep.get("wp:functions", {}).items():
        items += [(fct, prop, stats) for prop, stats in props.items()]
    for ax, props in rep.get("wp:axiomatics", {}).items():
        items += [(ax or "lemma", prop, stats) for prop, stats in props.items()]
    res["smoke"] = []
    for fct, prop, stats in items:
        if prop.startswith("wp:"):  # a per-function summary, not a goal
            continue
        main = stats.get("wp:main", {})
        total = main.get("total", 0)
        proved = total > 0 and main.get("valid", 0) == total
        if "_wp_smoke_" in prop:
            # WP reports a smoke test's own verdict: "valid" when no prover
            # could derive false there (passed), not valid when one could.
            if main.get("valid", 0) == 0 and not prop.startswith(DEAD_BY_CONSTRUCTION):
                res["smoke"].append(fct + "/" + prop)
            continue
        res["goals"][fct + "/" + prop] = proved
        if fct in rep.get("wp:functions", {}):
            res["functions"][fct] = res["functions"].get(fct, True) and proved
        if proved:
            # Credit the first prover (in PROVERS order) that closed it.
            for pname, key in PROVERS:
                if any(k.startswith(key) and v.get("valid", 0) > 0
                       for k, v in stats.items()):
                    res["provers"][pname] += 1
                    break
    return res


def why3(args, **kw):
    env = dict(os.environ, WHY3CONFIG=WHY3CONF)
    return subprocess.run(["why3"] + args, cwd=ROOT, env=env, capture_output=True,
                          text=True, **kw)


def run_why3(name):
    sess = os.path.join("proofs", "why3", name)
    log = os.path.join(OUT, "why3-" + name + ".log")
    t0 = time.time()
    r = why3(["replay", "-L", "proofs/why3", sess])
    dt = time.time() - t0
    with open(log, "w") as lf:
        lf.write(r.stdout + r.stderr)
    res = {"goals": {}, "provers": {p: 0 for p, _ in PROVERS}, "time": dt, "error": None}
    if r.returncode != 0:
        res["error"] = "why3 replay failed (exit %d), see %s" % (
            r.returncode, os.path.relpath(log, ROOT))
    # Goal list and status from the session file itself.
    try:
        import xml.etree.ElementTree as ET
        tree = ET.parse(os.path.join(ROOT, sess, "why3session.xml"))
    except Exception as e:  # a missing or broken session is a failure
        res["error"] = "cannot read session %s: %s" % (sess, e)
        return res
    provers = {}
    for p in tree.getroot().iter("prover"):
        provers[p.get("id")] = p.get("name")
    for th in tree.getroot().iter("theory"):
        for g in th.findall("goal"):
            gid = th.get("name") + "/" + g.get("name")
            ok = g.get("proved") == "true"
            res["goals"][gid] = ok and res["error"] is None
            if ok:
                used = set()
                for pr in g.iter("proof"):
                    st = pr.find("result")
                    if st is not None and st.get("status") == "valid":
                        used.add(provers.get(pr.get("prover"), "?").upper())
                for pname, _ in PROVERS:
                    if pname.upper() in used:
                        res["provers"][pname] += 1
                        break
    return res


def check_trusted_base():
    """spec/gmp_mpfr_model.h compiled by gcc after the real headers: every
    prototype of the model must match the real one."""
    r = subprocess.run(["gcc", "-std=c11", "-Wall", "-Werror", "-fsyntax-only", "-x", "c",
                        "spec/gmp_mpfr_model.h"], cwd=ROOT, capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip()


def unproved_functions():
    """Functions in src/*.h whose contract comment says they are not yet proved."""
    out = {}
    for fn in sorted(os.listdir(os.path.join(ROOT, "src"))):
        if not fn.endswith(".h"):
            continue
        with open(os.path.join(ROOT, "src", fn)) as f:
            n = len(re.findall(r"[Nn]ot yet proved", f.read()))
        if n:
            out[fn] = n
    return out


DEF_START = re.compile(r"^(?:static\s+)?(?:inline\s+)?[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\(")


def defined_functions(path):
    """Names of the functions defined in a C file (definitions start at
    column 0, as in this code base; a prototype ends with ';' first)."""
    names = []
    with open(os.path.join(ROOT, path)) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = DEF_START.match(lines[i])
        if m and not lines[i].startswith(("typedef", "struct", "enum", "return")):
            j = i
            while j < len(lines) and "{" not in lines[j] and ";" not in lines[j]:
                j += 1
            if j < len(lines) and "{" in lines[j] and \
                    (";" not in lines[j] or lines[j].index("{") < lines[j].index(";")):
                names.append(m.group(1))
            i = j + 1
            continue
        i += 1
    return names


def core_coverage(rows):
    """[(file, [functions], {function: proved})] for the files of proofs/core."""
    proved = {}
    for kind, name, _, _, res in rows:
        for fct, ok in res.get("functions", {}).items():
            proved[fct] = proved.get(fct, True) and ok
    out = []
    with open(os.path.join(PROOFS, "core")) as f:
        files = [l.split("#", 1)[0].strip() for l in f]
    for path in [p for p in files if p]:
        fns = defined_functions(path)
        out.append((path, fns, {fn: proved.get(fn, False) for fn in fns}))
    return out


def main():
    argv = sys.argv[1:]
    update = "--update-baseline" in argv
    only = [a for a in argv if not a.startswith("--")]
    os.makedirs(OUT, exist_ok=True)
    results = []  # (kind, name, res)

    ok_tb, msg_tb = check_trusted_base()
    for name, source, extra in read_units():
        if only and name not in only:
            continue
        print("proofs: WP on unit %s (%s) ..." % (name, source), flush=True)
        results.append(("wp", name, run_wp(name, source, extra)))
    wdir = os.path.join(PROOFS, "why3")
    for fn in sorted(os.listdir(wdir)):
        if not fn.endswith(".mlw"):
            continue
        name = fn[:-4]
        if only and name not in only:
            continue
        if not os.path.isdir(os.path.join(wdir, name)):
            results.append(("why3", name, {"goals": {}, "provers": {}, "time": 0.0,
                                           "error": "no session proofs/why3/%s/" % name}))
            continue
        print("proofs: why3 replay %s ..." % name, flush=True)
        results.append(("why3", name, run_why3(name)))

    base = {}
    if os.path.exists(BASELINE):
        with open(BASELINE) as f:
            base = json.load(f)

    failures = []
    if not ok_tb:
        first = msg_tb.splitlines()[0] if msg_tb else "gcc failed"
        failures.append("trusted base: spec/gmp_mpfr_model.h does not match the "
                        "real headers: " + first)
    rows = []
    for kind, name, res in results:
        key = kind + ":" + name
        goals = res["goals"]
        proved = sum(1 for v in goals.values() if v)
        total = len(goals)
        if res["error"]:
            failures.append("%s %s: %s" % (kind, name, res["error"]))
        for g in res.get("smoke", []):
            failures.append("%s %s: smoke test %s is proved: an inconsistent contract, "
                            "precondition or invariant (every goal after it is vacuous)"
                            % (kind, name, g))
        b = base.get(key)
        if b is not None:
            lost = [g for g in b["proved"] if not goals.get(g, False)]
            for g in lost:
                failures.append("%s %s: goal %s was proved and is no longer proved" % (kind, name, g))
            if b.get("complete") and proved < total:
                failures.append("%s %s: was at 100%%, now %d/%d" % (kind, name, proved, total))
        rows.append((kind, name, proved, total, res))

    # The table.
    hdr = "%-6s %-22s %9s %6s %5s %5s %5s %5s %8s" % (
        "kind", "unit / theory", "proved", "%", "Qed", "Z3", "CVC4", "CVC5", "time")
    lines = [hdr, "-" * len(hdr)]
    tp = tt = 0
    for kind, name, proved, total, res in rows:
        tp += proved
        tt += total
        pct = 100.0 * proved / total if total else 0.0
        pv = res["provers"]
        lines.append("%-6s %-22s %4d/%-4d %5.1f%% %5d %5d %5d %5d %7.1fs" % (
            kind, name, proved, total, pct, pv.get("Qed", 0), pv.get("Z3", 0),
            pv.get("CVC4", 0), pv.get("CVC5", 0), res["time"]))
    lines.append("-" * len(hdr))
    lines.append("%-29s %4d/%-4d %5.1f%%" % ("total", tp, tt, 100.0 * tp / tt if tt else 0))
    print("\n".join(lines))
    for kind, name, proved, total, res in rows:
        for g, v in sorted(res["goals"].items()):
            if not v:
                print("  not proved: %s %s: %s" % (kind, name, g))

    if not only:  # a partial run must not replace the full report
        cov = core_coverage(rows)
        nf = sum(len(f) for _, f, _ in cov)
        npr = sum(sum(1 for v in p.values() if v) for _, _, p in cov)
        print("proofs: core coverage: %d/%d functions of proofs/core with every WP goal "
              "proved (REPORT.md lists them)" % (npr, nf))
        write_report(rows, lines, ok_tb, unproved_functions(), cov)

    if update:
        nb = dict(base)
        for kind, name, proved, total, res in rows:
            nb[kind + ":" + name] = {
                "proved": sorted(g for g, v in res["goals"].items() if v),
                "total": total,
                "complete": proved == total and total > 0,
            }
        with open(BASELINE, "w") as f:
            json.dump(nb, f, indent=1, sort_keys=True)
            f.write("\n")
        print("proofs: baseline updated (proofs/baseline.json)")
    if failures:
        for m in failures:
            print("proofs: FAIL: " + m, file=sys.stderr)
        print("proofs: %d failure(s)" % len(failures), file=sys.stderr)
        return 1
    print("proofs: %d/%d goals proved; no regression against proofs/baseline.json" % (tp, tt))
    return 0


def write_report(rows, table, ok_tb, unproved, cov):
    L = ["# Proof report (generated by `make proofs`; do not edit)", "",
         "Produced by proofs/run.py.  WP options, the trusted base and how to read "
         "this table: proofs/README.md.", "",
         "Trusted base check (spec/gmp_mpfr_model.h compiled against the real "
         "gmp.h/mpfr.h with -Werror): **%s**." % ("passed" if ok_tb else "FAILED"), "",
         "```"] + table + ["```", ""]
    L.append("## Goals not proved")
    L.append("")
    any_ = False
    for kind, name, proved, total, res in rows:
        for g, v in sorted(res["goals"].items()):
            if not v:
                L.append("- %s `%s`: `%s`" % (kind, name, g))
                any_ = True
        if res["error"]:
            L.append("- %s `%s`: %s" % (kind, name, res["error"]))
            any_ = True
    if not any_:
        L.append("None: every goal of every unit and theory above is proved.")
    L.append("")
    L.append("## Functions of src/ not yet proved")
    L.append("")
    L.append("Contracts whose comment says \"not yet proved\" (per header); these "
             "functions are outside the units above (tested and fuzzed instead):")
    L.append("")
    for h, n in sorted(unproved.items()):
        L.append("- `src/%s`: %d" % (h, n))
    L.append("")
    L.append("## Coverage of the core")
    L.append("")
    L.append("The files of `proofs/core` (the core: everything but file I/O, the "
             "vector generators and the CLI); a function counts as proved when a "
             "unit selects it and every one of its WP goals is proved.")
    L.append("")
    L.append("| file | functions | proved | not yet proved |")
    L.append("|---|---|---|---|")
    tf = tp = 0
    for path, fns, pr in cov:
        n = sum(1 for v in pr.values() if v)
        tf += len(fns)
        tp += n
        missing = [fn for fn in fns if not pr[fn]]
        L.append("| `%s` | %d | %d | %s |" % (path, len(fns), n,
                 ", ".join("`%s`" % m for m in missing) if missing else "-"))
    L.append("| **total** | **%d** | **%d** | |" % (tf, tp))
    L.append("")
    with open(REPORT, "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    sys.exit(main())
