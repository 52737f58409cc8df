#pragma once
// One session's messages: zero or more `stream`, at most one `error`, exactly one `end` (also
// after an error), in order. A stream line longer than the daemon's 5 MiB limit is never written
// (the daemon would kill a local plugin): it fails with LineTooLong and the action reports it.
#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>
#include <string>

#include "dify/line_sink.hpp"
#include "dify/protocol.hpp"

namespace smp::dify {

class SessionOutput {
 public:
  SessionOutput(std::string session_id, std::shared_ptr<LineSink> sink);

  http::Task<Result<void>> stream(const boost::json::value& data);
  http::Task<Result<void>> error(const DifyError& error);
  http::Task<Result<void>> end();

  const std::string& session_id() const { return session_id_; }
  std::size_t streams() const { return streams_; }
  bool errored() const { return errored_; }
  bool ended() const { return ended_; }

 private:
  std::string session_id_;
  std::shared_ptr<LineSink> sink_;
  std::size_t streams_ = 0;
  bool errored_ = false;
  bool ended_ = false;
};

}  // namespace smp::dify
