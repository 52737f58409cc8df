#pragma once
// Injectable process environment: credential sources and endpoint resolution read variables
// through this, so tests give each case its own environment and file-system root (HOME).
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace smp {

class Environment {
 public:
  virtual ~Environment() = default;
  // The value of a variable; unset and empty are both "no value", as the AWS SDKs treat them.
  virtual std::optional<std::string> get(std::string_view name) const = 0;
};

class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
  static const ProcessEnvironment& instance();
};

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> init)
      : vars_(init) {}
  std::optional<std::string> get(std::string_view name) const override;
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void unset(const std::string& name) { vars_.erase(name); }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace smp
