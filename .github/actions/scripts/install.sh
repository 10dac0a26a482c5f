#!/usr/bin/env bash
# Installs the imagegate tool for the rest of the job.
#   IMAGEGATE_VERSION empty: packs src/ImageGate.Cli from the action's own source (ACTION_PATH) and installs that;
#   IMAGEGATE_VERSION set:   installs that released version of the ImageGate.Tool package.
# Inputs (env): ACTION_PATH, IMAGEGATE_VERSION, RUNNER_TEMP. Outputs: imagegate (the executable), version.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

tool_dir="${RUNNER_TEMP:?RUNNER_TEMP is not set}/imagegate/tool"
mkdir -p "$tool_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ -n "${IMAGEGATE_VERSION:-}" ]; then
  if ! [[ "$IMAGEGATE_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.+][0-9A-Za-z.-]+)?$ ]]; then
    echo "::error::imagegate-version '$(escape_data "$IMAGEGATE_VERSION")' is not a version such as 1.2.3" >&2
    exit 2
  fi
  dotnet tool install ImageGate.Tool --version "$IMAGEGATE_VERSION" --tool-path "$tool_dir"
else
  source_dir="${ACTION_PATH:?ACTION_PATH is not set}"
  package_dir="$RUNNER_TEMP/imagegate/package"
  rm -rf "$package_dir"
  dotnet pack "$source_dir/src/ImageGate.Cli/ImageGate.Cli.csproj" --configuration Release --output "$package_dir" --nologo -v quiet -nodeReuse:false
  # The outer package (ImageGate.Tool.1.2.3.nupkg), not its RID-specific ones (ImageGate.Tool.linux-x64.…, .any.…).
  package=$(find "$package_dir" -maxdepth 1 -name 'ImageGate.Tool.[0-9]*.nupkg' ! -name '*.snupkg' | head -n 1)
  [ -n "$package" ] || { echo "::error::dotnet pack made no ImageGate.Tool package" >&2; exit 3; }
  version=$(basename "$package" .nupkg); version=${version#ImageGate.Tool.}
  if [ -x "$tool_dir/imagegate" ]; then dotnet tool uninstall ImageGate.Tool --tool-path "$tool_dir" >/dev/null; fi
  dotnet tool install ImageGate.Tool --version "$version" --add-source "$package_dir" --tool-path "$tool_dir"
fi

installed=$("$tool_dir/imagegate" --version)
echo "$tool_dir" >> "${GITHUB_PATH:?GITHUB_PATH is not set}"
set_output imagegate "$tool_dir/imagegate"
set_output version "$installed"
echo "imagegate $installed installed in $tool_dir"
