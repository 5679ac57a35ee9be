// The style image's file button, the same in GIMP 2.10 (GTK 2) and GIMP 3
// (GTK 3): a file chooser button that lists image files and shows a
// thumbnail of the one under the cursor. Header-only, compiled in each
// adapter against its own GTK.
#pragma once

#include <gtk/gtk.h>

#include <string>

namespace neural_style_plugin {

// `title` names the chooser window; `images` the filter's name; `current`
// ("" for none) is shown first.
inline GtkWidget* image_file_button(const char* title, const char* images, const std::string& current) {
  GtkWidget* button = gtk_file_chooser_button_new(title, GTK_FILE_CHOOSER_ACTION_OPEN);
  GtkFileChooser* chooser = GTK_FILE_CHOOSER(button);
  GtkFileFilter* filter = gtk_file_filter_new();
  gtk_file_filter_set_name(filter, images);
  gtk_file_filter_add_pixbuf_formats(filter);
  gtk_file_chooser_add_filter(chooser, filter);
  GtkWidget* thumbnail = gtk_image_new();
  gtk_file_chooser_set_preview_widget(chooser, thumbnail);
  g_signal_connect(button, "update-preview", G_CALLBACK(+[](GtkFileChooser* self, gpointer image) {
                     gchar* path = gtk_file_chooser_get_preview_filename(self);
                     GdkPixbuf* pixbuf = path ? gdk_pixbuf_new_from_file_at_size(path, 128, 128, nullptr) : nullptr;
                     g_free(path);
                     gtk_image_set_from_pixbuf(GTK_IMAGE(image), pixbuf);
                     if (pixbuf) g_object_unref(pixbuf);
                     gtk_file_chooser_set_preview_widget_active(self, pixbuf != nullptr);
                   }),
                   thumbnail);
  if (!current.empty()) gtk_file_chooser_set_filename(chooser, current.c_str());
  return button;
}

}  // namespace neural_style_plugin
