#pragma once
// IAM-like allow lists. An identity (or a role, for its sessions) may carry a list of statements;
// a request is allowed when one statement matches both its action and its resource. No list at
// all means "allow everything" (the demo key). There is no Deny: the emulator only needs to show
// what a real account answers when no identity-based policy allows the action.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator {

// Shell-style glob: '*' matches any run of characters, '?' one character.
bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case = false);

struct AllowStatement {
  // "sagemaker:InvokeEndpoint", "sagemaker:*", "*" (case-insensitive, as in IAM).
  std::vector<std::string> actions;
  // Globs over the resource ARN ("arn:aws:sagemaker:*:*:endpoint/demo-*"), or, for patterns that
  // do not start with "arn:", over the resource's short name ("demo-*", a role name, "bucket/key").
  std::vector<std::string> resources{"*"};
};

// What a request asks for, in IAM terms.
struct ResourceRef {
  std::string arn;
  std::string name;  // endpoint name, role name, "bucket/key", ...
};

class Policy {
 public:
  static Policy allow_all() { return Policy{}; }
  static Policy from_statements(std::vector<AllowStatement> statements) {
    Policy p;
    p.statements_ = std::move(statements);
    return p;
  }

  bool allows(std::string_view action, const ResourceRef& resource) const;
  bool unrestricted() const { return !statements_.has_value(); }
  const std::vector<AllowStatement>* statements() const {
    return statements_ ? &*statements_ : nullptr;
  }

 private:
  std::optional<std::vector<AllowStatement>> statements_;
};

}  // namespace smp::emulator
