// The GIMP 2.10 plug-in's entry points: query() registers the procedure,
// run() dispatches on the run mode. query() never loads the engine.
#include <gegl.h>
#include <libgimp/gimp.h>

#include <cstring>

#include "dialog.h"
#include "i18n.h"
#include "plugin_error.h"
#include "plugin_paths.h"
#include "procedure.h"
#include "stylize_job.h"

using namespace neural_style_plugin;

namespace {

void query() {
  register_procedure();
}

// The last values: those of the last successful run in this GIMP session.
FilterSettings last_settings() {
  FilterSettings settings;
  if (gimp_get_data_size(procedure_name) == static_cast<gint>(sizeof settings)) {
    gimp_get_data(procedure_name, &settings);
  }
  return settings;
}

void run(const gchar*, gint count, const GimpParam* params, gint* result_count, GimpParam** results) {
  static GimpParam values[2];
  *result_count = 1;
  *results = values;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = GIMP_PDB_SUCCESS;

  init_translations();
  gegl_init(nullptr, nullptr);

  const auto mode = static_cast<GimpRunMode>(params[0].data.d_int32);
  try {
    if (count < 3) throw PluginError(_("Neural Style needs at least a run mode, an image and a drawable."));
    const gint32 image = params[1].data.d_image;
    const gint32 drawable = params[2].data.d_drawable;
    FilterSettings settings = last_settings();
    switch (mode) {
      case GIMP_RUN_INTERACTIVE:
        if (!run_dialog(image, drawable, &settings)) {
          values[0].data.d_status = GIMP_PDB_CANCEL;
          return;
        }
        break;
      case GIMP_RUN_NONINTERACTIVE: settings = settings_from_arguments(count, params); break;
      case GIMP_RUN_WITH_LAST_VALS: break;
    }
    const gint32 layer = stylize_layer(image, drawable, settings);
    // Kept for "Repeat" and the next dialog, whatever started this run.
    gimp_set_data(procedure_name, &settings, sizeof settings);
    if (mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
    *result_count = 2;
    values[1].type = GIMP_PDB_LAYER;
    values[1].data.d_layer = layer;
  } catch (const std::exception& e) {
    // GIMP shows the message (a dialog, or the console in batch mode) and
    // Script-Fu reports it as the procedure's error.
    static std::string message;
    message = e.what();
    values[0].data.d_status = GIMP_PDB_EXECUTION_ERROR;
    *result_count = 2;
    values[1].type = GIMP_PDB_STRING;
    values[1].data.d_string = const_cast<gchar*>(message.c_str());
  }
}

}  // namespace

const GimpPlugInInfo PLUG_IN_INFO = {nullptr, nullptr, query, run};

MAIN()
