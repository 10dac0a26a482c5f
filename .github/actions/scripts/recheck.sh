#!/usr/bin/env bash
# Re-checks every currently endorsed image of the list repository (imagegate recheck) against today's security
# metadata and opens a revocation pull request for each image that now misses security updates.
#   GitHub mode (REPOSITORY set, DRY_RUN false): the list is read from, and revocation branches pushed to,
#     $GITHUB_SERVER_URL/$REPOSITORY.git with GITHUB_TOKEN (handed over in the environment, never as an argument);
#     the pull requests are opened through $GITHUB_API_URL.
#   Dry run (or no REPOSITORY): the checked-out list (LIST_DIR, default .) is re-checked and the revocations are
#     only printed.
# The list repository is data, never configuration: imagegate runs in a folder of this job outside the checkout,
# with IMAGEGATE_NO_CONFIG=1 (an imagegate.yaml/.json in the list repository is not read).
# Inputs (env): REPOSITORY (OWNER/NAME), DRY_RUN, GITHUB_TOKEN, GITHUB_SERVER_URL, GITHUB_API_URL, RUNNER_TEMP,
#   LIST_DIR, IMAGEGATE (the executable, default imagegate).
# Exit code: imagegate's (0 every image current, 1 some image misses security updates, 2 bad input, 3 a check failed).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

if ! is_true "${DRY_RUN:-false}" && [ -n "${REPOSITORY:-}" ]; then
  if ! [[ "$REPOSITORY" =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]]; then
    echo "::error::repository must be OWNER/NAME, not '$(escape_data "$REPOSITORY")'"
    exit 2
  fi
  args=(recheck --no-config --list-repo "${GITHUB_SERVER_URL:-https://github.com}/$REPOSITORY.git" --github-repository "$REPOSITORY")
  [ -n "${GITHUB_API_URL:-}" ] && args+=(--github-api-url "$GITHUB_API_URL")
else
  list_dir=$(cd "${LIST_DIR:-.}" && pwd -P) || { echo "::error::the list checkout is not a folder"; exit 2; }
  args=(recheck --no-config --list-repo "$list_dir" --dry-run)
fi
mkdir -p "${RUNNER_TEMP:?RUNNER_TEMP is not set}/imagegate/patch-cache"
# one download of each repository's metadata for all images
args+=(--patch-cache "$RUNNER_TEMP/imagegate/patch-cache")
work=$(mktemp -d "$RUNNER_TEMP/imagegate/recheck.XXXXXXXX")
cd "$work" || exit 3
IMAGEGATE_NO_CONFIG=1 "${IMAGEGATE:-imagegate}" "${args[@]}"
