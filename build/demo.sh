#!/usr/bin/env bash
# The whole pipeline on the embedded default (./build.sh demo): a Packer build of examples/debian12 from the
# fixture root → scan → key signing → endorsement into a local list repository → the reviewer's merge →
# publish (JSON, HEPiX) → verify the published list → site check of the image. Prints where every artifact is.
set -euo pipefail
ig=$1; fx=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${IMAGEGATE_DEMO_DIR:-$repo/artifacts/demo}
rm -rf "$out"; mkdir -p "$out"
export CHECKPOINT_DISABLE=1 GIT_AUTHOR_NAME="ImageGate demo" GIT_AUTHOR_EMAIL=demo@example.org \
       GIT_COMMITTER_NAME="ImageGate demo" GIT_COMMITTER_EMAIL=demo@example.org
step() { echo; echo "== $*"; }

step "a signing key for the endorser (air-gapped style: key signing)"
"$ig" generate-key-pair --output-key-prefix "$out/endorser" </dev/null

step "an empty endorsed-list repository (bare, with a first commit on main)"
git init -q --bare -b main "$out/list.git"
seed=$(mktemp -d); git -C "$seed" init -q -b main
echo "# Endorsed images" > "$seed/README.md"; git -C "$seed" add README.md; git -C "$seed" commit -q -m "Start the endorsed list"
git -C "$seed" push -q "$out/list.git" main; rm -rf "$seed"

step "imagegate run: Packer build → scan → sign → endorse (local: a branch and a commit, the PR text printed)"
# --no-patch-check: the demo stays offline, and the fixture root (Debian 12 minbase from the main suite) really misses
# security updates, so the patch check would (rightly) fail the gate; the report shows patches/check-skipped instead.
(cd "$out" && "$ig" run "$repo/examples/debian12/debian12.pkr.hcl" --var "rootfs=$fx/root" --var "output=$out/packer-out" --no-patch-check \
   --image-name debian12 --image-version 1.0.0 --signing key --key "$out/endorser.key" \
   --list-repo "$out/list.git" --output-dir "$out/run" --uri "https://images.example.org/debian12-1.0.0.qcow2")

step "the reviewers approve: merge the endorsement branch into main"
work=$(mktemp -d); git clone -q "$out/list.git" "$work"
git -C "$work" merge -q --no-ff -m "Merge pull request #1 from endorse/debian12/1.0.0" origin/endorse/debian12/1.0.0
git -C "$work" push -q origin main; rm -rf "$work"

step "imagegate history"
"$ig" history --list-repo "$out/list.git"

step "imagegate publish: the signed list of currently endorsed images (and the HEPiX list)"
"$ig" publish --list-repo "$out/list.git" --output "$out/published" --key "$out/endorser.key" --hepix

step "a site verifies the published list and checks the image against it"
"$ig" verify "$out/published/endorsed-images.json" --bundle "$out/published/endorsed-images.json.sigstore.json" \
   --key "$out/endorser.pub" --insecure-ignore-tlog --state "$out/site-state"
image=$(jq -r '.images[0].path' "$out/run/build.json")
"$ig" site check "$image" --list "$out/published/endorsed-images.json" \
   --bundle "$out/published/endorsed-images.json.sigstore.json" --key "$out/endorser.pub" --insecure-ignore-tlog

echo
echo "Demo artifacts in $out:"
echo "  image            $image"
echo "  scan report      $out/run/report.json (+ report.sarif, report.md, sbom.spdx.json)"
echo "  image signature  $out/run/debian12.sigstore.json"
echo "  list repository  $out/list.git"
echo "  published list   $out/published/endorsed-images.json (+ .sigstore.json, imagelist.hepix.json)"
