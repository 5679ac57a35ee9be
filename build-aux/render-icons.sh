#!/bin/bash
# Renders icons/neural-style.svg into the committed PNG sizes. Run after
# editing the SVG; needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../icons"
for size in 16 24 32 48 64; do
  rsvg-convert -w "$size" -h "$size" neural-style.svg -o "neural-style-$size.png"
done
