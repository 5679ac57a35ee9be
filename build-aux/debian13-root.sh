#!/usr/bin/env bash
# Creates a Debian 13 (trixie) root for building and testing against LibTorch
# 2.6, or reuses it when it is complete and holds the same package list. The
# mirror is the host's own (its apt sources), never one written here. Needs
# root and mmdebstrap.
#   DEBIAN13_VARIANT  cpu (default): GIMP 3.0 and the CPU LibTorch, the root
#                     of build-aux/test-debian13.sh;
#                     cuda: the CUDA LibTorch (libtorch-cuda-dev, contrib, with
#                     CUDA 12.4 from non-free) and nvcc, for building against
#                     CUDA without a GPU (see "cuda" below)
#   DEBIAN13_ROOT     where the root goes (default build-debian13/root for
#                     cpu, build-debian13-cuda/root for cuda)
set -euo pipefail
cd "$(dirname "$0")/.."
source build-aux/debian13-variant.sh

suite=trixie
components=main,contrib,non-free
packages=(
  g++ meson ninja-build pkg-config cmake python3
  libglib2.0-dev nlohmann-json3-dev zlib1g-dev
  libgegl-dev libbabl-dev           # image files for the command-line tool
  libgimp-3.0-dev gettext           # the GIMP 3 plug-in (and its engine module) and translations
  libgtest-dev                      # tests
  curl ca-certificates              # the fetch-script test
  libopenblas0-pthread              # libblas.so.3: OpenBLAS, not the reference BLAS (docs/benchmarks.md)
)
generated_locales=()
local_debs=()
case $variant in
  cpu)
    packages+=(
      libtorch-dev                      # LibTorch 2.6 (CPU)
      gimp                              # gimp-console-3.0 for the plug-in's tests
      xvfb xauth xdotool x11-apps netpbm # screenshots of the dialog
      locales                           # the translation tests (see below)
    )
    # Debian 13's glibc ignores LANGUAGE in the C.UTF-8 locale (Debian 12's does not): the
    # translation tests run in real French and German locales.
    generated_locales=(fr_FR.UTF-8 de_DE.UTF-8)
    ;;
  cuda)
    packages+=(
      libtorch-cuda-dev                 # LibTorch 2.6 with CUDA 12.4 (conflicts with libtorch-dev)
      nvidia-cuda-toolkit               # nvcc: TorchConfig.cmake's CUDA LibTorch looks for it
    )
    ;;
esac

die() { echo "debian13-root: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (the root's files belong to root)"
command -v mmdebstrap >/dev/null || die "mmdebstrap is missing: apt-get install mmdebstrap"

# cuda: libtorch-cuda-2.6 depends on nvidia-cudnn, an installer package that
# downloads cuDNN from NVIDIA when it is configured. A local package of the
# same name and a higher version stands in for it, so the root is made from
# the Debian mirror alone. It installs nothing: libcudnn.so.9 is absent, the
# build links with -Wl,--allow-shlib-undefined (build-aux/test-debian13.sh),
# and nothing here can run on a GPU.
cudnn_standin_control="Package: nvidia-cudnn
Version: 9.0.0.312~cuda12+neuralstyle.standin1
Architecture: amd64
Maintainer: Neural Style build scripts <root@localhost>
Provides: libcudnn.so.9
Section: contrib/libs
Priority: optional
Description: stand-in for NVIDIA's cuDNN installer (installs nothing)
 Made by build-aux/debian13-root.sh so that libtorch-cuda-dev installs
 without downloading cuDNN from NVIDIA. libcudnn.so.9 is not installed."
[ "$variant" = cuda ] && local_debs=(nvidia-cudnn)

# The stamp records what the root was made from, so a changed list rebuilds it.
stamp_lines=("suite=$suite" "components=$components" "${packages[@]}" "${generated_locales[@]/#/locale=}")
[ ${#local_debs[@]} -eq 0 ] || stamp_lines+=("local-deb=$(printf '%s' "$cudnn_standin_control" | sha256sum | cut -c1-16)")
stamp_text=$(printf '%s\n' "${stamp_lines[@]}" | sort)
stamp="$root/.neural-style-root"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ]; then
  echo "debian13-root: reusing $root"
  exit 0
fi

# The first deb822 stanza of the host's sources that is not the security
# archive names the mirror.
mirror=$(awk '
  /^[[:space:]]*$/ { if (uri != "" && !security) { print uri; exit } uri = ""; security = 0; next }
  /^URIs:/ { uri = $2 }
  /^Suites:/ && /-security/ { security = 1 }
  END { if (uri != "" && !security) print uri }' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || die "no Debian mirror in /etc/apt/sources.list.d/debian.sources (URIs:)"

partial="$root.partial"
debs="$root.local-debs"
cleanup() {
  # mmdebstrap unmounts what it mounted; this catches an interrupted run.
  if [ -d "$partial" ]; then
    findmnt -rn -o TARGET | grep -F "$(realpath "$partial")" | sort -r | xargs -r -n 1 umount -l || true
    rm -rf --one-file-system "$partial"
  fi
  rm -rf "$debs"
}
trap cleanup EXIT

for dir in "$root" "$partial"; do
  if [ -e "$dir" ] && findmnt -rn -o TARGET | grep -qF "$(realpath "$dir")/"; then
    die "$dir has mounts in use (a run of in-debian13.sh?); not replacing it"
  fi
done
rm -rf --one-file-system "$partial" "$root" "$debs"
mkdir -p "$(dirname "$root")"

include=$(IFS=,; echo "${packages[*]}")
extra=()
if [ ${#local_debs[@]} -gt 0 ]; then
  mkdir -p "$debs/nvidia-cudnn/DEBIAN" "$debs/nvidia-cudnn/usr/share/doc/nvidia-cudnn"
  printf '%s\n' "$cudnn_standin_control" >"$debs/nvidia-cudnn/DEBIAN/control"
  printf '%s\n' "$cudnn_standin_control" | sed -n 's/^ //p' >"$debs/nvidia-cudnn/usr/share/doc/nvidia-cudnn/README"
  dpkg-deb --root-owner-group --build "$debs/nvidia-cudnn" "$debs/nvidia-cudnn.deb" >/dev/null
  # A path in --include installs that file; the hook makes it visible to dpkg in the root.
  extra=(--include="$(realpath "$debs/nvidia-cudnn.deb")"
    --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount)
fi
locale_hook=()
if [ ${#generated_locales[@]} -gt 0 ]; then
  locale_hook=(--customize-hook='printf "%s UTF-8\n" '"${generated_locales[*]}"' >"$1/etc/locale.gen" && chroot "$1" locale-gen')
fi

echo "debian13-root: creating $root ($variant: $suite from $mirror)"
start=$(date +%s)
mmdebstrap --variant=apt --components="$components" --include="$include" "${extra[@]}" \
  --aptopt='Acquire::Retries "3"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  "${locale_hook[@]}" \
  "$suite" "$partial" "$mirror" || die "mmdebstrap failed (see above)"
printf '%s\n' "$stamp_text" >"$partial/.neural-style-root"
mv "$partial" "$root"
echo "debian13-root: $root ready in $(($(date +%s) - start)) s ($(du -sh --one-file-system "$root" | cut -f1))"
