// What can be known about the result file before minutes of work: that it
// can be written, in a format we write, and that neither it nor a
// --save-every snapshot would overwrite one of the inputs.
#pragma once

#include <string>

#include "cli_options.h"

namespace neural_style::cli {

// Throws UsageError saying what is wrong and what to do.
void check_output_before_work(const CliOptions& options);

// OUT.png -> OUT-s<scale+1>-<iteration>.png
std::string snapshot_path(const std::string& output, int scale, int iteration);

}  // namespace neural_style::cli
