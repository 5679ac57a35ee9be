#include "dialog.h"

#include <libgimp/gimpui.h>

#include "i18n.h"
#include "procedure_docs.h"

namespace neural_style_plugin {
namespace {

namespace docs = procedure_docs;

const char* name(docs::Argument argument) {
  return docs::arguments[argument].name;
}

// The file arguments accept any path (so a missing file gets our message),
// and GIMP generates no widget for such an argument: an "open" chooser
// bound to the argument stands in.
GtkWidget* file_chooser(GimpProcedureConfig* config, docs::Argument argument) {
  GFile* current = nullptr;
  g_object_get(config, name(argument), &current, nullptr);
  const char* label = _(docs::arguments[argument].label);
  GtkWidget* chooser = gimp_file_chooser_new(GIMP_FILE_CHOOSER_ACTION_OPEN, label, label, current);
  if (current) g_object_unref(current);
  g_object_bind_property(chooser, "file", config, name(argument), G_BINDING_DEFAULT);
  gtk_widget_show(chooser);
  return chooser;
}

}  // namespace

bool run_dialog(GimpProcedure* procedure, GimpProcedureConfig* config) {
  gimp_ui_init("neural-style");
  GtkWidget* dialog = gimp_procedure_dialog_new(procedure, config, _("Neural Style"));
  gimp_procedure_dialog_fill(GIMP_PROCEDURE_DIALOG(dialog), name(docs::style_drawable), name(docs::style_strength),
                             name(docs::content_weight), name(docs::smoothness), name(docs::iterations),
                             name(docs::size), name(docs::optimizer), name(docs::init), name(docs::keep_colors),
                             name(docs::style_scale), name(docs::multiscale), name(docs::seed), name(docs::device),
                             nullptr);
  GtkBox* content = GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog)));
  GtkWidget* style = file_chooser(config, docs::style_file);
  gtk_box_pack_start(content, style, FALSE, FALSE, 0);
  gtk_box_reorder_child(content, style, 0);
  gtk_box_pack_start(content, file_chooser(config, docs::weights_file), FALSE, FALSE, 0);
  const bool ok = gimp_procedure_dialog_run(GIMP_PROCEDURE_DIALOG(dialog));
  gtk_widget_destroy(dialog);
  return ok;
}

}  // namespace neural_style_plugin
