#!/usr/bin/env bash
# Re-checks every currently endorsed image of the list repository (imagegate recheck) against today's security
# metadata and opens a revocation pull request for each image that now misses security updates.
#   GitHub mode (REPOSITORY set, DRY_RUN false): the list is read from, and revocation branches pushed to,
#     $GITHUB_SERVER_URL/$REPOSITORY.git with GITHUB_TOKEN (handed over in the environment, never as an argument);
#     the pull requests are opened through $GITHUB_API_URL.
#   Dry run (or no REPOSITORY): the checked-out list (.) is re-checked and the revocations are only printed.
# Inputs (env): REPOSITORY (OWNER/NAME), DRY_RUN, GITHUB_TOKEN, GITHUB_SERVER_URL, GITHUB_API_URL, RUNNER_TEMP,
#   IMAGEGATE (the executable, default imagegate).
# Exit code: imagegate's (0 every image current, 1 some image misses security updates, 2 bad input, 3 a check failed).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

if ! is_true "${DRY_RUN:-false}" && [ -n "${REPOSITORY:-}" ]; then
  if ! [[ "$REPOSITORY" =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]]; then
    echo "::error::repository must be OWNER/NAME, not '$(escape_data "$REPOSITORY")'"
    exit 2
  fi
  args=(recheck --list-repo "${GITHUB_SERVER_URL:-https://github.com}/$REPOSITORY.git" --github-repository "$REPOSITORY")
  [ -n "${GITHUB_API_URL:-}" ] && args+=(--github-api-url "$GITHUB_API_URL")
else
  args=(recheck --list-repo . --dry-run)
fi
# one download of each repository's metadata for all images
[ -n "${RUNNER_TEMP:-}" ] && args+=(--patch-cache "$RUNNER_TEMP/imagegate/patch-cache") && mkdir -p "$RUNNER_TEMP/imagegate/patch-cache"
"${IMAGEGATE:-imagegate}" "${args[@]}"
