#!/usr/bin/env bash
# Helpers shared by the action's scripts: GitHub Actions file commands with the runner's escaping rules.

# set_output NAME VALUE: appends a step output to $GITHUB_OUTPUT (heredoc form with a random delimiter, so a
# value holding newlines or '=' cannot forge another output).
set_output() {
  local name=$1 value=$2 delimiter
  delimiter="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  case "$value" in *"$delimiter"*) echo "::error::output $name holds its own delimiter" >&2; return 1 ;; esac
  printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
}

# escape_data TEXT: escapes a workflow command's message (%, CR, LF).
escape_data() {
  local s=${1//%/%25}
  s=${s//$'\r'/%0D}
  printf '%s' "${s//$'\n'/%0A}"
}

# is_true VALUE: the action's boolean inputs ("true"/"false", any case).
is_true() {
  case "${1,,}" in true|yes|1|on) return 0 ;; *) return 1 ;; esac
}
