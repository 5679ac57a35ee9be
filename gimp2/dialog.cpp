#include "dialog.h"

#include <libgimp/gimpui.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "i18n.h"
#include "image_file_button.h"
#include "live_preview.h"
#include "plugin_error.h"
#include "preview_area_view.h"
#include "quality_presets.h"
#include "stylize_job.h"

namespace neural_style_plugin {
namespace {

constexpr int preview_side = LivePreview::side;

constexpr auto fill_expand = static_cast<GtkAttachOptions>(GTK_FILL | GTK_EXPAND);

struct Dialog {
  gint32 image = -1;
  gint32 drawable = -1;
  FilterSettings edit;
  gint32 chosen_layer = -1;  // the layer combo's choice, kept while "file" is active

  GtkWidget* window = nullptr;
  GtkWidget* file_button = nullptr;
  GtkWidget* layer_combo = nullptr;
  GtkWidget* layer_radio = nullptr;
  GtkWidget* quality = nullptr;
  GtkObject* size = nullptr;
  GtkObject* iterations = nullptr;
  bool syncing_size = false;

  PreviewAreaView view;
  std::unique_ptr<LivePreview> preview;  // null until the widgets exist
};

neural_style::Image layer_thumbnail(gint32 drawable) {
  gint width = preview_side;
  gint height = preview_side;
  gint bpp = 0;
  guchar* data = gimp_drawable_get_thumbnail_data(drawable, &width, &height, &bpp);
  neural_style::Image image = thumbnail_image(data, width, height, bpp);
  g_free(data);
  return image;
}

void settings_changed(Dialog* d) {
  if (d->preview) d->preview->settings_changed(d->edit);
}

// ---- widget callbacks ---------------------------------------------------

void on_changed(GtkWidget*, gpointer data) {
  settings_changed(static_cast<Dialog*>(data));
}

void on_int_combo(GtkWidget* combo, gpointer value) {
  gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(combo), static_cast<gint*>(value));
}

void on_style_file(GtkWidget* button, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  gchar* path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(button));
  g_strlcpy(d->edit.style_file, path ? path : "", sizeof d->edit.style_file);
  g_free(path);
  if (d->edit.style_drawable < 0) settings_changed(d);
}

void on_style_source(GtkWidget*, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  const bool use_layer = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d->layer_radio));
  d->edit.style_drawable = use_layer ? d->chosen_layer : -1;
  gtk_widget_set_sensitive(d->layer_combo, use_layer);
  gtk_widget_set_sensitive(d->file_button, !use_layer);
  settings_changed(d);
}

void on_style_layer(GtkWidget* combo, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(combo), &d->chosen_layer);
  if (gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d->layer_radio))) {
    d->edit.style_drawable = d->chosen_layer;
    settings_changed(d);
  }
}

void on_quality(GtkWidget* combo, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  gint index = 0;
  gimp_int_combo_box_get_active(GIMP_INT_COMBO_BOX(combo), &index);
  const QualityChoice& choice = quality_choices()[index];
  // The size widgets come after this one: at its creation there is nothing
  // to set yet.
  if (choice.size < 0 || d->syncing_size || !d->size || !d->iterations) return;
  // A preset is a size and the iterations that fit its time.
  gtk_adjustment_set_value(GTK_ADJUSTMENT(d->size), choice.size);
  gtk_adjustment_set_value(GTK_ADJUSTMENT(d->iterations), choice.iterations);
}

void on_size(GtkAdjustment* adjustment, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  d->edit.size = static_cast<gint32>(std::lround(gtk_adjustment_get_value(adjustment)));
  d->syncing_size = true;
  gimp_int_combo_box_set_active(GIMP_INT_COMBO_BOX(d->quality), quality_index_for_size(d->edit.size));
  d->syncing_size = false;
  settings_changed(d);
}

void on_weights_file(GtkWidget* button, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  gchar* path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(button));
  g_strlcpy(d->edit.weights_file, path ? path : "", sizeof d->edit.weights_file);
  g_free(path);
  settings_changed(d);
}

void on_weights_automatic(GtkWidget*, gpointer data) {
  Dialog* d = static_cast<Dialog*>(data);
  GtkWidget* button = GTK_WIDGET(g_object_get_data(G_OBJECT(d->window), "weights-button"));
  gtk_file_chooser_unselect_all(GTK_FILE_CHOOSER(button));
  d->edit.weights_file[0] = '\0';
  settings_changed(d);
}

// A layer of any open image other than the one being stylized.
gboolean other_layer(gint32, gint32 item, gpointer data) {
  return item != *static_cast<gint32*>(data);
}

// ---- layout -------------------------------------------------------------

GtkWidget* add_label(GtkTable* table, int row, const char* text) {
  GtkWidget* label = gtk_label_new_with_mnemonic(text);
  gtk_misc_set_alignment(GTK_MISC(label), 0.0, 0.5);
  gtk_table_attach(table, label, 0, 1, row, row + 1, GTK_FILL, GTK_FILL, 0, 0);
  return label;
}

void attach(GtkTable* table, int row, GtkWidget* widget) {
  gtk_table_attach(table, widget, 1, 3, row, row + 1, fill_expand, GTK_FILL, 0, 0);
}

GtkWidget* int_combo(GtkTable* table, int row, const char* label, gint32* value, Dialog* d, GtkWidget* combo) {
  gtk_label_set_mnemonic_widget(GTK_LABEL(add_label(table, row, label)), combo);
  attach(table, row, combo);
  gimp_int_combo_box_connect(GIMP_INT_COMBO_BOX(combo), *value, G_CALLBACK(on_int_combo), value);
  g_signal_connect(combo, "changed", G_CALLBACK(on_changed), d);
  return combo;
}

GtkWidget* toggle(const char* label, gint32* value, Dialog* d) {
  GtkWidget* button = gtk_check_button_new_with_mnemonic(label);
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(button), *value);
  g_signal_connect(button, "toggled", G_CALLBACK(gimp_toggle_button_update), value);
  g_signal_connect(button, "toggled", G_CALLBACK(on_changed), d);
  return button;
}

GtkObject* scale_double(GtkTable* table, int row, const char* label, gdouble* value, double low, double high,
                        double step, int digits, const char* tooltip, Dialog* d) {
  GtkObject* adj = gimp_scale_entry_new(table, 0, row, label, 160, 6, *value, low, high, step, step * 10, digits, TRUE,
                                        low, high, tooltip, nullptr);
  g_signal_connect(adj, "value-changed", G_CALLBACK(gimp_double_adjustment_update), value);
  g_signal_connect(adj, "value-changed", G_CALLBACK(on_changed), d);
  return adj;
}

GtkWidget* new_table(int rows, int columns) {
  GtkWidget* table = gtk_table_new(rows, columns, FALSE);
  gtk_table_set_col_spacings(GTK_TABLE(table), 6);
  gtk_table_set_row_spacings(GTK_TABLE(table), 4);
  return table;
}

GtkWidget* style_section(Dialog* d) {
  GtkWidget* frame = gimp_frame_new(_("Style image"));
  GtkWidget* table = new_table(2, 2);
  gtk_container_add(GTK_CONTAINER(frame), table);

  GtkWidget* file_radio = gtk_radio_button_new_with_mnemonic(nullptr, _("_File:"));
  d->layer_radio = gtk_radio_button_new_with_mnemonic_from_widget(GTK_RADIO_BUTTON(file_radio), _("_Layer:"));
  gtk_table_attach(GTK_TABLE(table), file_radio, 0, 1, 0, 1, GTK_FILL, GTK_FILL, 0, 0);
  gtk_table_attach(GTK_TABLE(table), d->layer_radio, 0, 1, 1, 2, GTK_FILL, GTK_FILL, 0, 0);

  d->file_button = image_file_button(_("Choose a Style Image"), _("Images"), d->edit.style_file);
  g_signal_connect(d->file_button, "file-set", G_CALLBACK(on_style_file), d);
  gtk_table_attach(GTK_TABLE(table), d->file_button, 1, 2, 0, 1, fill_expand, GTK_FILL, 0, 0);

  d->layer_combo = gimp_layer_combo_box_new(other_layer, &d->drawable);
  d->chosen_layer = d->edit.style_drawable;
  gimp_int_combo_box_connect(GIMP_INT_COMBO_BOX(d->layer_combo), d->edit.style_drawable, G_CALLBACK(on_style_layer), d);
  gtk_table_attach(GTK_TABLE(table), d->layer_combo, 1, 2, 1, 2, fill_expand, GTK_FILL, 0, 0);

  const bool use_layer = d->edit.style_drawable >= 0;
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(use_layer ? d->layer_radio : file_radio), TRUE);
  gtk_widget_set_sensitive(d->layer_combo, use_layer);
  gtk_widget_set_sensitive(d->file_button, !use_layer);
  g_signal_connect(d->layer_radio, "toggled", G_CALLBACK(on_style_source), d);
  return frame;
}

GtkWidget* advanced_section(Dialog* d) {
  GtkWidget* expander = gtk_expander_new_with_mnemonic(_("_Advanced"));
  GtkWidget* table = new_table(10, 3);
  gtk_container_add(GTK_CONTAINER(expander), table);
  GtkTable* t = GTK_TABLE(table);

  d->size = gimp_scale_entry_new(t, 0, 0, _("Si_ze (px):"), 160, 6, d->edit.size, 0, max_size, 16, 128, 0, FALSE, 0,
                                 max_size, _("Longest side of the working size; 0 = the layer's own size"), nullptr);
  g_signal_connect(d->size, "value-changed", G_CALLBACK(on_size), d);
  scale_double(t, 1, _("_Content weight:"), &d->edit.content_weight, 0, 100, 0.1, 2,
               _("How strongly the layer's shapes are kept"), d);
  scale_double(t, 2, _("Style sc_ale:"), &d->edit.style_scale, 0.1, max_style_scale, 0.05, 2,
               _("Size of the style's brush strokes relative to the result"), d);
  int_combo(t, 3, _("_Optimizer:"), &d->edit.optimizer, d,
            gimp_int_combo_box_new("L-BFGS", static_cast<gint>(StyleOptimizer::lbfgs), "Adam",
                                   static_cast<gint>(StyleOptimizer::adam), nullptr));
  int_combo(t, 4, _("S_tart from:"), &d->edit.init, d,
            gimp_int_combo_box_new(_("The layer"), static_cast<gint>(StyleInit::content), _("Noise"),
                                   static_cast<gint>(StyleInit::noise), nullptr));
  GtkObject* seed = gimp_scale_entry_new(t, 0, 5, _("_Seed:"), 160, 6, d->edit.seed, 0, 9999, 1, 10, 0, FALSE, 0,
                                         G_MAXINT32, _("Random seed for the noise start"), nullptr);
  g_signal_connect(seed, "value-changed", G_CALLBACK(gimp_int_adjustment_update), &d->edit.seed);
  g_signal_connect(seed, "value-changed", G_CALLBACK(on_changed), d);
  int_combo(t, 6, _("_Device:"), &d->edit.device, d,
            gimp_int_combo_box_new(_("Automatic"), static_cast<gint>(StyleDevice::automatic), _("CPU"),
                                   static_cast<gint>(StyleDevice::cpu), _("GPU (CUDA)"),
                                   static_cast<gint>(StyleDevice::gpu), nullptr));
  attach(t, 7, toggle(_("_Keep the layer's colors"), &d->edit.keep_colors, d));
  attach(t, 8, toggle(_("_Multiscale (coarse to fine, faster)"), &d->edit.multiscale, d));

  GtkWidget* weights = gtk_file_chooser_button_new(_("Choose the VGG19 Weights"), GTK_FILE_CHOOSER_ACTION_OPEN);
  g_object_set_data(G_OBJECT(d->window), "weights-button", weights);
  if (d->edit.weights_file[0]) gtk_file_chooser_set_filename(GTK_FILE_CHOOSER(weights), d->edit.weights_file);
  g_signal_connect(weights, "file-set", G_CALLBACK(on_weights_file), d);
  GtkWidget* automatic = gtk_button_new_with_mnemonic(_("A_utomatic"));
  gtk_widget_set_tooltip_text(automatic, _("Search the usual places for the weights"));
  g_signal_connect(automatic, "clicked", G_CALLBACK(on_weights_automatic), d);
  GtkWidget* row = gtk_hbox_new(FALSE, 4);
  gtk_box_pack_start(GTK_BOX(row), weights, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(row), automatic, FALSE, FALSE, 0);
  gtk_label_set_mnemonic_widget(GTK_LABEL(add_label(t, 9, _("_Weights:"))), weights);
  attach(t, 9, row);
  return expander;
}

GtkWidget* main_section(Dialog* d) {
  GtkWidget* table = new_table(4, 3);
  GtkTable* t = GTK_TABLE(table);
  scale_double(t, 0, _("Style _strength:"), &d->edit.style_strength, 0, 100, 1, 0,
               _("How much of the painting's style to apply (50 = balanced)"), d);
  scale_double(t, 1, _("S_moothness:"), &d->edit.smoothness, 0, 100, 1, 0,
               _("Suppresses noise and fine speckles (0 = off)"), d);
  d->quality = gimp_int_combo_box_new_array(0, nullptr);
  GtkListStore* store = GTK_LIST_STORE(gtk_combo_box_get_model(GTK_COMBO_BOX(d->quality)));
  for (std::size_t i = 0; i < quality_choices().size(); ++i) {
    GtkTreeIter row;
    gtk_list_store_append(store, &row);
    gtk_list_store_set(store, &row, GIMP_INT_STORE_VALUE, static_cast<gint>(i), GIMP_INT_STORE_LABEL,
                       quality_choices()[i].label.c_str(), -1);
  }
  gtk_label_set_mnemonic_widget(GTK_LABEL(add_label(t, 2, _("_Quality:"))), d->quality);
  attach(t, 2, d->quality);
  gimp_int_combo_box_connect(GIMP_INT_COMBO_BOX(d->quality), quality_index_for_size(d->edit.size),
                             G_CALLBACK(on_quality), d);
  d->iterations = gimp_scale_entry_new(
      t, 0, 3, _("_Iterations:"), 160, 6, d->edit.iterations, 10, 1000, 10, 50, 0, FALSE, 1, max_iterations,
      _("Optimizer steps at the final size (each coarser size gets twice as many): more is slower and cleaner"),
      nullptr);
  g_signal_connect(d->iterations, "value-changed", G_CALLBACK(gimp_int_adjustment_update), &d->edit.iterations);
  g_signal_connect(d->iterations, "value-changed", G_CALLBACK(on_changed), d);
  return table;
}

GtkWidget* preview_section(Dialog* d) {
  GtkWidget* box = gtk_vbox_new(FALSE, 6);
  gtk_box_pack_start(GTK_BOX(box), d->view.framed_preview(), FALSE, FALSE, 0);
  GtkWidget* live = toggle(_("_Live preview"), &d->edit.live_preview, d);
  gtk_box_pack_start(GTK_BOX(box), live, FALSE, FALSE, 0);
  d->view.status = gtk_label_new("");
  gtk_label_set_line_wrap(GTK_LABEL(d->view.status), TRUE);
  gtk_widget_set_size_request(d->view.status, preview_side, -1);
  gtk_box_pack_start(GTK_BOX(box), d->view.status, FALSE, FALSE, 0);
  return box;
}

}  // namespace

bool run_dialog(gint32 image, gint32 drawable, FilterSettings* settings) {
  gimp_ui_init("neural-style", TRUE);
  auto d = std::make_unique<Dialog>();
  d->image = image;
  d->drawable = drawable;
  d->edit = *settings;

  d->window = gimp_dialog_new(_("Neural Style"), "neural-style", nullptr, GtkDialogFlags(0), gimp_standard_help_func,
                              procedure_name, _("_Cancel"), GTK_RESPONSE_CANCEL, _("_OK"), GTK_RESPONSE_OK, nullptr);
  gtk_dialog_set_alternative_button_order(GTK_DIALOG(d->window), GTK_RESPONSE_OK, GTK_RESPONSE_CANCEL, -1);
  gtk_dialog_set_default_response(GTK_DIALOG(d->window), GTK_RESPONSE_OK);
  gimp_window_set_transient(GTK_WINDOW(d->window));

  GtkWidget* columns = gtk_hbox_new(FALSE, 12);
  gtk_container_set_border_width(GTK_CONTAINER(columns), 12);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(d->window))), columns, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(columns), preview_section(d.get()), FALSE, FALSE, 0);
  GtkWidget* settings_box = gtk_vbox_new(FALSE, 8);
  gtk_box_pack_start(GTK_BOX(columns), settings_box, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(settings_box), style_section(d.get()), FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(settings_box), main_section(d.get()), FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(settings_box), advanced_section(d.get()), FALSE, FALSE, 0);
  d->view.estimate = gtk_label_new("");
  gtk_misc_set_alignment(GTK_MISC(d->view.estimate), 0.0, 0.5);
  // Wrapped: a long line (a layer too large for its size) would otherwise
  // widen the dialog.
  gtk_label_set_line_wrap(GTK_LABEL(d->view.estimate), TRUE);
  gtk_box_pack_start(GTK_BOX(settings_box), d->view.estimate, FALSE, FALSE, 0);

  Dialog* raw = d.get();
  d->preview = std::make_unique<LivePreview>(d->view, layer_thumbnail(drawable), gimp_drawable_width(drawable),
                                             gimp_drawable_height(drawable),
                                             [raw](const FilterSettings& settings, int longest_side) {
                                               Gimp2Host host(raw->image, raw->drawable);
                                               return load_style(host, settings, longest_side);
                                             });
  gtk_widget_show_all(d->window);
  settings_changed(d.get());

  const bool ok = gimp_dialog_run(GIMP_DIALOG(d->window)) == GTK_RESPONSE_OK;
  d->preview->stop();  // frees the engine for the real run
  gtk_widget_destroy(d->window);
  if (ok) *settings = d->edit;
  return ok;
}

}  // namespace neural_style_plugin
