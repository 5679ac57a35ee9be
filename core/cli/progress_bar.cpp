#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace neural_style::cli {

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled), tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(const Progress& p) {
  if (!enabled_) return;
  const int tenth = p.iterations >= 10 ? p.iterations / 10 : 1;
  // A log gets whole iterations only; a terminal also the tiles between them.
  if (!tty_ && p.tile > 0) return;
  if (!tty_ && p.iteration % tenth != 0 && p.iteration != p.iterations && p.iteration != 1) return;
  const std::string tile = p.tile > 0 ? " tile " + std::to_string(p.tile) + "/" + std::to_string(p.tiles) : "";
  constexpr int width = 24;
  const int filled = p.iterations > 0 ? width * p.iteration / p.iterations : width;
  const std::string bar = std::string(filled, '#') + std::string(width - filled, '-');
  std::fprintf(stderr, "%sscale %d/%d %dx%d [%s] %d/%d%s  content %.3g  style %.3g  tv %.3g  total %.4g%s",
               tty_ ? "\r" : "", p.scale + 1, p.scale_count, p.width, p.height, bar.c_str(), p.iteration, p.iterations,
               tile.c_str(), p.losses.content, p.losses.style, p.losses.tv, p.losses.total, tty_ ? "\033[K" : "\n");
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (enabled_ && tty_ && drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace neural_style::cli
