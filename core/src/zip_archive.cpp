#include "zip_archive.h"

#include <cstdio>

#include "byte_range.h"
#include "crc32.h"
#include "neural_style/errors.h"

namespace neural_style {
namespace {

std::uint64_t le(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

// Length of the valid UTF-8 sequence at s[i], or 0 when there is none.
std::size_t utf8_sequence(const std::string& s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

// Entry names come from the file: control characters or invalid UTF-8 in an
// error message would garble the terminal or the GIMP dialog.
std::string printable_entry_name(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += name[i++];
    } else if (const std::size_t n = c >= 0x80 ? utf8_sequence(name, i) : 0) {
      out.append(name, i, n);
      i += n;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
    }
  }
  return out;
}

ZipArchive::ZipArchive(const std::uint8_t* data, std::size_t size, const std::string& what) : what_(what) {
  auto truncated = [&](const std::string& detail) {
    return WeightsFormatError("The weights file " + what + " is truncated or damaged (" + detail +
                              "). Download it again with neural-style-fetch-weights.");
  };
  // End of central directory: 22 bytes plus a comment of up to 64 KiB.
  std::size_t eocd = std::string::npos;
  for (std::size_t back = 22; back <= size && back <= 22 + 65535; ++back) {
    if (le(data + size - back, 4) == 0x06054b50) {
      eocd = size - back;
      break;
    }
  }
  if (eocd == std::string::npos) throw truncated("no zip directory at the end of the file");
  std::uint64_t count = le(data + eocd + 10, 2);
  std::uint64_t dir_size = le(data + eocd + 12, 4);
  std::uint64_t dir_offset = le(data + eocd + 16, 4);
  if (dir_offset == 0xFFFFFFFFu || count == 0xFFFF || dir_size == 0xFFFFFFFFu) {
    if (eocd < 20 || le(data + eocd - 20, 4) != 0x07064b50) throw truncated("zip64 locator missing");
    const std::uint64_t z64 = le(data + eocd - 20 + 8, 8);
    if (!range_within(z64, 56, size) || le(data + z64, 4) != 0x06064b50) throw truncated("zip64 directory missing");
    count = le(data + z64 + 32, 8);
    dir_size = le(data + z64 + 40, 8);
    dir_offset = le(data + z64 + 48, 8);
  }
  if (!range_within(dir_offset, dir_size, size)) throw truncated("zip directory outside the file");

  // Offsets within the directory, each checked before it is read.
  const std::uint8_t* dir = data + dir_offset;
  std::uint64_t at = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (!range_within(at, 46, dir_size) || le(dir + at, 4) != 0x02014b50) throw truncated("bad zip directory entry");
    const std::uint8_t* p = dir + at;
    const auto method = le(p + 10, 2);
    const std::uint32_t crc = static_cast<std::uint32_t>(le(p + 16, 4));
    std::uint64_t csize = le(p + 20, 4);
    std::uint64_t usize = le(p + 24, 4);
    const std::size_t name_len = le(p + 28, 2), extra_len = le(p + 30, 2), comment_len = le(p + 32, 2);
    std::uint64_t local = le(p + 42, 4);
    if (!range_within(at + 46, name_len + extra_len + comment_len, dir_size)) {
      throw truncated("bad zip directory entry");
    }
    std::string name(reinterpret_cast<const char*>(p + 46), name_len);
    const std::string shown = printable_entry_name(name);
    // zip64 extra field: 64-bit values for the 32-bit fields set to 0xFFFFFFFF,
    // in this order, as far as the field's length says.
    const std::uint8_t* extra = p + 46 + name_len;
    for (std::size_t x = 0; x + 4 <= extra_len;) {
      const std::size_t id = le(extra + x, 2), len = le(extra + x + 2, 2);
      if (!range_within(x + 4, len, extra_len)) throw truncated("bad extra field of entry " + shown);
      if (id == 1) {
        std::size_t v = 0;
        for (std::uint64_t* field : {&usize, &csize, &local}) {
          if (*field != 0xFFFFFFFFu) continue;
          if (v + 8 > len) throw truncated("short zip64 field of entry " + shown);
          *field = le(extra + x + 4 + v, 8);
          v += 8;
        }
      }
      x += 4 + len;
    }
    at += 46 + name_len + extra_len + comment_len;

    if (!range_within(local, 30, size) || le(data + local, 4) != 0x04034b50) throw truncated("bad zip entry " + shown);
    const std::uint64_t start = local + 30 + le(data + local + 26, 2) + le(data + local + 28, 2);  // <= size + 128 KiB
    if (!range_within(start, csize, size)) throw truncated("entry " + shown + " runs past the end of the file");
    if (method != 0 || csize != usize) {
      throw WeightsFormatError("The weights file " + what + " has a compressed entry (" + shown +
                               "); torch.save never compresses, so it was re-packed by another tool. "
                               "Download the original file with neural-style-fetch-weights.");
    }
    entries_[name] = ZipEntry{data + start, static_cast<std::size_t>(usize), crc};
  }
}

const ZipEntry& ZipArchive::entry(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    throw WeightsFormatError("The weights file " + what_ + " lacks the record " + printable_entry_name(name) +
                             "; it is damaged. Download it again with neural-style-fetch-weights.");
  }
  if (crc32(it->second.data, it->second.size) != it->second.crc) {
    throw WeightsFormatError("The weights file " + what_ + " is corrupt: the record " + printable_entry_name(name) +
                             " fails its CRC check. Download it again with neural-style-fetch-weights.");
  }
  return it->second;
}

}  // namespace neural_style
