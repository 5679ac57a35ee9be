#!/usr/bin/env bash
# Makes docs/gallery.md: every shared photo stylised with every shared
# painting at the defaults (512 px), each row "photo | painting | result",
# from ../shared/images and ../shared/weights. Skips, saying so, when they
# are missing (a fresh clone has no ../shared).
#   build-aux/gallery.sh [BUILDDIR]   (default build)
#   GALLERY_ARGS  extra neural-style options for every pair (default none)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=$(realpath -m ../shared)
weights=$shared/weights/vgg19-caffe-conv.safetensors
images=$shared/images
out=docs/gallery
if [ ! -f "$weights" ] || [ ! -d "$images" ]; then
  echo "gallery: skipped, no $weights or $images" >&2
  exit 0
fi
for tool in "$build/core/neural-style" "$build/core/neural-style-montage"; do
  [ -x "$tool" ] || { echo "gallery: $tool is missing: meson compile -C $build" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/*.jpg

photos=("$images"/photo_*.jpg)
paintings=()
for f in "$images"/*.jpg; do
  case $(basename "$f") in photo_*) ;; *) paintings+=("$f") ;; esac
done
args=(${GALLERY_ARGS:-})
{
  echo "# Gallery: the shared photos in the style of the shared paintings"
  echo
  echo "Made by \`build-aux/gallery.sh\` on $(date -u +%Y-%m-%d) ($(nproc) CPU cores, $(uname -m)): every pair at the"
  echo "defaults, \`neural-style PHOTO PAINTING -o OUT${args[*]:+ ${args[*]}}\` (512 px, coarse to fine, 40 L-BFGS iterations at"
  echo "512 px), with the weights in \`../shared/weights\`. Each row: the photo, the painting, the result."
  echo
} >"$work/gallery.md"
for photo in "${photos[@]}"; do
  for painting in "${paintings[@]}"; do
    p=$(basename "$photo" .jpg)
    p=${p#photo_}
    p=${p%_pexels_cc0}
    s=$(basename "$painting" .jpg)
    name="$p-$s"
    start=$(date +%s)
    "$build/core/neural-style" "$photo" "$painting" -o "$work/$name.png" --weights "$weights" -q "${args[@]}"
    seconds=$(($(date +%s) - start))
    "$build/core/neural-style-montage" "$out/$name.jpg" 256 "$photo" "$painting" "$work/$name.png"
    printf '## %s, %s\n\n![%s in the style of %s](gallery/%s.jpg)\n\n%s s.\n\n' \
      "$p" "$s" "$p" "$s" "$name" "$seconds" >>"$work/gallery.md"
    echo "gallery: $name in $seconds s"
  done
done
mv "$work/gallery.md" docs/gallery.md
