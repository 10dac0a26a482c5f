#!/usr/bin/env bash
# Publishes the signed endorsed list of the checked-out list repository as a release (imagegate publish).
# The list repository is data, never configuration: imagegate runs in a folder of this job outside the checkout,
# with IMAGEGATE_NO_CONFIG=1, so an imagegate.yaml/.json in the list repository (a Fulcio URL that would receive
# the job's OIDC token, a far expiry) changes nothing; the list is read from the checkout by its absolute path.
# Inputs (env): RELEASE_TAG, EXPIRES_IN, HEPIX, HTML, REPOSITORY (OWNER/NAME), GITHUB_TOKEN, GITHUB_API_URL,
#   RUNNER_TEMP, LIST_DIR (the list checkout, default the working directory), IMAGEGATE (default imagegate).
#   REGISTRY (host[:port]; empty: no registry sync), REGISTRY_USERNAME, REGISTRY_PASSWORD (secret; both required with
#   REGISTRY). Output: published (the folder with the list, signature, catalogue).
# With a registry, publish --registry-sync moves the endorsed tags; the password reaches imagegate on standard input
# only (masked, never an argument, never on disk).
# Approvals read from the pull requests' reviews are committed by imagegate itself to the imagegate-approvals branch
# and pushed to origin with GITHUB_TOKEN (an http header, never in the URL). Exit 1: an endorsement was left out of
# the list for want of an approval by a listed endorser (the rest is published).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

list_dir=$(cd "${LIST_DIR:-.}" && pwd -P) || { echo "::error::the list checkout is not a folder"; exit 2; }
out="${RUNNER_TEMP:?RUNNER_TEMP is not set}/imagegate/published"
mkdir -p "$out"
[[ "${RELEASE_TAG:-}" =~ ^[A-Za-z0-9._/-]+$ ]] || { echo "::error::release-tag '$(escape_data "${RELEASE_TAG:-}")' is not a valid tag"; exit 2; }
[[ "${EXPIRES_IN:-28}" =~ ^[0-9]+$ ]] || { echo "::error::expires-in must be a number of days"; exit 2; }

# GitHub mode always: publish reads each endorsement pull request's reviews and records the approvals
[[ "${REPOSITORY:-}" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "::error::REPOSITORY must be OWNER/NAME"; exit 2; }
args=(publish --no-config --list-repo "$list_dir" --output "$out" --expires-in "${EXPIRES_IN:-28}" --github-release "$RELEASE_TAG" --github-repository "$REPOSITORY")
[ -n "${GITHUB_API_URL:-}" ] && args+=(--github-api-url "$GITHUB_API_URL")
is_true "${HEPIX:-true}" && args+=(--hepix)
is_true "${HTML:-false}" && args+=(--html)

password=""
if [ -n "${REGISTRY:-}" ]; then
  [[ "$REGISTRY" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?$ ]] || { echo "::error::registry must be a registry host[:port], e.g. ghcr.io"; exit 2; }
  user=${REGISTRY_USERNAME:-}
  password=${REGISTRY_PASSWORD:-}
  if [ -z "$user" ] || [ -z "$password" ]; then
    echo "::error::registry needs registry-username and the registry-password secret (a Harbor robot account, or for GHCR a token with write:packages)"; exit 2
  fi
  [[ "$user" =~ ^[A-Za-z0-9._@\$+-]+$ ]] || { echo "::error::registry-username holds characters a registry user name cannot have"; exit 2; }
  echo "::add-mask::$(escape_data "$password")"
  args+=(--registry-sync --registry-username "$user" --registry-password-stdin)
else
  echo "no registry given: the registry's tags are not synced (set the registry input to sync them)"
fi

set_output published "$out"
work=$(mktemp -d "$RUNNER_TEMP/imagegate/publish.XXXXXXXX")
cd "$work" || exit 3
if [ -n "$password" ]; then
  printf '%s\n' "$password" | IMAGEGATE_NO_CONFIG=1 "${IMAGEGATE:-imagegate}" "${args[@]}"
else
  IMAGEGATE_NO_CONFIG=1 "${IMAGEGATE:-imagegate}" "${args[@]}" </dev/null
fi
