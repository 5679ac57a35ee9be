// The dialogs' live preview drawn with libgimpui widgets that read the same
// in GIMP 2.10 (GTK 2) and GIMP 3 (GTK 3): a GimpPreviewArea and two
// labels. Header-only, compiled in each adapter against its own libgimpui.
#pragma once

#include <libgimp/gimpui.h>

#include <string>
#include <vector>

#include "live_preview.h"

namespace neural_style_plugin {

class PreviewAreaView final : public PreviewView {
 public:
  static constexpr int side = LivePreview::side;

  GtkWidget* preview = nullptr;   // a GimpPreviewArea, side x side: framed_preview() makes it
  GtkWidget* status = nullptr;    // a GtkLabel
  GtkWidget* estimate = nullptr;  // a GtkLabel

  // Makes `preview` and returns it in a sunken frame, to pack without
  // expanding.
  GtkWidget* framed_preview() {
    preview = gimp_preview_area_new();
    gtk_widget_set_size_request(preview, side, side);
    g_signal_connect_after(preview, "size-allocate", G_CALLBACK(+[](GtkWidget*, GtkAllocation*, gpointer view) {
                             static_cast<PreviewAreaView*>(view)->redraw();
                           }),
                           this);
    GtkWidget* frame = gtk_frame_new(nullptr);
    gtk_frame_set_shadow_type(GTK_FRAME(frame), GTK_SHADOW_IN);
    gtk_container_add(GTK_CONTAINER(frame), preview);
    return frame;
  }

  void show_image(const neural_style::Image& image) override {
    if (image.empty()) return;
    shown_ = image;
    redraw();
  }
  void show_status(const std::string& text) override { gtk_label_set_text(GTK_LABEL(status), text.c_str()); }
  void show_estimate(const std::string& text) override { gtk_label_set_text(GTK_LABEL(estimate), text.c_str()); }

  // A preview area forgets its pixels when it is given a new size: call
  // this after each allocation.
  void redraw() {
    if (shown_.empty()) return;
    const std::vector<guchar> rgb = rgb8(shown_);
    GimpPreviewArea* area = GIMP_PREVIEW_AREA(preview);
    gimp_preview_area_fill(area, 0, 0, side, side, 0x80, 0x80, 0x80);
    gimp_preview_area_draw(area, (side - shown_.width) / 2, (side - shown_.height) / 2, shown_.width, shown_.height,
                           GIMP_RGB_IMAGE, rgb.data(), shown_.width * 3);
  }

 private:
  neural_style::Image shown_;
};

}  // namespace neural_style_plugin
