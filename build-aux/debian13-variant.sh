# shellcheck shell=bash disable=SC2034
# Sourced by the Debian 13 scripts: the variant of the root (DEBIAN13_VARIANT,
# cpu or cuda; see build-aux/debian13-root.sh) and its folders:
#   root      DEBIAN13_ROOT, default build-debian13/root or build-debian13-cuda/root
#   builddir  DEBIAN13_BUILDDIR, default build-debian13/build or build-debian13-cuda/build
#   variant_junit_logs  the results a run of the variant leaves in builddir
#             (build-aux/debian13-build.sh): meson's, and cuda's build checks
variant=${DEBIAN13_VARIANT:-cpu}
case $variant in
  cpu) variant_dir=build-debian13 ;;
  cuda) variant_dir=build-debian13-cuda ;;
  *) echo "DEBIAN13_VARIANT must be cpu or cuda, not \"$variant\"" >&2; exit 2 ;;
esac
root=${DEBIAN13_ROOT:-$variant_dir/root}
builddir=${DEBIAN13_BUILDDIR:-$variant_dir/build}
variant_junit_logs=("$builddir/meson-logs/testlog.junit.xml")
if [ "$variant" = cuda ]; then variant_junit_logs+=("$builddir/meson-logs/cuda-build.junit.xml"); fi
