// The GIMP 3 plug-in: a GimpPlugIn subclass that registers the filter's
// image procedure and runs it. Registration never loads the engine.
#include <gegl.h>
#include <libgimp/gimp.h>

#include <string>

#include "dialog.h"
#include "host_messages.h"
#include "i18n.h"
#include "plugin_error.h"
#include "plugin_paths.h"
#include "procedure.h"
#include "stylize_job.h"

using namespace neural_style_plugin;

namespace {

GQuark error_quark() {
  return g_quark_from_static_string("neural-style-error-quark");
}

// Our message as the procedure's error: GIMP shows it (a dialog, or the
// console in batch mode) and Script-Fu reports it as the call's error.
GimpValueArray* failure(GimpProcedure* procedure, GimpPDBStatusType status, const std::string& message) {
  return gimp_procedure_new_return_values(procedure, status, g_error_new_literal(error_quark(), 0, message.c_str()));
}

// GIMP 3 lets several layers be selected; the filter works on one.
GimpDrawable* the_drawable(GimpImage* image, GimpDrawable** drawables) {
  if (!drawables || !drawables[0]) {
    throw CallingError(_("Neural Style needs one layer to work on, and none is selected. Select a layer first."));
  }
  if (drawables[1]) {
    throw CallingError(
        _("Neural Style works on one layer at a time, and several are selected. Select only the layer to stylize."));
  }
  if (gimp_image_get_base_type(image) == GIMP_INDEXED) {
    throw PluginError(host_messages::indexed_layer());
  }
  return drawables[0];
}

GimpValueArray* run(GimpProcedure* procedure, GimpRunMode mode, GimpImage* image, GimpDrawable** drawables,
                    GimpProcedureConfig* config, gpointer) {
  // Every path returns a status and, on failure, our message.
  try {
    init_translations();
    gegl_init(nullptr, nullptr);
    GimpDrawable* drawable = the_drawable(image, drawables);
    if (mode == GIMP_RUN_INTERACTIVE && !run_dialog(procedure, config, image, drawable)) {
      return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);
    }
    Gimp3Host host(image, drawable);
    stylize(host, settings_from_config(config));
    if (mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
    GimpValueArray* values = gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, nullptr);
    GIMP_VALUES_SET_LAYER(values, 1, host.result_layer());
    return values;
  } catch (const CallingError& e) {
    return failure(procedure, GIMP_PDB_CALLING_ERROR, e.what());
  } catch (const std::exception& e) {
    return failure(procedure, GIMP_PDB_EXECUTION_ERROR, e.what());
  } catch (...) {
    return failure(procedure, GIMP_PDB_EXECUTION_ERROR, _("Neural Style failed unexpectedly."));
  }
}

}  // namespace

// The GObject boilerplate of a GimpPlugIn subclass.
struct NeuralStylePlugIn {
  GimpPlugIn parent_instance;
};
struct NeuralStylePlugInClass {
  GimpPlugInClass parent_class;
};
G_DEFINE_TYPE(NeuralStylePlugIn, neural_style_plug_in, GIMP_TYPE_PLUG_IN)

static GList* query_procedures(GimpPlugIn*) {
  return g_list_append(nullptr, g_strdup(procedure_name));
}

static GimpProcedure* create_procedure(GimpPlugIn* plug_in, const gchar* name) {
  if (g_strcmp0(name, procedure_name) != 0) return nullptr;
  return neural_style_plugin::create_procedure(plug_in, run);
}

// Our translations live in locale/ beside the executable, in our domain.
static gboolean set_i18n(GimpPlugIn*, const gchar*, gchar** domain, gchar** catalog_dir) {
  *domain = g_strdup(GETTEXT_PACKAGE);
  *catalog_dir = nullptr;  // "locale"
  return TRUE;
}

static void neural_style_plug_in_class_init(NeuralStylePlugInClass* klass) {
  GimpPlugInClass* plug_in_class = GIMP_PLUG_IN_CLASS(klass);
  plug_in_class->query_procedures = query_procedures;
  plug_in_class->create_procedure = create_procedure;
  plug_in_class->set_i18n = set_i18n;
}

static void neural_style_plug_in_init(NeuralStylePlugIn*) {}

GIMP_MAIN(neural_style_plug_in_get_type())
