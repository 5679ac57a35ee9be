#!/usr/bin/env python3
"""Measures stylised results against their photo and painting, for the
figures in docs/losses.md and docs/gallery.md (a developer's tool: needs
python3-numpy and python3-pil, which the project itself does not).

  build-aux/result-metrics.py PHOTO PAINTING RESULT...

Per result:
  edges     correlation of the result's edge strength with the photo's
            (both blurred by 2 px): how readable the photo stays, 0 to 1
  colours   distance of the result's colour mean and covariance to the
            painting's (levels); the photo's own distance for comparison
  specks    % of pixels more than 60 levels away from their 5x5 median
  border    per side, the mean colour jump between the outer 6 px and the
            12 px inside them (levels): a band along a border shows here
"""
import sys

import numpy as np
from PIL import Image, ImageFilter


def load(path, size=None):
    image = Image.open(path).convert("RGB")
    return image.resize(size, Image.LANCZOS) if size else image


def edge_strength(image):
    a = np.asarray(image.filter(ImageFilter.GaussianBlur(2)), dtype=np.float64)
    y = a[..., 0] * 0.299 + a[..., 1] * 0.587 + a[..., 2] * 0.114
    return np.hypot(y[1:-1, 2:] - y[1:-1, :-2], y[2:, 1:-1] - y[:-2, 1:-1])


def border_jumps(a):
    sides = {"right": (a[:, -6:], a[:, -18:-6], 1), "left": (a[:, :6], a[:, 6:18], 1),
             "top": (a[:6], a[6:18], 0), "bottom": (a[-6:], a[-18:-6], 0)}
    return {k: np.abs(o.mean(axis=ax) - i.mean(axis=ax)).mean() for k, (o, i, ax) in sides.items()}


def specks(a):
    median = np.asarray(Image.fromarray(a.astype(np.uint8)).filter(ImageFilter.MedianFilter(5)), dtype=np.float64)
    return (np.abs(a - median).max(axis=2) > 60).mean() * 100


def colour_distance(a, b):
    x, y = a.reshape(-1, 3), b.reshape(-1, 3)
    return np.linalg.norm(x.mean(0) - y.mean(0)) + np.linalg.norm(np.cov(x.T) - np.cov(y.T)) ** 0.5


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    photo, painting = sys.argv[1], sys.argv[2]
    style = np.asarray(load(painting, (256, 256)), dtype=np.float64)
    for path in sys.argv[3:]:
        result = load(path)
        a = np.asarray(result, dtype=np.float64)
        p = np.asarray(load(photo, result.size), dtype=np.float64)
        edges = np.corrcoef(edge_strength(result).ravel(), edge_strength(load(photo, result.size)).ravel())[0, 1]
        jumps = " ".join(f"{k} {v:.1f}" for k, v in border_jumps(a).items())
        print(f"{path}: edges {edges:.3f}  colours {colour_distance(a, style):.1f} (photo {colour_distance(p, style):.1f})"
              f"  specks {specks(a):.3f}%  border {jumps}")


if __name__ == "__main__":
    main()
