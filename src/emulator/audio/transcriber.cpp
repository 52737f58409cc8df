#include "emulator/audio/transcriber.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>

#include "emulator/audio/mp3.hpp"
#include "emulator/audio/speech_code.hpp"
#include "emulator/audio/speech_synthesizer.hpp"
#include "emulator/audio/wav.hpp"
#include "emulator/containers/utf8.hpp"

namespace smp::emulator::audio {
namespace {

// 16-FSK demodulation of PCM: one Goertzel filter per tone over each symbol window.
class PcmSymbols final : public SymbolSource {
 public:
  explicit PcmSymbols(const PcmAudio& audio)
      : audio_(audio),
        per_symbol_(static_cast<std::size_t>(std::lround(audio.sample_rate * kSymbolSeconds))) {
    for (int s = 0; s < kSymbolCount; ++s) {
      const double hz = kToneBaseHz + kToneStepHz * s;
      coefficients_[static_cast<std::size_t>(s)] =
          2 * std::cos(2 * std::numbers::pi * hz / audio.sample_rate);
    }
  }

  bool seek_sound() override {
    while (at_ < audio_.samples.size() && std::fabs(audio_.samples[at_]) < 1e-4f)
      ++at_;
    return at_ < audio_.samples.size();
  }

  std::optional<int> read_symbol() override {
    if (per_symbol_ == 0 || at_ + per_symbol_ > audio_.samples.size()) return std::nullopt;
    double best = 0, second = 0;
    int best_symbol = -1;
    for (int s = 0; s < kSymbolCount; ++s) {
      const double power = goertzel(coefficients_[static_cast<std::size_t>(s)]);
      if (power > best) {
        second = best;
        best = power;
        best_symbol = s;
      } else if (power > second) {
        second = power;
      }
    }
    at_ += per_symbol_;
    const double floor = std::pow(0.05 * static_cast<double>(per_symbol_) / 2, 2);
    if (best_symbol < 0 || best < floor || best < 4 * second) return std::nullopt;
    return best_symbol;
  }

  double position_seconds() const override { return static_cast<double>(at_) / audio_.sample_rate; }
  double duration_seconds() const override { return audio_.seconds(); }

 private:
  double goertzel(double coefficient) const {
    double s1 = 0, s2 = 0;
    for (std::size_t k = at_; k < at_ + per_symbol_; ++k) {
      const double s0 = audio_.samples[k] + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  }

  const PcmAudio& audio_;
  std::size_t per_symbol_;
  std::array<double, kSymbolCount> coefficients_{};
  std::size_t at_ = 0;
};

// Our MP3 granules: the sounding data line is the symbol.
class Mp3Symbols final : public SymbolSource {
 public:
  explicit Mp3Symbols(const Mp3Stream& stream) : stream_(stream) {}

  bool seek_sound() override {
    while (at_ < stream_.granules.size() && stream_.granules[at_] &&
           !data_line(*stream_.granules[at_])) {
      ++at_;
    }
    return at_ < stream_.granules.size();
  }

  std::optional<int> read_symbol() override {
    if (at_ >= stream_.granules.size()) return std::nullopt;
    const auto& granule = stream_.granules[at_++];
    if (!granule) return std::nullopt;
    const auto line = data_line(*granule);
    if (!line) return std::nullopt;
    return (*line - kMp3FirstDataLine) / kMp3DataLineStep;
  }

  double position_seconds() const override {
    return static_cast<double>(at_) * stream_.granule_seconds;
  }
  double duration_seconds() const override { return stream_.seconds; }

 private:
  static std::optional<int> data_line(const Mp3Granule& granule) {
    std::optional<int> found;
    for (int line : granule) {
      if (line < kMp3FirstDataLine) continue;  // the voice's hum
      const int offset = line - kMp3FirstDataLine;
      if (offset % kMp3DataLineStep != 0 || offset / kMp3DataLineStep >= kSymbolCount || found) {
        return std::nullopt;
      }
      found = line;
    }
    return found;
  }

  const Mp3Stream& stream_;
  std::size_t at_ = 0;
};

bool ends_sentence(std::string_view text, std::size_t end) {
  // end is the byte after a code point; check that code point and what follows.
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
    --start;
  std::size_t i = start;
  const char32_t cp = next_code_point(text, i);
  const bool followed_by_space_or_end = end == text.size() || text[end] == ' ' || text[end] == '\n';
  switch (cp) {
    case U'。':
    case U'！':
    case U'？':
    case U'\n':
      return true;
    case U'.':
    case U'!':
    case U'?':
      return followed_by_space_or_end;
    default:
      return false;
  }
}

void append_segments(const DecodedMessage& message, std::vector<TranscriptSegment>& segments) {
  const std::string& text = message.text;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size();) {
    next_code_point(text, i);
    if (i == text.size() || ends_sentence(text, i)) {
      const double start = message.byte_starts[begin];
      const double end =
          i < message.byte_starts.size() ? message.byte_starts[i] : message.end_seconds;
      if (text.find_first_not_of(" \n", begin) < i) {
        segments.push_back({start, end, text.substr(begin, i - begin)});
      }
      begin = i;
    }
  }
}

Transcript placeholder(double seconds, bool known_duration) {
  Transcript transcript;
  transcript.duration_seconds = seconds;
  if (known_duration) {
    char text[64];
    std::snprintf(text, sizeof text, "[unrecognised audio: %.1f s]", seconds);
    transcript.text = text;
  } else {
    transcript.text = "[unrecognised audio]";
  }
  transcript.segments.push_back({0, seconds, transcript.text});
  return transcript;
}

Transcript from_messages(const std::vector<DecodedMessage>& messages, double duration,
                         double offset, Transcript transcript) {
  for (const auto& message : messages) {
    transcript.text += message.text;
    std::vector<TranscriptSegment> segments;
    append_segments(message, segments);
    for (auto& segment : segments) {
      segment.start_seconds += offset;
      segment.end_seconds += offset;
      transcript.segments.push_back(std::move(segment));
    }
  }
  transcript.duration_seconds += duration;
  return transcript;
}

bool other_audio_container(std::string_view b) {
  return b.starts_with("fLaC") || b.starts_with("OggS") || b.starts_with("\x1A\x45\xDF\xA3") ||
         (b.size() >= 8 && b.substr(4, 4) == "ftyp") || b.starts_with("#!AMR") ||
         b.starts_with("FORM");
}

}  // namespace

std::expected<Transcript, std::string> transcribe(std::string_view bytes) {
  if (looks_like_wav(bytes)) {
    Transcript transcript;
    transcript.recognised = true;
    std::size_t at = 0;
    while (at < bytes.size() && looks_like_wav(bytes.substr(at))) {
      std::size_t consumed = 0;
      auto audio = decode_wav(bytes.substr(at), &consumed);
      if (!audio) {
        if (at == 0) return std::unexpected("Malformed soundfile");
        break;
      }
      PcmSymbols symbols(*audio);
      const auto messages = read_messages(symbols);
      if (messages.empty()) {
        transcript.recognised = false;
        transcript.duration_seconds += audio->seconds();
      } else {
        transcript = from_messages(messages, audio->seconds(), transcript.duration_seconds,
                                   std::move(transcript));
      }
      at += std::max<std::size_t>(consumed, 1);
    }
    if (!transcript.recognised || transcript.text.empty()) {
      return placeholder(transcript.duration_seconds, true);
    }
    return transcript;
  }
  if (looks_like_mp3(bytes)) {
    auto stream = read_mp3(bytes);
    if (!stream) return std::unexpected("Malformed soundfile");
    Mp3Symbols symbols(*stream);
    const auto messages = read_messages(symbols);
    if (messages.empty()) return placeholder(stream->seconds, true);
    Transcript transcript;
    transcript.recognised = true;
    return from_messages(messages, stream->seconds, 0, std::move(transcript));
  }
  if (other_audio_container(bytes)) return placeholder(0, false);
  return std::unexpected("Malformed soundfile");
}

}  // namespace smp::emulator::audio
