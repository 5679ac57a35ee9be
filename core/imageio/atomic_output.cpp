#include "atomic_output.h"

#include <fcntl.h>
#include <glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "neural_style/errors.h"
#include "path_parts.h"

namespace neural_style {
namespace {

std::string reason(int error) {
  return std::strerror(error);
}

// The file a symbolic link names, so that the link itself survives.
std::string resolve_link(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) ? std::string(resolved) : path;
}

}  // namespace

AtomicOutput::AtomicOutput(const std::string& target) : target_(resolve_link(target)), shown_(target) {
  const std::string folder = folder_of(target_);
  struct stat st;
  if (stat(folder.c_str(), &st) != 0) {
    throw ImageError("Cannot write " + shown_ + ": the folder " + folder + " does not exist.");
  }
  if (!S_ISDIR(st.st_mode)) throw ImageError("Cannot write " + shown_ + ": " + folder + " is not a folder.");
  struct stat old;
  const bool exists = stat(target_.c_str(), &old) == 0;
  if (exists && S_ISDIR(old.st_mode)) {
    throw ImageError("Cannot write " + shown_ + ": it is a folder. Give a file name, such as " + shown_ +
                     "/result.png.");
  }
  if (exists && !S_ISREG(old.st_mode)) throw ImageError("Cannot write " + shown_ + ": it is not a regular file.");

  // A hidden name beside the target, created exclusively (O_EXCL), with the
  // permissions a new file gets from the umask.
  for (int attempt = 0; attempt < 100; ++attempt) {
    gchar* suffix = g_strdup_printf("%08x", g_random_int());
    // Same extension as the target: GEGL's writers and readers go by it.
    const auto [stem, ext] = split_extension(name_of(target_));
    const std::string candidate = folder + "/." + stem + ".part-" + suffix + ext;
    g_free(suffix);
    const int fd = open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) {
      throw ImageError("Cannot write " + shown_ + ": cannot create a file in the folder " + folder + " (" +
                       reason(errno) + ").");
    }
    if (exists) (void)fchmod(fd, old.st_mode & 07777);  // a replaced file keeps its permissions
    close(fd);
    temp_ = candidate;
    return;
  }
  throw ImageError("Cannot write " + shown_ + ": cannot find a free temporary name in " + folder + ".");
}

AtomicOutput::~AtomicOutput() {
  if (!committed_ && !temp_.empty()) unlink(temp_.c_str());
}

void AtomicOutput::commit() {
  const int fd = open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ImageError("Cannot write " + shown_ + ": the new file vanished (" + reason(errno) + ").");
  const bool synced = fsync(fd) == 0;
  const int sync_error = errno;
  close(fd);
  if (!synced) throw ImageError("Cannot write " + shown_ + ": " + reason(sync_error) + ". The old file is unchanged.");
  if (rename(temp_.c_str(), target_.c_str()) != 0) {
    throw ImageError("Cannot write " + shown_ + ": " + reason(errno) + ". The old file is unchanged.");
  }
  committed_ = true;
  // The rename itself reaches the disk with the folder.
  const int dir = open(folder_of(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)fsync(dir);
    close(dir);
  }
}

}  // namespace neural_style
