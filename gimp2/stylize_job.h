// GIMP 2.10's side of a run of the filter (see filter_job.h): the image
// access of the FilterHost interface, on GIMP 2.10's integer IDs.
#pragma once

#include <libgimp/gimp.h>

#include "gimp_host_base.h"

namespace neural_style_plugin {

class Gimp2Host final : public GimpHostBase<gint32> {
 public:
  Gimp2Host(gint32 image, gint32 drawable) : GimpHostBase(image), drawable_(drawable) {}

  LayerPixels read_source() override;
  StyleSource read_style_layer(int id, int longest_side) override;
  void insert_result(const std::string& name, const neural_style::Image& result, const LayerShape& source) override;

  gint32 result_layer() const { return result_; }

 private:
  gint32 drawable_;
  gint32 result_ = -1;
};

// The whole job (filter_job.h's stylize()) on `drawable`; returns the new
// layer's ID.
gint32 stylize_layer(gint32 image, gint32 drawable, const FilterSettings& settings);

}  // namespace neural_style_plugin
