// sagemaker-provider: one binary, several front doors (see README.md).
#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  CLI::App app{"sagemaker-provider: use models hosted on Amazon SageMaker endpoints"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
