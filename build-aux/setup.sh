#!/usr/bin/env bash
# The README's set-up command: dependencies, build, install, then the VGG19
# weights (where the network allows).
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

bash build-aux/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
$sudo meson install -C build --no-rebuild

if neural-style-fetch-weights; then
  echo "Ready: neural-style photo.jpg painting.jpg -o result.png"
else
  echo "Built and installed, but the weights could not be downloaded here." >&2
  echo "Run neural-style-fetch-weights where the network allows, or see README.md (Weights)." >&2
fi
