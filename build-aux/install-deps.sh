#!/usr/bin/env bash
# Installs the build and test dependencies from Debian 12's packages.
set -euo pipefail
packages=(
  build-essential meson ninja-build pkg-config cmake
  libtorch-dev            # LibTorch 1.13 (CPU); -Dlibtorch_dir= selects another
  libopenblas0-pthread    # libblas.so.3 as OpenBLAS, not the reference BLAS (10x faster torch::mm)
  python3-torch           # PyTorch 1.13 for the benchmark's reference (tests/bench/reference.py)
  libglib2.0-dev nlohmann-json3-dev
  libgegl-dev libbabl-dev # image files for the command-line tool
  libgimp2.0-dev gettext  # the GIMP 2.10 plug-in and its translations
  gimp                    # gimp-console-2.10 for the plug-in's end-to-end tests
  libgtest-dev            # tests
  curl ca-certificates    # neural-style-fetch-weights
  python3                 # meson
  zlib1g-dev              # CRC-32 of the .pth zip records
  libpng-dev libjpeg-dev  # strict PNG and JPEG decoding (core/imageio)
  clang-14 libclang-rt-14-dev  # libFuzzer and the sanitizers (build-aux/fuzz.sh)
  mmdebstrap              # the Debian 13 root for the GIMP 3 tests (build-aux/debian13-root.sh)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
