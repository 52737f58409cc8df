#pragma once
// A request's `credentials` (the values of the model credential form, as Dify stored them:
// strings, booleans or numbers) and `model_type`/`model` → the provider's ModelConfig.
#include <boost/json/object.hpp>

#include "base/error.hpp"
#include "provider/model_config.hpp"
#include "provider/model_type.hpp"
#include "provider/settings.hpp"

namespace smp::dify {

// Strings as they are, booleans as "true"/"false", numbers in their shortest form; null skipped;
// arrays and objects as JSON text.
provider::Settings settings_from_credentials(const boost::json::object& credentials);

// What the form adds to the provider's settings: aws_region_custom overrides aws_region, the
// seed's enabled/disabled select values, and the seed's payload formats as the defaults
// (text-embedding: bge-m3 handler; rerank: FlagReranker handler).
void adapt_form_settings(provider::ModelType type, provider::Settings& settings);

// model_type, model and credentials of a request's data. invalid_argument naming the field.
Result<provider::ModelConfig> model_config_from_request(const boost::json::object& data);

}  // namespace smp::dify
