#include "dify/session_output.hpp"

#include <fmt/format.h>

namespace smp::dify {

SessionOutput::SessionOutput(std::string session_id, std::shared_ptr<LineSink> sink)
    : session_id_(std::move(session_id)), sink_(std::move(sink)) {}

http::Task<Result<void>> SessionOutput::stream(const boost::json::value& data) {
  if (ended_ || errored_)
    co_return fail(ErrorKind::internal, "SessionClosed", "stream message after the session ended");
  std::string line = session_stream_line(session_id_, data);
  if (line.size() > kMaxLineBytes) {
    co_return fail(ErrorKind::internal, "LineTooLong",
                   fmt::format("the result is {} bytes, over the daemon's {} byte line limit",
                               line.size(), kMaxLineBytes));
  }
  ++streams_;
  co_return co_await sink_->write(std::move(line));
}

http::Task<Result<void>> SessionOutput::error(const DifyError& error) {
  if (ended_ || errored_) co_return Result<void>{};
  errored_ = true;
  DifyError bounded = error;
  if (bounded.message.size() > 64 * 1024) bounded.message.resize(64 * 1024);
  co_return co_await sink_->write(session_error_line(session_id_, bounded));
}

http::Task<Result<void>> SessionOutput::end() {
  if (ended_) co_return Result<void>{};
  ended_ = true;
  co_return co_await sink_->write(session_end_line(session_id_));
}

}  // namespace smp::dify
