// The part of a FilterHost whose libgimp calls read the same in GIMP 2.10
// and GIMP 3 (progress, undo groups, item names): header-only, compiled in
// each adapter against its own libgimp, where `Image` and `Item` are
// GIMP 2.10's integer IDs or GIMP 3's objects.
#pragma once

#include <libgimp/gimp.h>

#include <string>

#include "filter_job.h"

namespace neural_style_plugin {

template <typename Image>
class GimpHostBase : public FilterHost {
 public:
  void start(const std::string& text) override {
    gimp_progress_init(text.c_str());
    gimp_progress_pulse();
  }
  void set_text(const std::string& text) override { gimp_progress_set_text(text.c_str()); }
  void set_fraction(double fraction) override { gimp_progress_update(fraction); }
  void begin_undo_group() override { gimp_image_undo_group_start(image_); }
  void end_undo_group() override { gimp_image_undo_group_end(image_); }

 protected:
  explicit GimpHostBase(Image image) : image_(image) {}
  Image image_;
};

template <typename Item>
std::string item_name(Item item) {
  gchar* name = gimp_item_get_name(item);
  std::string result = name ? name : "";
  g_free(name);
  return result;
}

}  // namespace neural_style_plugin
