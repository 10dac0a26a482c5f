#!/usr/bin/env bash
# The whole pipeline on the embedded default: ./build.sh demo runs this with the installed tool and the fixtures.
set -uo pipefail
ig=$1; fx=$2
out=${IMAGEGATE_DEMO_DIR:-$(cd "$(dirname "$0")/.." && pwd)/artifacts/demo}
rm -rf "$out"; mkdir -p "$out"
step() { echo; echo "== $*"; }
step "imagegate --version"; "$ig" --version
step "imagegate scan $fx/gpt.qcow2"; "$ig" scan "$fx/gpt.qcow2"; echo "exit code $?"
echo
echo "demo artifacts in $out"
