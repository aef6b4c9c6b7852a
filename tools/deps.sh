#!/bin/sh
# Install the Debian packages reluref needs, idempotently.  As root, missing
# packages are installed with apt-get; otherwise the exact command is printed
# and the script fails.  Used by `make deps`, the README commands and CI.
set -eu

# Build and test: compiler, GMP, MPFR, jansson, cmocka.
PKGS="gcc make libc6-dev libgmp-dev libmpfr-dev libjansson-dev libcmocka-dev"
# Proofs: Frama-C with WP, Why3 and its SMT solvers (no Alt-Ergo in Debian).
PKGS="$PKGS frama-c-base why3 z3 cvc4 cvc5"
# Fuzzing: clang's libFuzzer and sanitizer runtimes.
PKGS="$PKGS clang libclang-rt-dev"
# Audit harnesses and schema checks: Debian's numpy, PyTorch and jsonschema.
PKGS="$PKGS python3 python3-numpy python3-torch python3-jsonschema"
# Formats (.onnx): onnx.proto (libonnx-dev) compiled by protoc-c at build time.
PKGS="$PKGS libonnx-dev protobuf-c-compiler libprotobuf-c-dev"
# Norms: exact LPs in GMP rationals (cddlib, libcddgmp).
PKGS="$PKGS libcdd-dev"
# Extra packages named by the caller (e.g. DEPS_EXTRA="python3-numpy").
PKGS="$PKGS ${DEPS_EXTRA:-}"

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = "installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
    echo "deps: all $(echo $PKGS | wc -w) Debian packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
echo "deps: done"
