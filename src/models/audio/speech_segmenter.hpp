#pragma once
// Text → pieces short enough for one TTS invocation each. CosyVoice synthesises a piece in one go
// and its latency grows with length, so long text is cut at sentence ends first, then at clause
// marks, then (for a run with neither) at the limit itself — never inside a UTF-8 character.
//
// Length is counted in "units": one per CJK/kana/hangul character, one per word of other scripts,
// which is how speakers perceive length and what the seed plugin's word limit means.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smp::models {

// Pieces in order, each at most `max_units` units (>= 1), trimmed, none empty. Concatenated they
// hold every non-space character of `text` in order.
std::vector<std::string> split_for_speech(std::string_view text, std::size_t max_units);

// Units of `text` as split_for_speech counts them.
std::size_t speech_units(std::string_view text);

}  // namespace smp::models
