#!/usr/bin/env bash
# Makes docs/full-size/*.jpg: one shared photo stylised at its own size
# ("Full layer size", --size 0) beside the same job solved at 1024 px
# ("High", the largest working size) and enlarged to the photo's size with
# cubic interpolation (what GIMP does to a result below the layer's size),
# the whole results and two crops of each at 1:1. Needs ../shared (skips,
# saying so, without it) and Pillow (python3-pil) for the enlargement and
# the crops.
#   build-aux/detail-crops.sh [BUILDDIR] [PHOTO] [PAINTING] [WORKING]
# WORKING below 1024 solves both at that size first (--detail-size for the
# full-size job), so a photo of ours shows the ratio a camera photo has to
# 1024 px: 320 is 4x for the 1280 px Golden Gate photo, as 1024 px is for
# 4000 x 3000. Those pictures are named at-WORKINGpx-*.jpg.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=$(realpath -m ../shared)
photo=${2:-$shared/images/photo_golden_gate_pexels_cc0.jpg}
painting=${3:-$shared/images/munch_the_scream_1893.jpg}
weights=$shared/weights/vgg19-caffe-conv.safetensors
working=${4:-1024}
prefix=${4:+at-${4}px-}
if [ ! -f "$weights" ] || [ ! -f "$photo" ] || [ ! -f "$painting" ]; then
  echo "detail-crops: skipped, no $weights, $photo or $painting" >&2
  exit 0
fi
python=/usr/bin/python3
$python -c 'import PIL' 2>/dev/null || { echo "detail-crops: needs python3-pil" >&2; exit 1; }
out=docs/full-size
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {  # run NAME ARGS...: a result and its time
  local name=$1 start
  shift
  start=$(date +%s)
  /usr/bin/time -f "%M" -o "$work/$name.rss" "$build/core/neural-style" "$photo" "$painting" \
    -o "$work/$name.png" --weights "$weights" -q "$@"
  echo "$name: $(($(date +%s) - start)) s, peak RSS $(($(cat "$work/$name.rss") / 1024)) MB"
}
run full --size 0 --detail-size "$working"
run high --size "$working"
$python - "$work" "$out" "$photo" "$prefix" <<'PY'
import sys
from PIL import Image
work, out, photo, prefix = sys.argv[1:5]
full = Image.open(f"{work}/full.png").convert("RGB")
enlarged = Image.open(f"{work}/high.png").convert("RGB").resize(full.size, Image.BICUBIC)
enlarged.save(f"{work}/enlarged.png")
source = Image.open(photo).convert("RGB").resize(full.size, Image.BICUBIC)
w, h = full.size
gap = 6
# The same 1:1 crops of each: the middle of the photo's right half, and
# its upper left (the Golden Gate photo's cables and sky).
for name, box in (("crops", (w // 2 + w // 8, h // 3, w // 2 + w // 8 + 384, h // 3 + 256)),
                  ("crops-cables", (w // 2 - 80, h // 10, w // 2 + 304, h // 10 + 256))):
    row = Image.new("RGB", (3 * 384 + 2 * gap, 256), "white")
    for i, image in enumerate((source, enlarged, full)):
        row.paste(image.crop(box), (i * (384 + gap), 0))
    row.save(f"{out}/{prefix}{name}.jpg", quality=90)
    print(f"{name}: crop box {box} of {w}x{h}")
pair = Image.new("RGB", (2 * w + gap, h), "white")
pair.paste(enlarged, (0, 0))
pair.paste(full, (w + gap, 0))
pair.thumbnail((2 * 768 + gap, h))
pair.save(f"{out}/{prefix}whole.jpg", quality=88)
PY
# How readable the photo stays in each (edges), when numpy is there.
if $python -c 'import numpy' 2>/dev/null; then
  $python build-aux/result-metrics.py "$photo" "$painting" "$work/enlarged.png" "$work/full.png" | sed "s|$work/||"
fi
