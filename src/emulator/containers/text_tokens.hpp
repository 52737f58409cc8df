#pragma once
// The emulator's tokenizer: deterministic, dependency-free, and consistent everywhere it is used
// (generation, usage counts, TEI's 512-token limit, streamed token ids).
//
// A token is optional leading whitespace followed by one word (a run of letters/digits), one
// character of a script written without spaces (Han, Kana, Hangul), or one other character.
// Concatenating the tokens of a text gives the text back byte for byte, as with a BPE tokenizer
// whose tokens carry their leading space (" world").
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator {

std::vector<std::string> tokenize(std::string_view text);
std::size_t count_tokens(std::string_view text);

// A stable vocabulary id for a token text (in [100, 151936), a Qwen-sized vocabulary).
std::int64_t token_id(std::string_view token);

// Lowercased word terms (no whitespace or punctuation): the bag of words behind embeddings and
// the lexical reranker. Unspaced-script characters are one term each.
std::vector<std::string> word_terms(std::string_view text);

}  // namespace smp::emulator
