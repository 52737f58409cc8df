// `sagemaker-provider transcribe ENDPOINT FILE`: speech to text. Whisper-style endpoints get the
// audio itself (content type from its first bytes, at most 6 MiB); with --s3-bucket the audio
// goes through S3 to a FunASR-style endpoint. Prints the text, or with --json the transcript
// with its timestamped segments.
#include <fstream>
#include <iterator>

#include "base/uuid.hpp"
#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "cli/model_command_support.hpp"
#include "http/run_sync.hpp"
#include "provider/transcription.hpp"

namespace smp::cli {
namespace {

struct TranscribeFlags {
  AwsFlags aws;
  std::string endpoint;
  std::string file;
  std::string s3_bucket;
  std::string format = "auto";
  bool json = false;
};

int run_transcribe(TranscribeFlags& f) {
  auto settings = model_settings(f.aws, f.endpoint);
  settings["audio_s3_cache_bucket"] = f.s3_bucket;
  settings["payload_format"] = f.format;
  auto config =
      provider::parse_model_config(provider::ModelType::speech2text, f.endpoint, settings);
  if (!config) return report_error(config.error());
  std::ifstream in(f.file, std::ios::binary);
  if (!in)
    return report_error(Error::make(ErrorKind::invalid_argument, "CannotRead",
                                    "cannot read the audio file " + f.file));
  std::string audio{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  ModelRuntime runtime(f.aws);
  auto connection = runtime.provider.connections().get(*config);
  if (!connection) return report_error(connection.error());
  auto transcript = http::run_sync(
      runtime.io,
      provider::transcribe_audio(**connection, *config, std::move(audio), random_uuid()));
  if (!transcript) return report_error(transcript.error());
  if (!f.json) {
    write_out(transcript->text + "\n");
    return exit_ok;
  }
  boost::json::array segments;
  for (const auto& segment : transcript->segments)
    segments.push_back({{"start", segment.start}, {"end", segment.end}, {"text", segment.text}});
  print_json(boost::json::object{{"text", transcript->text}, {"segments", std::move(segments)}});
  return exit_ok;
}

}  // namespace

void add_transcribe_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<TranscribeFlags>();
  auto* app =
      root.add_subcommand("transcribe", "Transcribe an audio file with a model on an endpoint");
  app->add_option("endpoint", flags->endpoint, "Endpoint name")->required();
  app->add_option("file", flags->file, "Audio file (WAV, MP3, FLAC, OGG, M4A, WebM, AMR)")
      ->required();
  app->add_option("--s3-bucket", flags->s3_bucket,
                  "Upload the audio to this bucket and send {bucket_name, s3_key} (FunASR)");
  app->add_option("--format", flags->format, "whisper, funasr or auto (funasr with --s3-bucket)")
      ->capture_default_str();
  app->add_flag("--json", flags->json, "Print the transcript with its segments as JSON");
  add_aws_flags(*app, flags->aws);
  commands.push_back({app, [flags] { return run_transcribe(*flags); }});
}

}  // namespace smp::cli
