#!/usr/bin/env bash
# Writes the action's outputs and the job summary from what imagegate left in its output folder; runs even when
# the pipeline failed, so reviewers see why.
# run.json (written by imagegate run) is preferred: {"imageDigest","reportPath","sarifPath","bundlePath","pullRequestUrl"};
# without it the values come from the files themselves (build.json, report.json, report.sarif, *.sigstore.json).
# Inputs (env): OUTPUT_DIR, SHOW_SUMMARY, RUN_EXIT_CODE. Outputs: image-digest, report-path, sarif-path, bundle-path,
#   pull-request-url.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

dir=${OUTPUT_DIR:-}
field() { # field FILE JQ-EXPRESSION: a string from a JSON file, or empty
  [ -f "$1" ] || return 0
  jq -r "$2 // empty | strings" "$1" 2>/dev/null | head -n 1 || true
}
# existing PATH: the path when it is a file inside the output folder, else empty (a forged report cannot point elsewhere).
existing() {
  local p=$1 real
  [ -n "$p" ] && [ -f "$p" ] || return 0
  real=$(realpath -e -- "$p" 2>/dev/null) || return 0
  case "$real" in "$dir_real"/*) printf '%s' "$p" ;; esac
}

image_digest="" report_path="" sarif_path="" bundle_path="" pr_url=""
if [ -n "$dir" ] && [ -d "$dir" ]; then
  dir_real=$(realpath -e -- "$dir")
  run_json="$dir/run.json"
  image_digest=$(field "$run_json" '.imageDigest')
  report_path=$(existing "$(field "$run_json" '.reportPath')")
  sarif_path=$(existing "$(field "$run_json" '.sarifPath')")
  bundle_path=$(existing "$(field "$run_json" '.bundlePath')")
  pr_url=$(field "$run_json" '.pullRequestUrl')
  [ -n "$image_digest" ] || image_digest=$(field "$dir/build.json" '.images[0].digest')
  [ -n "$report_path" ] || report_path=$(existing "$dir/report.json")
  [ -n "$sarif_path" ] || sarif_path=$(existing "$dir/report.sarif")
  [ -n "$bundle_path" ] || bundle_path=$(existing "$(find "$dir" -maxdepth 1 -name '*.sigstore.json' | sort | head -n 1)")
fi
# Only well-formed values leave this step: a digest, an https URL, paths without line breaks.
[[ "$image_digest" =~ ^sha256:[0-9a-f]{64}$ ]] || image_digest=""
[[ "$pr_url" =~ ^https://[^[:space:]]+$ ]] || pr_url=""
for v in report_path sarif_path bundle_path; do if [[ "${!v}" == *$'\n'* ]]; then printf -v "$v" '%s' ""; fi; done

set_output image-digest "$image_digest"
set_output report-path "$report_path"
set_output sarif-path "$sarif_path"
set_output bundle-path "$bundle_path"
set_output pull-request-url "$pr_url"

is_true "${SHOW_SUMMARY:-true}" || exit 0
summary=${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set}
code=${RUN_EXIT_CODE:-}
case "$code" in
  0) verdict="passed" ;;
  1) verdict="a gate failed" ;;
  2) verdict="bad input" ;;
  '') verdict="did not run" ;;
  *) verdict="failed unexpectedly (exit $code)" ;;
esac
{
  echo "## ImageGate: $verdict"
  echo
  if [ -n "$dir" ] && [ -f "$dir/report.md" ]; then
    cat "$dir/report.md"
    echo
  fi
  echo "| output | value |"
  echo "|---|---|"
  echo "| image digest | \`${image_digest:-—}\` |"
  echo "| report | ${report_path:-—} |"
  echo "| SARIF | ${sarif_path:-—} |"
  echo "| Sigstore bundle | ${bundle_path:-—} |"
  echo "| endorsement pull request | ${pr_url:-—} |"
  if [ -n "$dir" ] && [ -f "$dir/build.json" ]; then
    echo
    echo "### Disk images"
    echo
    echo "| image | format | size | sha256 |"
    echo "|---|---|---:|---|"
    # file names are untrusted text: one line, no backtick to end the code span, no '|' to end the cell
    jq -r 'def cell: gsub("[\u0000-\u001f\u007f\u0085\u2028\u2029]"; " ") | gsub("`"; "\u0027") | gsub("\\|"; "\\|");
      .images[]? | "| `\(.path | split("/") | last | cell)` | \(.format | cell) | \(.size) | `\(.sha256 | cell)` |"' "$dir/build.json" 2>/dev/null || true
  fi
} >> "$summary"
