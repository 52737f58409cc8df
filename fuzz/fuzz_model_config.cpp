// Model settings come from outside (Dify credential forms, gateway YAML): any keys and values
// must parse to a config or to an error that names a field, never crash; the error never
// quotes a secret; a parsed config always maps to connection settings and an identity.
//
// Input: "key=value" lines; a key of the settings forms may appear with any value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "provider/model_config.hpp"
#include "provider/model_features.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smp::provider;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Settings settings;
  while (!input.empty()) {
    auto end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
    auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    settings[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  for (auto type : {ModelType::llm, ModelType::text_embedding, ModelType::rerank, ModelType::tts,
                    ModelType::speech2text}) {
    auto config = parse_model_config(type, "fuzz", settings);
    if (!config) {
      const auto& message = config.error().message;
      if (config.error().kind != smp::ErrorKind::invalid_argument) std::abort();
      if (message.find(':') == std::string::npos) std::abort();  // "<field>: …"
      for (const char* secret : {"aws_secret_access_key", "aws_session_token"}) {
        auto it = settings.find(secret);
        if (it == settings.end() || it->second.size() < 8 ||
            message.find(it->second) == std::string::npos)
          continue;
        // Those characters may come from elsewhere (a field name, another field's bad value):
        // with the secret replaced, they must still be there.
        Settings masked = settings;
        masked[secret] = std::string(it->second.size(), '\x01');
        auto again = parse_model_config(type, "fuzz", masked);
        if (again || again.error().message.find(it->second) == std::string::npos) std::abort();
      }
      continue;
    }
    auto connection = connection_settings(*config);
    auto identity = connection_identity(*config);
    // The identity never carries the secret — unless a field it may show (the key id, the role,
    // the URL…) happens to contain those characters itself.
    const auto& secret = config->aws.secret_access_key;
    const std::string shown = config->aws.access_key_id + "\n" + config->aws.region + "\n" +
                              config->aws.endpoint_url + "\n" + config->aws.profile + "\n" +
                              config->aws.role_arn + "\n" + config->aws.external_id + "\n" +
                              config->aws.role_session_name;
    if (secret.size() >= 8 && identity.find(secret) != std::string::npos &&
        shown.find(secret) == std::string::npos)
      std::abort();
    auto features = describe_model(*config);
    (void)connection;
    (void)features.dify_feature_names();
  }
  return 0;
}
