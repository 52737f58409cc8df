#pragma once
// AWS event stream (application/vnd.amazon.eventstream): message values, the incremental decoder
// and the encoder. The SageMaker ResponseStream layer on top is aws/eventstream_sagemaker.hpp.
#include "aws/eventstream_decoder.hpp"  // IWYU pragma: export
#include "aws/eventstream_encoder.hpp"  // IWYU pragma: export
#include "aws/eventstream_message.hpp"  // IWYU pragma: export
