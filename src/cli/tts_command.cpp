// `sagemaker-provider tts ENDPOINT TEXT --output FILE`: text to speech through a CosyVoice
// endpoint. The text is cut into pieces, synthesised up to four at a time, and each piece's audio
// is appended to FILE as soon as it and the ones before it are ready. A JSON summary goes to
// stdout.
#include <cstdio>
#include <fstream>

#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "cli/model_command_support.hpp"
#include "http/run_sync.hpp"
#include "provider/speech_synthesis.hpp"

namespace smp::cli {
namespace {

struct TtsFlags {
  AwsFlags aws;
  std::string endpoint;
  std::string text;
  std::string output;
  std::string audio_model_type = "PresetVoice";
  std::string voice;
  std::string language;
  std::string prompt_audio;
  std::string prompt_text;
  std::string instruct_text;
  std::size_t word_limit = 30;
  bool no_comprehend = false;
};

int run_tts(TtsFlags& f) {
  auto settings = model_settings(f.aws, f.endpoint);
  settings["audio_model_type"] = f.audio_model_type;
  settings["prompt_audio"] = f.prompt_audio;
  settings["prompt_text"] = f.prompt_text;
  settings["instruct_text"] = f.instruct_text;
  auto config = provider::parse_model_config(provider::ModelType::tts, f.endpoint, settings);
  if (!config) return report_error(config.error());

  std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
  if (!out)
    return report_error(Error::make(ErrorKind::invalid_argument, "CannotWrite",
                                    "cannot write the audio to " + f.output));
  ModelRuntime runtime(f.aws);
  auto connection = runtime.provider.connections().get(*config);
  if (!connection) return report_error(connection.error());
  provider::SpeechOptions options;
  options.word_limit = f.word_limit;
  options.use_comprehend = !f.no_comprehend;
  auto result = http::run_sync(
      runtime.io,
      provider::synthesize_speech(
          *connection, *config, {.text = f.text, .voice = f.voice, .language = f.language},
          [&](std::string_view audio, std::string_view) -> http::Task<Result<void>> {
            out.write(audio.data(), static_cast<std::streamsize>(audio.size()));
            out.flush();
            if (!out)
              co_return fail(ErrorKind::internal, "CannotWrite",
                             "writing the audio to " + f.output + " failed");
            co_return Result<void>{};
          },
          options));
  if (!result) {
    out.close();
    std::remove(f.output.c_str());  // never leave half an answer behind looking like a whole one
    return report_error(result.error());
  }
  print_json(boost::json::object{{"output", f.output},
                                 {"mime_type", result->mime_type},
                                 {"pieces", result->pieces},
                                 {"bytes", result->audio_bytes}});
  return exit_ok;
}

}  // namespace

void add_tts_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<TtsFlags>();
  auto* app = root.add_subcommand("tts", "Speak a text with a CosyVoice model on an endpoint");
  app->add_option("endpoint", flags->endpoint, "Endpoint name")->required();
  app->add_option("text", flags->text, "The text to speak")->required();
  app->add_option("--output,-o", flags->output, "Audio file to write (MP3 from CosyVoice)")
      ->required();
  app->add_option("--audio-model-type", flags->audio_model_type,
                  "PresetVoice, CloneVoice, CloneVoice_CrossLingual or InstructVoice")
      ->capture_default_str();
  app->add_option("--voice", flags->voice,
                  "Preset speaker, e.g. 中文女 or 英文男 (default: the "
                  "language's first)");
  app->add_option("--language", flags->language,
                  "Language for the default voice (en-US, zh-Hans…)");
  app->add_option("--prompt-audio", flags->prompt_audio, "URL of the reference recording (clone)");
  app->add_option("--prompt-text", flags->prompt_text, "Transcript of the reference (CloneVoice)");
  app->add_option("--instruct-text", flags->instruct_text, "Style instruction (InstructVoice)");
  app->add_option("--word-limit", flags->word_limit, "Words (or CJK characters) per invocation")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app->add_flag("--no-comprehend", flags->no_comprehend,
                "Cross-lingual: tag the language from the script instead of asking Comprehend");
  add_aws_flags(*app, flags->aws);
  commands.push_back({app, [flags] { return run_tts(*flags); }});
}

}  // namespace smp::cli
