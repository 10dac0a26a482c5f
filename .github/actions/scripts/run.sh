#!/usr/bin/env bash
# Runs the pipeline: imagegate run (build → scan → sign → push → endorse). Every input arrives as an environment variable
# (never spliced into the script), and every value reaches imagegate as one argument of its own.
# Inputs (env): INPUT_TEMPLATE, INPUT_VARS (KEY=VALUE per line), INPUT_VAR_FILE (a path per line), INPUT_IMAGE_NAME,
#   INPUT_IMAGE_VERSION, INPUT_LIST_REPOSITORY, INPUT_IMAGE_URI (where sites download the image), INPUT_REGISTRY
#   (REGISTRY/NAMESPACE: push the signed image to NAMESPACE/NAME there and record that oci location; with a list,
#   image-uri, registry or both are required), INPUT_REGISTRY_USERNAME (default GITHUB_ACTOR), REGISTRY_PASSWORD
#   (secret: handed to imagegate as IMAGEGATE_REGISTRY_PASSWORD, never as an argument), INPUT_POLICY, INPUT_SIGNING (keyless|key), INPUT_FAIL_ON,
#   INPUT_DRY_RUN, LIST_TOKEN (secret: handed to imagegate as GITHUB_TOKEN, never as an argument), SIGNING_KEY
#   (secret PEM: written to a 0600 file under RUNNER_TEMP for --key, removed afterwards), FINGERPRINT_SALT (secret:
#   the private salt of the findings' fingerprints, handed to imagegate as IMAGEGATE_SCAN__FINGERPRINT_SALT; without
#   it a warning says the public default salt is used), IMAGEGATE (the executable, default imagegate), RUNNER_TEMP,
#   GITHUB_SERVER_URL, GITHUB_API_URL.
# Packer and its provisioners never see the token, the key, the salt or the OIDC request variables: imagegate
# starts Packer without them (ImageGate.Packer's PackerEnvironment).
# Output: output-dir (where imagegate wrote its reports), exit-code.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

fail() { echo "::error::$(escape_data "$1")"; exit "${2:-2}"; }

[ -n "${INPUT_TEMPLATE:-}" ] || fail "the 'template' input is required"
signing=${INPUT_SIGNING:-keyless}
case "$signing" in keyless|key) ;; *) fail "signing must be 'keyless' or 'key', not '$signing'" ;; esac
if [ "$signing" = keyless ] && [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ]; then
  fail "keyless signing needs an OIDC token: add 'permissions: id-token: write' to the job (or use signing: key with a signing-key secret)"
fi
if [ "$signing" = key ] && [ -z "${SIGNING_KEY:-}" ]; then
  fail "signing: key needs the signing-key input (an encrypted PEM key from a secret)"
fi
[ -n "${LIST_TOKEN:-}" ] && echo "::add-mask::$(escape_data "$LIST_TOKEN")"
[ -n "${FINGERPRINT_SALT:-}" ] && echo "::add-mask::$(escape_data "$FINGERPRINT_SALT")"
[ -n "${REGISTRY_PASSWORD:-}" ] && echo "::add-mask::$(escape_data "$REGISTRY_PASSWORD")"
[ -n "${SIGNING_KEY:-}" ] && while IFS= read -r line; do [ -n "$line" ] && echo "::add-mask::$line"; done <<< "$SIGNING_KEY"

output_dir="${RUNNER_TEMP:?RUNNER_TEMP is not set}/imagegate/output"
mkdir -p "$output_dir"

args=(run "$INPUT_TEMPLATE" --signing "$signing" --output-dir "$output_dir")
while IFS= read -r line; do
  line=${line%$'\r'}
  [ -z "${line//[[:space:]]/}" ] && continue
  [[ "$line" == *=* ]] || fail "vars: '$line' is not KEY=VALUE"
  args+=(--var "$line")
done <<< "${INPUT_VARS:-}"
while IFS= read -r line; do
  line=${line%$'\r'}
  [ -z "${line//[[:space:]]/}" ] && continue
  args+=(--var-file "$line")
done <<< "${INPUT_VAR_FILE:-}"
[ -n "${INPUT_IMAGE_NAME:-}" ] && args+=(--image-name "$INPUT_IMAGE_NAME")
[ -n "${INPUT_IMAGE_VERSION:-}" ] && args+=(--image-version "$INPUT_IMAGE_VERSION")
if [ -n "${INPUT_REGISTRY:-}" ]; then
  [[ "$INPUT_REGISTRY" =~ ^[A-Za-z0-9.-]+(:[0-9]+)?/[a-z0-9]+([._/-]+[a-z0-9]+)*$ ]] || fail "registry must be REGISTRY/NAMESPACE (e.g. ghcr.io/OWNER, lower case), not '$INPUT_REGISTRY'"
  args+=(--registry "$INPUT_REGISTRY")
fi
if [ -n "${INPUT_IMAGE_URI:-}" ]; then
  [[ "$INPUT_IMAGE_URI" =~ ^https?://[^[:space:]]+$ ]] || fail "image-uri must be an http(s) URL"
fi
if [ -n "${INPUT_LIST_REPOSITORY:-}" ]; then
  [[ "$INPUT_LIST_REPOSITORY" =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]] || fail "list-repository must be OWNER/NAME, not '$INPUT_LIST_REPOSITORY'"
  # an endorsement needs a download location: checked here, before anything is built
  [ -n "${INPUT_IMAGE_URI:-}" ] || [ -n "${INPUT_REGISTRY:-}" ] || fail "list-repository needs image-uri: the address where sites will download the image (the endorsed list records it; a list without it is refused by every site), or registry: REGISTRY/NAMESPACE to push the image to (e.g. ghcr.io/OWNER), recorded as its oci location"
  args+=(--list-repo "${GITHUB_SERVER_URL:-https://github.com}/$INPUT_LIST_REPOSITORY.git" --github-repository "$INPUT_LIST_REPOSITORY")
  [ -n "${INPUT_IMAGE_URI:-}" ] && args+=(--uri "$INPUT_IMAGE_URI")
  [ -n "${GITHUB_API_URL:-}" ] && args+=(--github-api-url "$GITHUB_API_URL")
fi
[ -n "${INPUT_POLICY:-}" ] && args+=(--policy "$INPUT_POLICY")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
is_true "${INPUT_DRY_RUN:-false}" && args+=(--dry-run)

if [ -n "${SIGNING_KEY:-}" ]; then
  key_file="$RUNNER_TEMP/imagegate/signing-key.pem"
  (umask 077 && printf '%s\n' "$SIGNING_KEY" > "$key_file")
  trap 'rm -f "$key_file"' EXIT
  args+=(--key "$key_file")
fi
unset SIGNING_KEY
if [ -n "${FINGERPRINT_SALT:-}" ]; then
  export IMAGEGATE_SCAN__FINGERPRINT_SALT="$FINGERPRINT_SALT"
else
  echo "::warning::no fingerprint-salt: the findings' fingerprints use ImageGate's public default salt, so anyone who reads the report can test a guessed secret against them. Keep a private salt as a repository secret and pass it as the fingerprint-salt input (docs/action.md)."
fi
unset FINGERPRINT_SALT
if [ -n "${LIST_TOKEN:-}" ]; then export GITHUB_TOKEN="$LIST_TOKEN"; fi
unset LIST_TOKEN
# Registry credentials reach imagegate through its environment (IMAGEGATE_… names, which Packer never sees), never as arguments.
if [ -n "${REGISTRY_PASSWORD:-}" ]; then
  [ -n "${INPUT_REGISTRY:-}" ] || fail "registry-password is given but registry is not"
  user=${INPUT_REGISTRY_USERNAME:-${GITHUB_ACTOR:-}}
  [ -n "$user" ] || fail "registry-password needs registry-username"
  export IMAGEGATE_REGISTRY_USERNAME="$user" IMAGEGATE_REGISTRY_PASSWORD="$REGISTRY_PASSWORD"
elif [ -n "${INPUT_REGISTRY_USERNAME:-}" ]; then
  fail "registry-username needs registry-password (a secret, e.g. secrets.GITHUB_TOKEN for GHCR)"
fi
unset REGISTRY_PASSWORD

set_output output-dir "$output_dir"
"${IMAGEGATE:-imagegate}" "${args[@]}"
code=$?
set_output exit-code "$code"
exit "$code"
