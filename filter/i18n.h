// gettext for the plug-in's own domain (GETTEXT_PACKAGE, set by meson), so
// our strings never mix with libgimp's domains.
#pragma once

#include <glib/gi18n-lib.h>
