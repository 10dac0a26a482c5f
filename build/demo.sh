#!/usr/bin/env bash
# The whole pipeline on the embedded default (./build.sh demo): the Debian 12 cloud image Packer's qemu builder makes
# from examples/debian12-cloud (cached) → scan with the whole policy, patch check included → key signing → push to a local OCI registry (Debian's docker-registry on 127.0.0.1, temporary
# storage, stopped at the end) → endorsement with the registry location (endorse --oci) into a local list repository
# → the reviewer's merge → publish (JSON, HEPiX) with --registry-sync (the endorsed tag follows the list) → verify the
# published list → site check of the image file and of the registry tag → site sync from the registry (digest and
# the attached signature checked); then the failing variant (the build's leftovers kept) fails the gate and endorse
# refuses it. Prints where every artifact is.
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

step "a local OCI registry (Debian's docker-registry on 127.0.0.1, temporary storage, stopped when the demo ends)"
registry_dir=$(mktemp -d)
port=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port for the registry" >&2; exit 3; }
printf '%s\n' "version: 0.1" "log: { level: warn }" "storage:" "  filesystem: { rootdirectory: $registry_dir/storage }" \
  "  delete: { enabled: true }" "http: { addr: \"127.0.0.1:$port\", secret: imagegate-demo }" > "$registry_dir/config.yml"
docker-registry serve "$registry_dir/config.yml" >"$registry_dir/registry.log" 2>&1 &
registry_pid=$!
trap 'status=$?; kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; rm -rf "$registry_dir"; exit $status' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
registry=127.0.0.1:$port
echo "registry at $registry"

step "the embedded default: examples/debian12-cloud built by Packer's qemu builder under TCG through imagegate build"
# A real Debian 12 cloud image (systemd, cloud kernel, GRUB, cloud-init, openssh-server, rsyslog, chrony) booted by
# Packer from the base disk fixture, upgraded from the security suite over SSH, and cleaned up at shutdown; beside it
# the failing variant that keeps the build's leftovers. A qemu build takes longer than this demo may, so the demo
# uses the images the end-to-end tests built (cached under the fixture cache); on a cold cache it builds them now.
build_start=$(date +%s)
bash "$repo/tests/fixtures/cloud/build-cloud-images.sh" "$ig" "$fx"
if [ $(( $(date +%s) - build_start )) -lt 5 ]; then echo "(cached qemu build: its Packer log is $fx/debian12-cloud.packer.log)"; fi
image=$(readlink -f "$fx/debian12-cloud.qcow2")
variant=$(readlink -f "$fx/debian12-cloud-leftovers.qcow2")

step "imagegate scan: the whole policy, the patch check against the Debian security repository the image is configured with"
mkdir -p "$out/run"
"$ig" scan "$image" --name debian12 --json-output "$out/run/report.json" --markdown-output "$out/run/report.md" \
   --sarif-output "$out/run/report.sarif" --sbom "$out/run/sbom.spdx.json" --format table
jq -r '"gate: \(if .passed then "passed" else "FAILED" end); \(.packageCount) packages; findings at medium or above: \([.findings[] | select(.severity == "critical" or .severity == "high" or .severity == "medium")] | length)",
       (.patchMetadata[] | "patch check: \(.repository)\(if .security then " (security)" else "" end) metadata dated \(.date // "(no date)")"),
       "missing security updates: \(.missingUpdates | length)"' "$out/run/report.json"

step "imagegate sign: the image's signature (air-gapped style: key signing)"
"$ig" sign "$image" --bundle "$out/run/debian12.sigstore.json" --key "$out/endorser.key"

step "imagegate push: the image as a single-layer OCI artifact (tag VERSION-HEX12, which atrope ignores), the bundle, SBOM and report as referrers"
"$ig" push "$image" "$registry/demo/debian12" --bundle "$out/run/debian12.sigstore.json" --sbom "$out/run/sbom.spdx.json" \
   --report "$out/run/report.json" --json | tee "$out/push.json"
reference=$(jq -r .reference "$out/push.json")

step "imagegate endorse --oci: the registry location (checked against the registry) into the list (local: a branch and a commit)"
"$ig" endorse "$image" --name debian12 --version 1.0.0 --report "$out/run/report.json" --bundle "$out/run/debian12.sigstore.json" \
   --sbom "$out/run/sbom.spdx.json" --oci "$reference" --list-repo "$out/list.git" --key "$out/endorser.pub" --insecure-ignore-tlog

step "the reviewers approve: merge the endorsement branch into main"
work=$(mktemp -d); git clone -q "$out/list.git" "$work"
git -C "$work" merge -q --no-ff -m "Merge pull request #1 from endorse/debian12/1.0.0" origin/endorse/debian12/1.0.0
git -C "$work" push -q origin main; rm -rf "$work"

step "imagegate history"
"$ig" history --list-repo "$out/list.git"

step "imagegate publish --registry-sync: the signed list of currently endorsed images (and the HEPiX list); the endorsed tag follows it"
"$ig" publish --list-repo "$out/list.git" --output "$out/published" --key "$out/endorser.key" --hepix --registry-sync

step "a site verifies the published list and checks the image against it"
"$ig" verify "$out/published/endorsed-images.json" --bundle "$out/published/endorsed-images.json.sigstore.json" \
   --key "$out/endorser.pub" --insecure-ignore-tlog --state "$out/site-state"
"$ig" site check "$image" --list "$out/published/endorsed-images.json" \
   --bundle "$out/published/endorsed-images.json.sigstore.json" --key "$out/endorser.pub" --insecure-ignore-tlog
"$ig" site check "$registry/demo/debian12:12" --list "$out/published/endorsed-images.json" \
   --bundle "$out/published/endorsed-images.json.sigstore.json" --key "$out/endorser.pub" --insecure-ignore-tlog

step "imagegate site sync: the site's cache from the registry (layer digest and size checked while streaming, the attached bundle verified)"
"$ig" site sync --list "$out/published/endorsed-images.json" --key "$out/endorser.pub" --insecure-ignore-tlog \
  --image-key "$out/endorser.pub" --image-insecure-ignore-tlog --cache "$out/site-cache"

step "the failing variant: the same build keeping what careless builds leave behind"
# openssh-server's host keys, ssl-cert's snakeoil key, the packer user with its authorized key and NOPASSWD sudo rule,
# and a package held back from the security update (keep_build_leftovers=true in the same template).
mkdir -p "$out/variant"
set +e
"$ig" scan "$variant" --name debian12-leftovers --json-output "$out/variant/report.json" --format table
scan_status=$?
set -e
[ "$scan_status" -eq 1 ] || { echo "the variant's scan exited $scan_status, not 1 (gate failed)" >&2; exit 1; }
jq -r '"gate: \(if .passed then "passed" else "FAILED" end); its findings at medium or above:",
       (.findings[] | select(.severity == "critical" or .severity == "high" or .severity == "medium") | "  \(.severity)\t\(.ruleId)\t\(.path // "")")' "$out/variant/report.json"
"$ig" sign "$variant" --bundle "$out/variant/debian12-leftovers.sigstore.json" --key "$out/endorser.key"
set +e
"$ig" endorse "$variant" --name debian12-leftovers --version 1.0.0 --report "$out/variant/report.json" \
   --bundle "$out/variant/debian12-leftovers.sigstore.json" --uri https://images.example.org/debian12-leftovers.qcow2 \
   --list-repo "$out/list.git" --key "$out/endorser.pub" --insecure-ignore-tlog > "$out/variant/endorse.out" 2>&1
endorse_status=$?
set -e
cat "$out/variant/endorse.out"
[ "$endorse_status" -eq 1 ] || { echo "endorse of the failing variant exited $endorse_status, not 1" >&2; exit 1; }
if git -C "$out/list.git" branch --list 'endorse/debian12-leftovers/*' | grep -q .; then echo "a proposal branch was made for the failing variant" >&2; exit 1; fi
echo "refused: no endorsement branch and no pull request text for the failing variant"

echo
echo "Demo artifacts in $out:"
echo "  image            $image"
echo "  scan report      $out/run/report.json (+ report.sarif, report.md, sbom.spdx.json)"
echo "  Packer logs      $fx/debian12-cloud.packer.log, $fx/debian12-cloud-leftovers.packer.log"
echo "  failing variant  $variant (report $out/variant/report.json)"
echo "  image signature  $out/run/debian12.sigstore.json"
echo "  list repository  $out/list.git"
echo "  published list   $out/published/endorsed-images.json (+ .sigstore.json, imagelist.hepix.json)"
echo "  registry         $reference (tag 12 set by publish --registry-sync; the registry stops now)"
echo "  site cache       $out/site-cache/images/"
