#include "bench_options.h"

#include <glib.h>

#include <cstdlib>
#include <stdexcept>

#include "network_option_entries.h"
#include "neural_style/stylizer.h"

namespace neural_style::bench {
namespace {

// The comma-separated items of `text`, each checked by `parse` (which
// throws with the option's remedy).
template <typename T, typename Parse>
std::vector<T> parse_list(const std::string& text, Parse parse) {
  std::vector<T> values;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    values.push_back(parse(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) return values;
    start = comma + 1;
  }
}

std::vector<int> parse_sizes(const std::string& text, const std::string& what) {
  return parse_list<int>(text, [&](const std::string& item) {
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || v < 32 || v > 16384) {
      throw std::invalid_argument("Invalid " + what + " \"" + item + "\": give sizes from 32 to 16384, like 256,512.");
    }
    return static_cast<int>(v);
  });
}

std::vector<double> parse_megapixels(const std::string& text) {
  return parse_list<double>(text, [](const std::string& item) {
    char* end = nullptr;
    const double mp = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || !(mp >= 0.01 && mp <= 100)) {
      throw std::invalid_argument("Invalid --full-size \"" + item +
                                  "\": give megapixels from 0.01 to 100, like 1,4,12.");
    }
    return mp;
  });
}

}  // namespace

BenchOptions parse_bench_options(int argc, char** argv) {
  BenchOptions o;
  gchar *label = nullptr, *sizes = nullptr, *jobs = nullptr, *python = nullptr, *script = nullptr, *compare = nullptr,
        *content = nullptr, *style = nullptr, *record = nullptr, *full = nullptr, *compare_images = nullptr;
  gboolean no_reference = FALSE;
  cli::NetworkOptionEntries network;
  gint iterations = o.iterations, warmup = o.warmup, compare_size = o.compare_size, compare_seconds = 0,
       compare_iterations = 0, compare_coarse_iterations = 0, job_iterations = 0, full_memory = 0, full_tile = 0;
  const GOptionEntry entries[] = {
      {"label", 0, 0, G_OPTION_ARG_STRING, &label, "Heading of this run in the record", "TEXT"},
      {"sizes", 0, 0, G_OPTION_ARG_STRING, &sizes, "Square image sizes (256,512,1024,2048)", "N,N,..."},
      {"iterations", 'i', 0, G_OPTION_ARG_INT, &iterations, "Timed iterations per size (5)", "N"},
      {"warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Untimed iterations first (2)", "N"},
      {"jobs", 0, 0, G_OPTION_ARG_STRING, &jobs, "Sizes that also time a whole default job (none)", "N,N,..."},
      {"job-iterations", 0, 0, G_OPTION_ARG_INT, &job_iterations,
       "Iterations of those jobs (of --full-size jobs at the working size); 0 = the engine's default", "N"},
      {"no-reference", 0, 0, G_OPTION_ARG_NONE, &no_reference, "Do not run the Python reference", nullptr},
      {"python", 0, 0, G_OPTION_ARG_FILENAME, &python,
       "Python with PyTorch for the reference (the first of python3 and /usr/bin/python3 that has it)", "EXE"},
      {"reference", 0, 0, G_OPTION_ARG_FILENAME, &script, "The reference script (tests/bench/reference.py)", "FILE"},
      {"compare", 0, 0, G_OPTION_ARG_STRING, &compare,
       "Side-by-side comparisons: layout, gram, precision, multiscale, presets, tile-grams, content-target, "
       "detail-layers (none)",
       "A,B,..."},
      {"compare-size", 0, 0, G_OPTION_ARG_INT, &compare_size, "Image size of the comparisons (256)", "N"},
      {"compare-iterations", 0, 0, G_OPTION_ARG_INT, &compare_iterations,
       "Iterations at the final size of the compared jobs; 0 = the engine's default (300)", "N"},
      {"compare-coarse-iterations", 0, 0, G_OPTION_ARG_INT, &compare_coarse_iterations,
       "multiscale: iterations at each coarse size; 0 = the engine's rule", "N"},
      {"compare-seconds", 0, 0, G_OPTION_ARG_INT, &compare_seconds,
       "multiscale: wall-time budget of both runs; 0 = the multiscale job's own time", "S"},
      {"content", 0, 0, G_OPTION_ARG_FILENAME, &content, "Content image of the comparisons (synthetic)", "FILE"},
      {"style", 0, 0, G_OPTION_ARG_FILENAME, &style, "Style image of the comparisons (synthetic)", "FILE"},
      {"compare-images", 0, 0, G_OPTION_ARG_FILENAME, &compare_images,
       "detail-layers: write both results as PNG into this existing folder (none)", "DIR"},
      {"record", 0, 0, G_OPTION_ARG_FILENAME, &record, "Append the report to this Markdown file", "FILE"},
      {"full-size", 0, 0, G_OPTION_ARG_STRING, &full,
       "Megapixels of 4:3 photos that get a whole job at their own size, in tiles (none)", "MP,MP,..."},
      {"full-memory", 0, 0, G_OPTION_ARG_INT, &full_memory,
       "Memory budget of those jobs, of tile-grams, content-target and detail-layers in MB (the engine's)", "MB"},
      {"full-tile", 0, 0, G_OPTION_ARG_INT, &full_tile,
       "Tile side of those jobs, of tile-grams, content-target and detail-layers; 0 = from the budget (0)", "N"},
      {nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr}};
  GOptionContext* context = g_option_context_new(nullptr);
  g_option_context_set_summary(context,
                               "Times the engine per size against the device's arithmetic floor and, where Python "
                               "PyTorch is installed, against tests/bench/reference.py in the same run.");
  g_option_context_add_main_entries(context, entries, nullptr);
  network.add_to(context);
  GError* error = nullptr;
  const bool ok = g_option_context_parse(context, &argc, &argv, &error);
  g_option_context_free(context);
  auto take = [](gchar*& s) {
    std::string v = s ? s : "";
    g_free(s);
    s = nullptr;
    return v;
  };
  const std::string label_s = take(label), sizes_s = take(sizes), jobs_s = take(jobs), python_s = take(python),
                    script_s = take(script), compare_s = take(compare), content_s = take(content),
                    style_s = take(style), record_s = take(record), full_s = take(full),
                    compare_images_s = take(compare_images);
  if (!ok) {
    const std::string msg = error->message;
    g_error_free(error);
    throw std::invalid_argument(msg + ". See --help.");
  }
  if (argc > 1) throw std::invalid_argument(std::string("Unexpected argument \"") + argv[1] + "\". See --help.");
  if (!label_s.empty()) o.label = label_s;
  if (!sizes_s.empty()) o.sizes = parse_sizes(sizes_s, "--sizes");
  if (!jobs_s.empty()) {
    for (int s : parse_sizes(jobs_s, "--jobs")) o.job_sizes.insert(s);
  }
  if (iterations < 2) throw std::invalid_argument("--iterations must be at least 2 (one interval needs two stamps).");
  if (warmup < 0) throw std::invalid_argument("--warmup must be 0 or more.");
  o.iterations = iterations;
  o.warmup = warmup;
  if (job_iterations < 0) throw std::invalid_argument("--job-iterations must be 0 (the default) or more.");
  o.job_iterations = job_iterations;
  network.apply(o.network);
  o.reference = !no_reference;
  if (!python_s.empty()) o.pythons = {python_s};
  o.reference_script = script_s.empty() ? NEURAL_STYLE_REFERENCE_SCRIPT : script_s;
  if (!compare_s.empty()) {
    std::string item;
    for (std::size_t i = 0; i <= compare_s.size(); ++i) {
      if (i < compare_s.size() && compare_s[i] != ',') {
        item += compare_s[i];
        continue;
      }
      o.compare.push_back(cli::choose<std::string>(item.c_str(), "compare",
                                                   {{"layout", "layout"},
                                                    {"gram", "gram"},
                                                    {"precision", "precision"},
                                                    {"multiscale", "multiscale"},
                                                    {"presets", "presets"},
                                                    {"tile-grams", "tile-grams"},
                                                    {"content-target", "content-target"},
                                                    {"detail-layers", "detail-layers"}}));
      item.clear();
    }
  }
  if (compare_size < 32) throw std::invalid_argument("--compare-size must be at least 32.");
  if (compare_seconds < 0) throw std::invalid_argument("--compare-seconds must be 0 or more.");
  o.compare_size = compare_size;
  o.compare_seconds = compare_seconds;
  if (compare_iterations < 0) throw std::invalid_argument("--compare-iterations must be 0 or more.");
  o.compare_iterations = compare_iterations;
  if (compare_coarse_iterations < 0) throw std::invalid_argument("--compare-coarse-iterations must be 0 or more.");
  o.compare_coarse_iterations = compare_coarse_iterations;
  o.content_path = content_s;
  o.style_path = style_s;
  o.record_path = record_s;
  if (!compare_images_s.empty() && !g_file_test(compare_images_s.c_str(), G_FILE_TEST_IS_DIR)) {
    throw std::invalid_argument("--compare-images: \"" + compare_images_s +
                                "\" is not a folder; create it first or give an existing one.");
  }
  o.compare_images = compare_images_s;
  if (!full_s.empty()) o.full_megapixels = parse_megapixels(full_s);
  if (full_memory != 0 && full_memory < 256) throw std::invalid_argument("--full-memory must be at least 256 MB.");
  o.full_memory_mb = full_memory;
  if (full_tile < 0) throw std::invalid_argument("--full-tile must be 0 (from the budget) or more.");
  o.full_tile = full_tile;
  return o;
}

}  // namespace neural_style::bench
