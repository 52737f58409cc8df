// Bytes claiming to be a .difypkg or a declaration YAML: the zip reader (central directory,
// local headers, deflate, CRC) and the YAML → JSON conversion must reject garbage cleanly. A zip
// our writer produces from the entries read back must read back identically.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dify/declarations.hpp"
#include "dify/zip_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)smp::dify::yaml_to_json(input);
  auto contents = smp::dify::read_zip(input);
  if (!contents) return 0;
  auto rewritten = smp::dify::write_zip(contents->entries, contents->comment);
  if (!rewritten) return 0;  // e.g. names our writer refuses ("..", duplicates)
  auto again = smp::dify::read_zip(*rewritten);
  if (!again || again->entries.size() != contents->entries.size()) __builtin_trap();
  for (std::size_t i = 0; i < again->entries.size(); ++i) {
    if (again->entries[i].path != contents->entries[i].path ||
        again->entries[i].bytes != contents->entries[i].bytes)
      __builtin_trap();
  }
  return 0;
}
