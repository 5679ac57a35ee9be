#!/usr/bin/env bash
# Creates a Debian 13 (trixie) root for building and testing against GIMP 3.0
# and LibTorch 2.6, or reuses it when it is complete and holds the same
# package list. The mirror is the host's own (its apt sources), never one
# written here. Needs root and mmdebstrap.
#   DEBIAN13_ROOT  where the root goes (default build-debian13/root)
set -euo pipefail
cd "$(dirname "$0")/.."

root=${DEBIAN13_ROOT:-build-debian13/root}
suite=trixie
components=main,contrib,non-free
packages=(
  g++ meson ninja-build pkg-config cmake python3
  libtorch-dev                      # LibTorch 2.6 (CPU)
  libglib2.0-dev nlohmann-json3-dev zlib1g-dev
  libgegl-dev libbabl-dev           # image files for the command-line tool
  gimp libgimp-3.0-dev gettext      # the GIMP 3 plug-in, its tests and translations
  libgtest-dev                      # tests
  curl ca-certificates              # the fetch-script test
  xvfb xauth xdotool x11-apps netpbm # screenshots of the dialog
  locales                           # the translation tests (see below)
)
# Debian 13's glibc ignores LANGUAGE in the C.UTF-8 locale (Debian 12's does not): the
# translation tests run in real French and German locales.
generated_locales=(fr_FR.UTF-8 de_DE.UTF-8)

die() { echo "debian13-root: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (the root's files belong to root)"
command -v mmdebstrap >/dev/null || die "mmdebstrap is missing: apt-get install mmdebstrap"

# The stamp records what the root was made from, so a changed list rebuilds it.
stamp_text=$(printf '%s\n' "suite=$suite" "components=$components" "${packages[@]}" \
  "${generated_locales[@]/#/locale=}" | sort)
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
cleanup() {
  # mmdebstrap unmounts what it mounted; this catches an interrupted run.
  if [ -d "$partial" ]; then
    findmnt -rn -o TARGET | grep -F "$(realpath "$partial")" | sort -r | xargs -r -n 1 umount -l || true
    rm -rf --one-file-system "$partial"
  fi
}
trap cleanup EXIT

for dir in "$root" "$partial"; do
  if [ -e "$dir" ] && findmnt -rn -o TARGET | grep -qF "$(realpath "$dir")/"; then
    die "$dir has mounts in use (a run of in-debian13.sh?); not replacing it"
  fi
done
rm -rf --one-file-system "$partial" "$root"
mkdir -p "$(dirname "$root")"

echo "debian13-root: creating $root ($suite from $mirror)"
start=$(date +%s)
include=$(IFS=,; echo "${packages[*]}")
mmdebstrap --variant=apt --components="$components" --include="$include" \
  --aptopt='Acquire::Retries "3"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --customize-hook='printf "%s UTF-8\n" '"${generated_locales[*]}"' >"$1/etc/locale.gen" && chroot "$1" locale-gen' \
  "$suite" "$partial" "$mirror" || die "mmdebstrap failed (see above)"
printf '%s\n' "$stamp_text" >"$partial/.neural-style-root"
mv "$partial" "$root"
echo "debian13-root: $root ready in $(($(date +%s) - start)) s ($(du -sh --one-file-system "$root" | cut -f1))"
