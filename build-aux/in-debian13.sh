#!/usr/bin/env bash
# Runs CMD... as root inside the Debian 13 root (build-aux/debian13-root.sh)
# with the source tree at /src, the shared folder beside it (weights and
# images for the tests) read-only at /shared, /proc, /dev, a tmpfs /tmp and
# no network. Everything runs in its own mount, PID and network namespaces,
# so the mounts and every process end with the command, even when it fails
# or is killed.
#   DEBIAN13_VARIANT, DEBIAN13_ROOT  which root (build-aux/debian13-variant.sh;
#                  default the cpu one, build-debian13/root)
set -euo pipefail

die() { echo "in-debian13: $*" >&2; exit 1; }

if [ "${NS_IN_DEBIAN13_NAMESPACE:-}" != 1 ]; then
  [ $# -gt 0 ] || die "usage: build-aux/in-debian13.sh CMD [ARG...]"
  [ "$(id -u)" -eq 0 ] || die "must run as root (chroot and mounts)"
  src=$(cd "$(dirname "$0")/.." && pwd)
  root=$(cd "$src" && source build-aux/debian13-variant.sh && realpath -m "$root")
  [ -f "$root/.neural-style-root" ] || die "no complete Debian 13 root at $root: run build-aux/debian13-root.sh first (with the same DEBIAN13_VARIANT)"
  # The working folder, when inside the tree, is the same folder under /src.
  here=$(pwd)
  case "$here/" in
    "$src"/*) workdir="/src${here#"$src"}" ;;
    *) workdir=/src ;;
  esac
  export NS_IN_DEBIAN13_NAMESPACE=1 NS_SRC="$src" NS_ROOT="$root" NS_WORKDIR="$workdir"
  exec unshare --mount --propagation private --net --pid --fork --kill-child -- "$0" "$@"
fi

# From here on: inside the new namespaces.
src=$NS_SRC
root=$NS_ROOT
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() {  # bind SOURCE TARGET [ro]
  mkdir -p "$2"
  mount --rbind "$1" "$2" || die "cannot bind $1 at $2"
  mounted+=("$2")
  if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2" || die "cannot make $2 read-only"; fi
}

bind "$src" "$root/src"
shared=$(realpath -m "$src/../shared")
[ -d "$shared" ] && bind "$shared" "$root/shared" ro
mount -t proc proc "$root/proc" || die "cannot mount /proc"
mounted+=("$root/proc")
bind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp" || die "cannot mount a tmpfs at /tmp"
mounted+=("$root/tmp")
# Loopback only: some tools want a working localhost.
ip link set lo up 2>/dev/null || true

unset NS_IN_DEBIAN13_NAMESPACE NS_SRC NS_ROOT
workdir=$NS_WORKDIR
unset NS_WORKDIR
# A clean environment: nothing of the host's paths or settings leaks in.
chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  LANG=C.UTF-8 TERM="${TERM:-dumb}" /bin/sh -c 'cd "$0" && exec "$@"' "$workdir" "$@"
