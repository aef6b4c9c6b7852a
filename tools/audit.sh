#!/bin/sh
# Audit implementations against the golden vectors (make audit).
#   - reluref's in-tree binary64 path: must pass every family;
#   - numpy float64 and float32 (Debian python3-numpy), when importable;
#   - PyTorch float32 (python3-torch) and ONNX Runtime, when present
#     (tools/harness_torch.py, tools/harness_ort.js);
#   - deliberately wrong implementations: each must be caught.
# Prints one line per run and "audit: N passed, M failed" (runs, not tests).
set -u
BIN=${1:-build/reluref}
VEC=${2:-vectors/realization}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
PY=/usr/bin/python3

# expect_ok NAME VECTORS RESULTS: the candidate must pass.
expect() {
    want=$1 name=$2 vec=$3 res=$4
    "$BIN" check "$vec" "$res" > "$TMP/report" 2>&1
    rc=$?
    summary=$(tail -n 1 "$TMP/report")
    if [ "$want" = pass ] && [ $rc -eq 0 ]; then
        pass=$((pass + 1)); echo "  ok      $name: $summary"
    elif [ "$want" = fail ] && [ $rc -eq 1 ]; then
        pass=$((pass + 1)); echo "  caught  $name: $(echo "$summary" | sed 's/^FAILED: //' | cut -c1-150)"
    else
        fail=$((fail + 1)); echo "  WRONG   $name (expected $want, check exit $rc): $summary"
        head -n 5 "$TMP/report"
    fi
}

have_numpy=0
$PY -c "import numpy" 2>/dev/null && have_numpy=1
have_torch=0
$PY -c "import torch" 2>/dev/null && have_torch=1

# ONNX Runtime: npm's onnxruntime-node (CPU binaries ship in the package;
# --ignore-scripts skips its optional GPU download), needs `reluref convert`.
have_ort=0
if command -v node >/dev/null 2>&1 && "$BIN" help convert >/dev/null 2>&1; then
    if [ ! -d tools/ort/node_modules/onnxruntime-node ]; then
        (cd tools/ort && npm ci --ignore-scripts --no-audit --no-fund >/dev/null 2>&1)
    fi
    node -e "require('./tools/ort/node_modules/onnxruntime-node')" 2>/dev/null && have_ort=1
fi

echo "audit: harnesses present: in-tree double, numpy=$have_numpy, torch=$have_torch, onnxruntime=$have_ort"
for vec in "$VEC"/*.json; do
    fam=$(basename "$vec" .json)
    echo "$fam:"
    "$BIN" candidate "$vec" --impl double --out "$TMP/r.json" && expect pass "reluref double" "$vec" "$TMP/r.json"
    if [ $have_numpy = 1 ]; then
        for dt in float64 float32; do
            $PY tools/harness_numpy.py "$vec" "$TMP/r.json" --dtype $dt && expect pass "numpy $dt" "$vec" "$TMP/r.json"
        done
    fi
    if [ $have_torch = 1 ] && [ -f tools/harness_torch.py ]; then
        $PY tools/harness_torch.py "$vec" "$TMP/r.json" && expect pass "torch float32" "$vec" "$TMP/r.json"
    fi
    if [ $have_ort = 1 ]; then
        for dt in float32 float64; do
            node tools/ort/harness_ort.js "$BIN" "$vec" "$TMP/r.json" --dtype $dt && \
                expect pass "onnxruntime $dt" "$vec" "$TMP/r.json"
        done
    fi
done
# Wrong implementations, on families where each bug shows.
for bug in nobias relulast f16acc; do
    vec="$VEC/deep.json"
    "$BIN" candidate "$vec" --impl bug-$bug --out "$TMP/r.json" && expect fail "reluref bug-$bug on deep" "$vec" "$TMP/r.json"
    if [ $have_numpy = 1 ]; then
        $PY tools/harness_numpy.py "$vec" "$TMP/r.json" --dtype float32 --bug $bug && expect fail "numpy float32 bug=$bug on deep" "$vec" "$TMP/r.json"
    fi
done
echo "audit: $pass passed, $fail failed"
[ $fail -eq 0 ]
