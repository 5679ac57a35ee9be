// Neural Style: the one header a host (the GIMP plug-in, the CLI) includes.
#pragma once

#include "neural_style/errors.h"
#include "neural_style/image.h"
#include "neural_style/options.h"
#include "neural_style/style_size.h"
#include "neural_style/stylizer.h"
