// Neural Style: the size a job uses a style image at. Public and tensor-free
// so that a host can read a large painting once at that size instead of
// holding every pixel of it through the job (a 100-megapixel scan is 1.2 GB
// as an Image).
#pragma once

#include <utility>

#include "neural_style/image.h"
#include "neural_style/options.h"

namespace neural_style {

// The size (width, height) a scale of scale_width x scale_height resizes a
// style image of style_width x style_height to, before its edges are
// trimmed: its longest side becomes Options::style_scale times the scale's
// longest side, but above the detail size it is not enlarged past its own
// resolution (an enlarged painting has no finer strokes to give).
std::pair<int, int> style_size_at_scale(int scale_width, int scale_height, int style_width, int style_height,
                                        const Options& options);

// The longest side any scale of the job for a content image of
// content_width x content_height uses a style image at, at most:
// style_scale times the longest side of the job's result. A style image
// longer than this is resized down by every scale before it is used.
int style_longest_side(int content_width, int content_height, const Options& options);

// `style`, made smaller (averaged over the pixels each new one covers, as
// the engine makes an image smaller) so that its longest side is at most
// `longest_side` (style_longest_side() of the job); returned as it is when
// it is not longer, or when longest_side is 0. The job then resizes it to the same size at every
// scale, and the engine shrinks a style image given larger in the same way
// first, so a host that shrinks it gets the same result with less memory.
Image fit_style_image(Image style, int longest_side);

// The size fit_style_image() gives an image of width x height.
std::pair<int, int> fitted_style_size(int width, int height, int longest_side);

// `image` averaged down to width x height (each at most the image's own):
// output pixel i covers input pixels floor(i·in/out) to ceil((i+1)·in/out),
// torch's adaptive average pooling.
Image shrink_image(const Image& image, int width, int height);

}  // namespace neural_style
