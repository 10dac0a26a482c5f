#!/usr/bin/env bash
# Prints the src project dependency graph (Mermaid) from the csproj ProjectReferences, for docs/architecture.md.
# Usage: build/project-graph.sh   (run from anywhere; reads src/*/*.csproj)
set -euo pipefail
cd "$(dirname "$0")/.."
echo '```mermaid'
echo 'graph TD'
for csproj in src/*/*.csproj; do
  project=$(basename "$csproj" .csproj)
  short=${project#ImageGate.}
  refs=$(grep -o 'ProjectReference Include="[^"]*"' "$csproj" | sed -E 's#.*/(ImageGate\.)?([A-Za-z]+)\.csproj"#\2#' | sort || true)
  if [ -z "$refs" ]; then echo "  $short"; fi
  for ref in $refs; do echo "  $short --> $ref"; done
done
echo '```'
