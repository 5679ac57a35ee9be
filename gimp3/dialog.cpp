#include "dialog.h"

#include <libgimp/gimpui.h>

#include <memory>
#include <string>
#include <vector>

#include "filter_job.h"
#include "i18n.h"
#include "image_file_button.h"
#include "live_preview.h"
#include "preview_area_view.h"
#include "procedure.h"
#include "procedure_docs.h"
#include "quality_presets.h"
#include "stylize_job.h"

namespace neural_style_plugin {
namespace {

namespace docs = procedure_docs;

constexpr int preview_side = LivePreview::side;

const char* name(docs::Argument argument) {
  return docs::arguments[argument].name;
}

struct Dialog {
  GimpProcedureConfig* config = nullptr;
  GimpImage* image = nullptr;
  GimpDrawable* drawable = nullptr;
  GtkWidget* style_file = nullptr;    // the style file row: sensitive when the source is "file"
  GtkWidget* style_button = nullptr;  // its chooser button
  GtkWidget* style_layer = nullptr;   // sensitive when the source is "layer"
  bool syncing = false;               // a quality or size change being mirrored
  PreviewAreaView view;
  std::unique_ptr<LivePreview> preview;
};

neural_style::Image layer_thumbnail(GimpDrawable* drawable) {
  int width = 0;
  int height = 0;
  int bpp = 0;
  GBytes* bytes = gimp_drawable_get_thumbnail_data(drawable, preview_side, preview_side, &width, &height, &bpp);
  if (!bytes) return {};
  gsize size = 0;
  const auto* data = static_cast<const guchar*>(g_bytes_get_data(bytes, &size));
  neural_style::Image image;
  if (size >= static_cast<gsize>(width) * height * bpp) image = thumbnail_image(data, width, height, bpp);
  g_bytes_unref(bytes);
  return image;
}

// A preset sets the working size and its iterations; a size set by hand
// selects its preset, or "Custom".
void mirror_quality(Dialog* d, const char* changed) {
  if (d->syncing) return;
  d->syncing = true;
  if (g_strcmp0(changed, aux::quality) == 0) {
    const QualityChoice& choice = quality_choices()[gimp_procedure_config_get_choice_id(d->config, aux::quality)];
    if (choice.size >= 0) {
      g_object_set(d->config, name(docs::size), choice.size, name(docs::iterations), choice.iterations, nullptr);
    }
  } else if (g_strcmp0(changed, name(docs::size)) == 0) {
    int size = 0;
    g_object_get(d->config, name(docs::size), &size, nullptr);
    g_object_set(d->config, aux::quality, quality_choices()[quality_index_for_size(size)].id.c_str(), nullptr);
  }
  d->syncing = false;
}

void show_style_source(Dialog* d) {
  const bool from_file = gimp_procedure_config_get_choice_id(d->config, aux::style_source) == 0;
  gtk_widget_set_sensitive(d->style_file, from_file);
  gtk_widget_set_sensitive(d->style_layer, !from_file);
}

void show_style_file(Dialog* d);

void on_config_changed(GObject*, GParamSpec* spec, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  mirror_quality(d, spec->name);
  if (g_strcmp0(spec->name, aux::style_source) == 0) show_style_source(d);
  if (g_strcmp0(spec->name, name(docs::style_file)) == 0) show_style_file(d);
  try {
    if (d->preview) d->preview->settings_changed(dialog_settings(d->config));
  } catch (const std::exception& e) {  // a path too long for the settings
    d->view.show_status(e.what());
  }
}

// The weights file: the file arguments accept any path (so a missing file
// gets our message), and GIMP generates no widget for such an argument: an
// "open" chooser bound to the argument both ways stands in, and Automatic
// clears it (the weights are then searched for, as in 2.10).
GtkWidget* weights_row(GimpProcedureConfig* config) {
  GFile* current = nullptr;
  g_object_get(config, name(docs::weights_file), &current, nullptr);
  const char* label = _(docs::arguments[docs::weights_file].label);
  GtkWidget* chooser = gimp_file_chooser_new(GIMP_FILE_CHOOSER_ACTION_OPEN, label, label, current);
  if (current) g_object_unref(current);
  g_object_bind_property(chooser, "file", config, name(docs::weights_file), G_BINDING_BIDIRECTIONAL);
  GtkWidget* automatic = gtk_button_new_with_mnemonic(_("A_utomatic"));
  gtk_widget_set_tooltip_text(automatic, _("Search the usual places for the weights"));
  g_signal_connect(automatic, "clicked", G_CALLBACK(+[](GtkWidget*, gpointer config) {
                     g_object_set(config, name(docs::weights_file), nullptr, nullptr);
                   }),
                   config);
  GtkWidget* row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_pack_start(GTK_BOX(row), chooser, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(row), automatic, FALSE, FALSE, 0);
  return row;
}

// The style file: a chooser that lists images with thumbnails (as in 2.10),
// kept in step with the config both ways (Reset changes the config).
GtkWidget* style_file_row(Dialog* d) {
  GFile* current = nullptr;
  g_object_get(d->config, name(docs::style_file), &current, nullptr);
  gchar* path = current ? g_file_get_path(current) : nullptr;
  d->style_button = image_file_button(_("Choose a Style Image"), _("Images"), path ? path : "");
  g_free(path);
  if (current) g_object_unref(current);
  g_signal_connect(d->style_button, "file-set", G_CALLBACK(+[](GtkWidget* button, gpointer config) {
                     GFile* file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(button));
                     g_object_set(config, name(docs::style_file), file, nullptr);
                     if (file) g_object_unref(file);
                   }),
                   d->config);
  GtkWidget* row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget* label = gtk_label_new_with_mnemonic(_(docs::arguments[docs::style_file].label));
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), d->style_button);
  gtk_box_pack_start(GTK_BOX(row), label, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(row), d->style_button, TRUE, TRUE, 0);
  return row;
}

// Shows the config's style file when it changed elsewhere (Reset).
void show_style_file(Dialog* d) {
  GFile* wanted = nullptr;
  g_object_get(d->config, name(docs::style_file), &wanted, nullptr);
  GFile* shown = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(d->style_button));
  const bool same = wanted && shown ? g_file_equal(wanted, shown) : wanted == shown;
  if (!same && wanted) gtk_file_chooser_set_file(GTK_FILE_CHOOSER(d->style_button), wanted, nullptr);
  if (!same && !wanted) gtk_file_chooser_unselect_all(GTK_FILE_CHOOSER(d->style_button));
  if (wanted) g_object_unref(wanted);
  if (shown) g_object_unref(shown);
}

GtkWidget* wrapping_label(int width) {
  GtkWidget* label = gtk_label_new("");
  gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
  if (width > 0) gtk_widget_set_size_request(label, width, -1);
  return label;
}

GtkWidget* preview_column(GimpProcedureDialog* dialog, Dialog* d) {
  GtkWidget* column = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget* frame = d->view.framed_preview();
  gtk_widget_set_halign(frame, GTK_ALIGN_CENTER);  // GTK 3 boxes stretch across
  gtk_box_pack_start(GTK_BOX(column), frame, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(column), gimp_procedure_dialog_get_widget(dialog, aux::live_preview, G_TYPE_NONE), FALSE,
                     FALSE, 0);
  d->view.status = wrapping_label(preview_side);
  gtk_box_pack_start(GTK_BOX(column), d->view.status, FALSE, FALSE, 0);
  return column;
}

// The settings column: the style, the main settings, Advanced, then the
// device line and estimate.
GtkWidget* settings_column(GimpProcedureDialog* dialog, Dialog* d) {
  gimp_procedure_dialog_get_widget(dialog, aux::style_source, GIMP_TYPE_INT_RADIO_FRAME);
  gimp_procedure_dialog_get_spin_scale(dialog, name(docs::style_strength), 1.0);
  gimp_procedure_dialog_get_spin_scale(dialog, name(docs::smoothness), 1.0);

  GtkWidget* advanced =
      gimp_procedure_dialog_fill_box(dialog, "advanced-box", name(docs::size), name(docs::content_weight),
                                     name(docs::style_scale), name(docs::optimizer), name(docs::init), name(docs::seed),
                                     name(docs::device), name(docs::keep_colors), name(docs::multiscale), nullptr);
  gtk_box_pack_start(GTK_BOX(advanced), weights_row(d->config), FALSE, FALSE, 0);
  gimp_procedure_dialog_get_label(dialog, "advanced-label", _("_Advanced"), FALSE, TRUE);
  gimp_procedure_dialog_fill_expander(dialog, "advanced-expander", "advanced-label", FALSE, "advanced-box");

  GtkWidget* column = gimp_procedure_dialog_fill_box(
      dialog, "settings-box", aux::style_source, name(docs::style_drawable), name(docs::style_strength),
      name(docs::smoothness), aux::quality, name(docs::iterations), "advanced-expander", nullptr);
  d->style_file = style_file_row(d);
  gtk_box_pack_start(GTK_BOX(column), d->style_file, FALSE, FALSE, 0);
  gtk_box_reorder_child(GTK_BOX(column), d->style_file, 1);
  d->style_layer = gimp_procedure_dialog_get_widget(dialog, name(docs::style_drawable), G_TYPE_NONE);
  d->view.estimate = wrapping_label(0);
  // Wrapped at about the settings' width: a long line (a layer too large
  // for its size) would otherwise widen the dialog to the screen.
  gtk_label_set_max_width_chars(GTK_LABEL(d->view.estimate), 60);
  gtk_box_pack_end(GTK_BOX(column), d->view.estimate, FALSE, FALSE, 0);
  return column;
}

}  // namespace

bool run_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, GimpImage* image, GimpDrawable* drawable) {
  gimp_ui_init("neural-style");
  auto d = std::make_unique<Dialog>();
  d->config = config;
  d->image = image;
  d->drawable = drawable;
  // The style source and quality follow the settings the dialog opens with.
  int size = 0;
  GimpDrawable* style_drawable = nullptr;
  g_object_get(config, name(docs::size), &size, name(docs::style_drawable), &style_drawable, nullptr);
  g_object_set(config, aux::quality, quality_choices()[quality_index_for_size(size)].id.c_str(), aux::style_source,
               style_drawable ? "layer" : "file", nullptr);
  if (style_drawable) g_object_unref(style_drawable);

  GtkWidget* window = gimp_procedure_dialog_new(procedure, config, _("Neural Style"));
  GimpProcedureDialog* dialog = GIMP_PROCEDURE_DIALOG(window);
  GtkWidget* settings = settings_column(dialog, d.get());
  GtkWidget* columns = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_pack_start(GTK_BOX(columns), preview_column(dialog, d.get()), FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(columns), settings, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(window))), columns, TRUE, TRUE, 0);
  gtk_widget_show_all(columns);
  show_style_source(d.get());

  Dialog* raw = d.get();
  d->preview = std::make_unique<LivePreview>(d->view, layer_thumbnail(drawable), gimp_drawable_get_width(drawable),
                                             gimp_drawable_get_height(drawable),
                                             [raw](const FilterSettings& settings, int longest_side) {
                                               Gimp3Host host(raw->image, raw->drawable);
                                               return load_style(host, settings, longest_side);
                                             });
  const gulong handler = g_signal_connect(config, "notify", G_CALLBACK(on_config_changed), d.get());
  try {
    d->preview->settings_changed(dialog_settings(config));
  } catch (const std::exception& e) {
    d->view.show_status(e.what());
  }

  const bool ok = gimp_procedure_dialog_run(dialog);
  g_signal_handler_disconnect(config, handler);
  d->preview->stop();  // frees the engine for the real run
  gtk_widget_destroy(window);
  // A layer chosen while "A file" is the source is not the style.
  if (ok && gimp_procedure_config_get_choice_id(config, aux::style_source) == 0) {
    g_object_set(config, name(docs::style_drawable), nullptr, nullptr);
  }
  return ok;
}

}  // namespace neural_style_plugin
