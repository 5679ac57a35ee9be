// GIMP 3's side of a run of the filter (see filter_job.h): the image access
// of the FilterHost interface, on GIMP 3's objects and GEGL buffers (any
// precision).
#pragma once

#include <libgimp/gimp.h>

#include "gimp_host_base.h"

namespace neural_style_plugin {

class Gimp3Host final : public GimpHostBase<GimpImage*> {
 public:
  Gimp3Host(GimpImage* image, GimpDrawable* drawable) : GimpHostBase(image), drawable_(drawable) {}

  LayerPixels read_source() override;
  StyleSource read_style_layer(int id, int longest_side) override;
  void insert_result(const std::string& name, const neural_style::Image& result, const LayerShape& source) override;

  GimpLayer* result_layer() const { return result_; }

 private:
  GimpDrawable* drawable_;
  GimpLayer* result_ = nullptr;
};

}  // namespace neural_style_plugin
