#!/usr/bin/env bash
# Makes docs/full-size/detail-layers-*.jpg: the shared Golden Gate photo
# with The Scream at its own size (1280 px: coarse to fine up to 640 px,
# then one detail stage), the detail stage run with the job's own layers and
# with the layers to conv3_1 (the default), side by side whole and in two
# 1:1 crops beside the photo. The job times and losses come from
# neural-style-bench --compare detail-layers (printed here, recorded in
# docs/full-resolution.md). Needs ../shared (skips, saying so, without it)
# and Pillow (python3-pil).
#   build-aux/detail-layers-crops.sh [BUILDDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=$(realpath -m ../shared)
photo=$shared/images/photo_golden_gate_pexels_cc0.jpg
painting=$shared/images/munch_the_scream_1893.jpg
weights=$shared/weights/vgg19-caffe-conv.safetensors
if [ ! -f "$weights" ] || [ ! -f "$photo" ] || [ ! -f "$painting" ]; then
  echo "detail-layers-crops: skipped, no $weights, $photo or $painting" >&2
  exit 0
fi
python=/usr/bin/python3
$python -c 'import PIL' 2>/dev/null || { echo "detail-layers-crops: needs python3-pil" >&2; exit 1; }
out=docs/full-size
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/core/neural-style-bench" --weights "$weights" --sizes 64 --iterations 2 --warmup 0 --no-reference \
  --compare detail-layers --content "$photo" --style "$painting" --compare-size 1280 --compare-iterations 40 \
  --compare-images "$work" | sed -n '/^### Detail stages/,$p'
$python - "$work" "$out" "$photo" <<'PY'
import sys
from PIL import Image
work, out, photo = sys.argv[1:4]
own = Image.open(f"{work}/detail-layers-own.png").convert("RGB")
shallow = Image.open(f"{work}/detail-layers-conv3_1.png").convert("RGB")
source = Image.open(photo).convert("RGB").resize(own.size, Image.BICUBIC)
w, h = own.size
gap = 6
# The tower and its cables; the sea below the cliff.
for name, box in (("cables", (560, 60, 944, 316)),
                  ("surf", (w // 2 + w // 8, h // 2 + 40, w // 2 + w // 8 + 384, h // 2 + 296))):
    row = Image.new("RGB", (3 * 384 + 2 * gap, 256), "white")
    for i, image in enumerate((source, own, shallow)):
        row.paste(image.crop(box), (i * (384 + gap), 0))
    row.save(f"{out}/detail-layers-{name}.jpg", quality=90)
    print(f"{name}: crop box {box} of {w}x{h}")
pair = Image.new("RGB", (2 * w + gap, h), "white")
pair.paste(own, (0, 0))
pair.paste(shallow, (w + gap, 0))
pair.thumbnail((2 * 768 + gap, h))
pair.save(f"{out}/detail-layers-whole.jpg", quality=88)
PY
