#!/usr/bin/env bash
# Re-checks every currently endorsed image of the checked-out list repository (imagegate recheck) and opens a
# revocation pull request for each image that now misses security updates.
# Inputs (env): REPOSITORY (OWNER/NAME), DRY_RUN, GITHUB_TOKEN, GITHUB_API_URL, IMAGEGATE (default imagegate).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

args=(recheck --list-repo .)
if ! is_true "${DRY_RUN:-false}"; then
  [ -n "${REPOSITORY:-}" ] && args+=(--github-repository "$REPOSITORY")
  [ -n "${GITHUB_API_URL:-}" ] && args+=(--github-api-url "$GITHUB_API_URL")
fi
"${IMAGEGATE:-imagegate}" "${args[@]}"
