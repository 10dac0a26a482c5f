#!/usr/bin/env bash
# Registry benchmark (./build.sh bench runs it after run.sh; docs/benchmarks.md explains the method).
#   bench/registry.sh [--runs N] [--image FILE] [--tool IMAGEGATE] [--output FILE] [--report-only]
# Starts Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1 with file storage in the work folder,
# then runs, alternating, N times each against it and with the same ~1 GB benchmark image (bench/build-fixture.sh):
#   curl-push        curl's monolithic upload of the image's bytes (POST /blobs/uploads/, then one PUT ?digest= of the
#                    whole file: the digest computed beforehand, outside the timing) into a fresh repository
#   imagegate-push   imagegate push --no-digest-cache of the image into another fresh repository (hashing, as for a
#                    freshly built image; annotations, manifest, tag)
#   imagegate-repush the same push again, as users run it (the sha256 from the digest cache, which the warm-up push
#                    filled; the registry has everything: nothing may be uploaded)
#   curl-pull        curl's GET of the same blob from the same registry to a file (page cache, no fsync)
#   imagegate-pull   imagegate pull of the pushed artifact by digest to a file (streamed, digest checked; no fsync,
#                    like curl)
#   curl-pull-sync   curl's GET, then coreutils' sync FILE (fsync): the floor for a durable download
#   imagegate-pull-durable  imagegate pull --durable (fsync before the rename: site sync's download path)
# Prints medians, peak RSS and the ratios against the targets; writes bench/results/registry.md.
# --tool: an installed imagegate to time (default: pack and install the tool from this tree, as run.sh does).
# --report-only: rewrite the results file from the last run's measurements (in the work folder).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
runs=5; image=""; tool=""; output=$here/results/registry.md; report_only=0
bench_option() {
  case "$1" in
    --image) image=$2; used=2 ;;
    --tool) tool=$2; used=2 ;;
    *) return 1 ;;
  esac
}
# shellcheck source=bench/args.sh
. "$here/args.sh"
bench_args 2,19 "$@"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say() { echo "bench: $*" >&2; }
for p in /usr/bin/time curl sha256sum docker-registry python3; do
  command -v "$p" >/dev/null || { say "missing $p (./build.sh installs build/apt-packages.txt)"; exit 2; }
done

work=${IMAGEGATE_BENCH_WORK:-$HOME/.cache/imagegate/bench/registry-work}
# The tool's digest cache lives in the work folder, not the user's.
export XDG_CACHE_HOME=$work/xdg-cache
times=$work/times.tsv
registry_pid=""
cleanup() { [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ $report_only = 1 ]; then
  [ -f "$work/env.sh" ] || { say "no earlier run in $work"; exit 2; }
  # shellcheck disable=SC1091
  . "$work/env.sh"
else
rm -rf "$work"; mkdir -p "$work"; : > "$times"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u '+%Y-%m-%d %H:%M')

# --- The tool, as users get it (packed, installed), unless --tool names one.
if [ -z "$tool" ]; then
  say "packing and installing the tool"
  dotnet pack src/ImageGate.Cli/ImageGate.Cli.csproj -c Release -nologo -v q -o artifacts/package >&2
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
  dotnet tool install ImageGate.Tool --tool-path "$work/tool" --add-source artifacts/package --version "$version" >&2
  tool=$work/tool/imagegate
fi

# --- The image.
if [ -z "$image" ]; then
  say "building (or reusing) the benchmark image"
  fixture=$(bash "$here/build-fixture.sh" | tail -n1)
  image=$fixture/big.qcow2
  image_note="$(head -n1 "$fixture/MANIFEST")"
else
  image_note="$(basename "$image") (given with --image)"
fi
image=$(readlink -f "$image")
size=$(stat -c %s "$image")
digest=sha256:$(sha256sum "$image" | cut -d' ' -f1)

# --- The registry: anonymous, loopback, file storage in the work folder (same disk for every client).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/storage"
cat > "$work/registry.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
YML
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/v2/" >/dev/null || { say "docker-registry did not start: $(cat "$work/registry.log")"; exit 3; }
base=http://127.0.0.1:$port

# --- curl's side: a monolithic upload (POST, then PUT of the whole file with ?digest=), and a blob GET.
cat > "$work/curl-push.sh" <<'SH'
#!/usr/bin/env bash
set -euo pipefail
base=$1 repo=$2 digest=$3 image=$4
location=$(curl -sf -X POST -D - -o /dev/null "$base/v2/$repo/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
case "$location" in http*) ;; *) location=$base$location ;; esac
case "$location" in *\?*) sep='&' ;; *) sep='?' ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' -T "$image" "$location${sep}digest=$digest")
[ "$code" = 201 ] || { echo "curl upload: HTTP $code" >&2; exit 1; }
SH
chmod +x "$work/curl-push.sh"

# --- Measurement: GNU time's wall clock and peak RSS.
measure() { # measure NAME CMD...
  local name=$1; shift
  local out=$work/time.out rc=0
  # Every command starts with no dirty pages left by the one before (1 GB written per push or pull): otherwise the
  # kernel's write-back of the previous command's file runs during this one and is charged to whichever comes next.
  sync
  /usr/bin/time -f '%e %M %U %S' -o "$out" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr" || rc=$?
  read -r secs kb user sys < <(tail -n1 "$out")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$secs" "$kb" "$rc" "$cpu" >> "$times"
  say "$(printf '%-17s %7.2f s (CPU %6.2f s) %8d KB  exit %d' "$name" "$secs" "$cpu" "$kb" "$rc")"
  [ "$rc" = 0 ] || say "$name failed: $(tail -n3 "$work/$name.stderr")"
}

# Warm-up (not recorded): page cache, the registry's blob store, the tool's first start.
"$work/curl-push.sh" "$base" bench/warm-curl "$digest" "$image"
"$tool" push "$image" "127.0.0.1:$port/bench/warm:w" >/dev/null 2>&1 || true

for i in $(seq 1 "$runs"); do
  say "run $i of $runs"
  measure curl-push "$work/curl-push.sh" "$base" "bench/curl-$i" "$digest" "$image"
  measure imagegate-push "$tool" push "$image" "127.0.0.1:$port/bench/ig-$i:v$i" --json --no-digest-cache
  reference=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reference"])' "$work/imagegate-push.stdout" 2>/dev/null || echo "127.0.0.1:$port/bench/ig-$i:v$i")
  measure imagegate-repush "$tool" push "$image" "127.0.0.1:$port/bench/ig-$i:v$i" --json
  rm -f "$work/pulled-curl" "$work/pulled-ig"
  measure curl-pull curl -sf -o "$work/pulled-curl" "$base/v2/bench/curl-$i/blobs/$digest"
  measure imagegate-pull "$tool" pull "$reference" --output "$work/pulled-ig"
  for f in "$work/pulled-curl" "$work/pulled-ig"; do
    [ "$(stat -c %s "$f" 2>/dev/null || echo 0)" = "$size" ] || say "$f is not the image's size"
  done
  rm -f "$work/pulled-curl" "$work/pulled-ig"
  sync # the plain pulls' dirty pages are not left for the durable ones to write
  measure curl-pull-sync sh -c 'curl -sf -o "$1" "$2" && sync "$1"' sh "$work/pulled-curl" "$base/v2/bench/curl-$i/blobs/$digest"
  measure imagegate-pull-durable "$tool" pull "$reference" --output "$work/pulled-ig" --durable
  for f in "$work/pulled-curl" "$work/pulled-ig"; do
    [ "$(stat -c %s "$f" 2>/dev/null || echo 0)" = "$size" ] || say "$f is not the image's size"
  done
  rm -f "$work/pulled-curl" "$work/pulled-ig"
  sync
done
if grep -q "from the digest cache" "$work/imagegate-repush.stderr"; then repush_hash="sha256 from the digest cache"; else repush_hash="hashed again?"; fi
if grep -q "nothing uploaded" "$work/imagegate-repush.stderr"; then repush_uploads="nothing uploaded"; else repush_uploads="uploaded again?"; fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
ended_at=$(date -u '+%H:%M')
declare -p image image_note size runs load_start load_end started_at ended_at repush_uploads repush_hash > "$work/env.sh"
fi

# --- Report.
python3 - "$times" "$output" <<PY
import statistics, sys, platform, os, subprocess
times, output = sys.argv[1], sys.argv[2]
rows = {}
for line in open(times, encoding="utf-8"):
    name, secs, kb, rc, cpu = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append((float(secs), int(kb), int(rc), float(cpu)))
def med(name, i=0):
    return statistics.median(r[i] for r in rows[name]) if name in rows else float("nan")
def peak(name):
    return max(r[1] for r in rows[name]) / 1024 if name in rows else float("nan")
def verdict(ok):
    return "met" if ok else "**not met**"
push, cpush = med("imagegate-push"), med("curl-push")
pull, cpull = med("imagegate-pull"), med("curl-pull")
dpull, dcpull = med("imagegate-pull-durable"), med("curl-pull-sync")
repush = med("imagegate-repush")
rss = max(peak("imagegate-push"), peak("imagegate-pull"), peak("imagegate-repush"), peak("imagegate-pull-durable"))
cpus = os.cpu_count()
mem = next((int(l.split()[1]) // 1024 // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
def sh(cmd):
    try: return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception: return "?"
out = []
out.append("# Registry benchmark results\n")
out.append(f"bench/registry.sh: $runs alternating runs of each command against one local registry; medians.\n")
out.append("## Machine")
out.append(f"- Date: $started_at–$ended_at UTC")
out.append(f"- CPU: {cpus} cores; RAM: {mem} GiB; {sh('. /etc/os-release; echo \$PRETTY_NAME')}, kernel {platform.release()}")
out.append(f"- Registry: {sh('docker-registry --version')} (Debian), anonymous, 127.0.0.1, file storage on the same disk")
out.append(f"- Load average (1/5/15 min) at start: $load_start; at end: $load_end")
load = float("$load_start".split()[0])
if load > 2 * cpus:
    out.append(f"- **Noisy**: the machine was loaded by other work (load {load:.0f} on {cpus} cores): wall times are mostly time spent"
               " waiting for a core, and grow with each process's CPU demand; the client CPU times are the steadier figures.")
out.append("")
out.append("## Image")
out.append(f"- $image_note")
out.append(f"- Pushed and pulled: $size bytes (one layer)")
out.append("")
out.append("## Targets")
out.append("| measure | target | measured (median wall time) | | client CPU time (user+sys) |")
out.append("|---|---|---|---|---|")
out.append(f"| imagegate push ÷ curl's monolithic upload of the same bytes | ≤ 1.25 | {push / cpush:.2f} ({push:.2f} s ÷ {cpush:.2f} s) | {verdict(push / cpush <= 1.25)} | {med('imagegate-push', 3):.2f} s vs {med('curl-push', 3):.2f} s |")
out.append(f"| imagegate pull ÷ curl's download of the same blob | ≤ 1.25 | {pull / cpull:.2f} ({pull:.2f} s ÷ {cpull:.2f} s) | {verdict(pull / cpull <= 1.25)} | {med('imagegate-pull', 3):.2f} s vs {med('curl-pull', 3):.2f} s |")
out.append(f"| imagegate pull --durable (site sync's download) ÷ curl's download + sync FILE | ≤ 1.25 | {dpull / dcpull:.2f} ({dpull:.2f} s ÷ {dcpull:.2f} s) | {verdict(dpull / dcpull <= 1.25)} | {med('imagegate-pull-durable', 3):.2f} s vs {med('curl-pull-sync', 3):.2f} s |")
out.append(f"| peak RSS of push, re-push and pull | < 150 MB | {rss:.0f} MB | {verdict(rss < 150)} | |")
out.append(f"| re-push of the unchanged image | < 1 s | {repush:.2f} s ($repush_uploads; ${repush_hash:-hashed}) | {verdict(repush < 1)} | {med('imagegate-repush', 3):.2f} s |")
out.append("")
out.append("## Whole processes (median wall time, CPU, peak RSS, exit codes)")
out.append("| command | median wall s | median CPU s (user+sys) | peak RSS MB | exit codes | runs |")
out.append("|---|---|---|---|---|---|")
for name in ["curl-push", "imagegate-push", "imagegate-repush", "curl-pull", "imagegate-pull", "curl-pull-sync", "imagegate-pull-durable"]:
    if name not in rows: continue
    codes = ",".join(sorted({str(r[2]) for r in rows[name]}))
    out.append(f"| {name} | {med(name):.2f} | {med(name, 3):.2f} | {peak(name):.0f} | {codes} | {len(rows[name])} |")
out.append("")
out.append("## Like with like")
out.append("- imagegate-push hashes the image (--no-digest-cache: a freshly built image) while its chunks already go up (the digest is needed only by the final PUT); curl's digest is computed outside its timing.")
out.append("- Every command starts after a sync (outside its timing): none pays for the write-back of the 1 GB the one before it wrote.")
out.append("- imagegate-repush is a push as users run it: the sha256 comes from the digest cache (filled by the warm-up push), one HEAD per blob finds everything in the registry.")
out.append("- imagegate-pull and curl-pull both leave the file to the kernel's write-back (no fsync); pull also checks the SHA-256 (on a second thread).")
out.append("- imagegate-pull-durable (pull --durable: site sync's download path, fsync before the rename, write-back started every 64 MiB) is compared with curl-pull-sync (curl's download, then coreutils' sync FILE): the floor for a durable download.")
out.append("")
open(output, "w", encoding="utf-8").write("\n".join(out) + "\n")
print("\n".join(out))
PY
say "results in $output"
