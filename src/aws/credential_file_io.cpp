#include "aws/credential_file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smp::aws {
namespace {

Error file_error(std::string_view what, const std::string& path, std::string reason) {
  Error e = Error::make(ErrorKind::auth, "CredentialFileUnreadable",
                        "cannot read the " + std::string(what) + " " + path + ": " + reason);
  e.with_detail("file", path);
  return e;
}

}  // namespace

Result<std::optional<std::string>> read_text_file(const std::string& path, size_t max_bytes,
                                                  std::string_view what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
    return fail(file_error(what, path, std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return fail(file_error(what, path, "not a regular file"));
  }
  std::string content;
  char buffer[8192];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      return fail(file_error(what, path, std::strerror(saved)));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
    if (content.size() > max_bytes) {
      ::close(fd);
      return fail(file_error(what, path, "larger than " + std::to_string(max_bytes) + " bytes"));
    }
  }
  ::close(fd);
  return std::optional<std::string>(std::move(content));
}

}  // namespace smp::aws
