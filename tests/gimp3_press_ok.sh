#!/usr/bin/env bash
# Runs GIMP 3 (with its display, under Xvfb) on a Script-Fu batch that opens
# the Neural Style dialog, and presses the dialog's OK button as a user
# does, so that the batch goes on. Used by test_gimp3_plugin.cpp; the
# caller's environment (GIMP3_DIRECTORY, NEURAL_STYLE_WEIGHTS) is GIMP's.
#   gimp3_press_ok.sh BATCH
# Exit status: GIMP's, or 3 when the dialog never appeared.
set -euo pipefail
batch=$1
display=:$((100 + RANDOM % 400))
Xvfb "$display" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
export DISPLAY=$display
for _ in $(seq 100); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

gimp-3.0 --no-splash --batch-interpreter=plug-in-script-fu-eval -b "$batch" -b '(gimp-quit TRUE)' &
gimp=$!
dialog=""
for _ in $(seq 240); do
  dialog=$(xdotool search --name '^Neural Style$' 2>/dev/null | head -1 || true)
  [ -n "$dialog" ] && break
  sleep 0.5
done
if [ -z "$dialog" ]; then
  echo "gimp3_press_ok: the Neural Style dialog did not appear" >&2
  kill "$gimp" 2>/dev/null || true
  exit 3
fi
sleep 3  # the dialog lays itself out (the preview starts)
# OK is the last button of the bottom row; no window manager, so no
# keyboard focus to rely on: a click at its place.
eval "$(xdotool getwindowgeometry --shell "$dialog")"
xdotool mousemove --window "$dialog" $((WIDTH - 70)) $((HEIGHT - 42)) click 1
wait "$gimp"
