#!/usr/bin/env bash
# ./build.sh [TARGET] [cake options]   — bootstraps the machine, then runs a Cake target (default: build).
# Targets: restore, build, test, pack, install-tool, fixtures, demo, bench (see build/build.cake).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:-build}
[ $# -gt 0 ] && shift

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 CHECKPOINT_DISABLE=1

# 1. Debian packages the tools and tests need (build/apt-packages.txt), installed only when missing.
missing=()
while read -r pkg; do
  case "$pkg" in ''|'#'*) continue ;; esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < build/apt-packages.txt
if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "build.sh: run as root (or install them yourself): apt-get install ${missing[*]}" >&2; exit 2; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. npm packages used by the tests: one folder per purpose under tests/node/ (each with its package-lock.json).
for dir in tests/node/*/; do
  [ -f "$dir/package.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "build.sh: installing npm packages ($dir)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# 3. .NET local tools (Cake), then the target.
dotnet tool restore >/dev/null
exec dotnet tool run dotnet-cake build/build.cake --target="$target" "$@"
