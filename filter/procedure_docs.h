// The PDB procedure's documentation, the same in every GIMP: what it does,
// its menu entry, and each filter argument's name and description (English,
// as GIMP's own procedures are). Each adapter adds how its GIMP encodes an
// argument (2.10: integer codes; 3: choices, files).
#pragma once

namespace neural_style_plugin::procedure_docs {

extern const char* const blurb;  // marked for translation (N_)
extern const char* const help;
extern const char* const authors;
extern const char* const date;
extern const char* const menu_label;  // marked for translation (N_)
extern const char* const menu_path;
extern const char* const image_types;

// The filter's arguments, in the PDB's order after the image and drawable.
enum Argument {
  style_file,
  style_drawable,
  style_strength,
  content_weight,
  smoothness,
  iterations,
  size,
  optimizer,
  init,
  keep_colors,
  style_scale,
  multiscale,
  seed,
  device,
  weights_file,
  argument_count,
};

struct ArgumentDoc {
  const char* name;
  const char* label;  // for GIMP 3's generated dialog (N_)
  const char* description;
};
extern const ArgumentDoc arguments[argument_count];

}  // namespace neural_style_plugin::procedure_docs
