#!/usr/bin/env bash
# Installs the imagegate tool for the rest of the job.
#   IMAGEGATE_VERSION empty: packs src/ImageGate.Cli from the action's own source (ACTION_PATH) and installs that;
#   IMAGEGATE_VERSION set:   installs that released version of the ImageGate.Tool package from nuget.org.
# Nothing of the job's workspace takes part: in the list repository's jobs the workspace is the list repository,
# whose Directory.Build.rsp, NuGet.Config, global.json or Directory.Build.props would otherwise reach the build.
#   - the source is copied to a folder of this job under RUNNER_TEMP (outside the workspace) and packed there,
#     with no response files (-noAutoResponse) and only the action's own NuGet configuration (nuget.org);
#   - the package gets a version no other package has (VERSION-ci.TIMESTAMP.gCOMMIT), so only this pack can match;
#   - it is installed with a NuGet configuration that clears every other source and lists only this job's package
#     folder, into a job-unique tool folder with its own NuGet package cache.
# Inputs (env): ACTION_PATH, IMAGEGATE_VERSION, RUNNER_TEMP. Outputs: imagegate (the executable), version.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

mkdir -p "${RUNNER_TEMP:?RUNNER_TEMP is not set}/imagegate"
job_dir=$(mktemp -d "$RUNNER_TEMP/imagegate/install.XXXXXXXX")
tool_dir="$job_dir/tool"
mkdir -p "$tool_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# the build restores its dependencies into the usual cache (NuGet checks them against their content hashes);
# the tool is installed through this job's own package cache, so no ImageGate.Tool of an earlier job can be reused
build_packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
export NUGET_PACKAGES="$job_dir/nuget-packages"
cd "$job_dir"

# nuget_config FILE SOURCE...: a NuGet configuration with only these sources (<clear/> drops every inherited one).
nuget_config() {
  local file=$1; shift
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<configuration>'
    echo '  <packageSources>'
    echo '    <clear />'
    local i=0 s
    for s in "$@"; do
      s=${s//&/&amp;}; s=${s//</&lt;}; s=${s//>/&gt;}; s=${s//\"/&quot;}
      echo "    <add key=\"source$i\" value=\"$s\" />"
      i=$((i + 1))
    done
    echo '  </packageSources>'
    echo '  <disabledPackageSources><clear /></disabledPackageSources>'
    echo '  <packageSourceMapping><clear /></packageSourceMapping>'
    echo '</configuration>'
  } > "$file"
}

if [ -n "${IMAGEGATE_VERSION:-}" ]; then
  if ! [[ "$IMAGEGATE_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.+][0-9A-Za-z.-]+)?$ ]]; then
    echo "::error::imagegate-version '$(escape_data "$IMAGEGATE_VERSION")' is not a version such as 1.2.3" >&2
    exit 2
  fi
  nuget_config "$job_dir/nuget.config" "https://api.nuget.org/v3/index.json"
  dotnet tool install ImageGate.Tool --version "$IMAGEGATE_VERSION" --tool-path "$tool_dir" --configfile "$job_dir/nuget.config"
else
  action_dir=$(cd "${ACTION_PATH:?ACTION_PATH is not set}" && pwd -P)
  source_dir="$job_dir/source"
  package_dir="$job_dir/package"
  mkdir -p "$source_dir" "$package_dir"
  # The files the pack needs, nothing of the folders around the action (a copy: MSBuild and NuGet look upwards).
  for f in global.json Directory.Build.props Directory.Packages.props .editorconfig LICENSE README.md; do
    if [ -e "$action_dir/$f" ]; then cp -p "$action_dir/$f" "$source_dir/"; fi
  done
  tar -C "$action_dir" --exclude='bin' --exclude='obj' -cf - src | tar -C "$source_dir" -xf -

  base_version=$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$source_dir/Directory.Build.props" | head -n 1)
  [[ "$base_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || base_version=0.0.0
  commit=""
  if [ "$(git -C "$action_dir" rev-parse --show-toplevel 2>/dev/null || true)" = "$action_dir" ]; then
    commit=$(git -C "$action_dir" rev-parse --short=12 HEAD 2>/dev/null || true)
  fi
  [[ "$commit" =~ ^[0-9a-f]+$ ]] || commit="local$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  version="$base_version-ci.$(date -u +%Y%m%d%H%M%S).g$commit"

  nuget_config "$job_dir/build.nuget.config" "https://api.nuget.org/v3/index.json"
  cd "$source_dir" # the SDK is the one the action's global.json names
  NUGET_PACKAGES="$build_packages" dotnet pack "$source_dir/src/ImageGate.Cli/ImageGate.Cli.csproj" --configuration Release --output "$package_dir" \
      --nologo -v quiet -nodeReuse:false -noAutoResponse \
      "-p:Version=$version" "-p:RestoreConfigFile=$job_dir/build.nuget.config"
  # The outer package (ImageGate.Tool.1.2.3.nupkg), not its RID-specific ones (ImageGate.Tool.linux-x64.…, .any.…).
  package="$package_dir/ImageGate.Tool.$version.nupkg"
  [ -f "$package" ] || { echo "::error::dotnet pack made no ImageGate.Tool $version package" >&2; exit 3; }

  nuget_config "$job_dir/nuget.config" "$package_dir"
  dotnet tool install ImageGate.Tool --version "$version" --tool-path "$tool_dir" --configfile "$job_dir/nuget.config"
fi

installed=$("$tool_dir/imagegate" --version)
if [ -z "${IMAGEGATE_VERSION:-}" ] && [ "${installed%%+*}" != "$version" ]; then
  echo "::error::the installed imagegate says it is $(escape_data "$installed"), not the $version just built" >&2
  exit 3
fi
echo "$tool_dir" >> "${GITHUB_PATH:?GITHUB_PATH is not set}"
set_output imagegate "$tool_dir/imagegate"
set_output version "$installed"
echo "imagegate $installed installed in $tool_dir"
