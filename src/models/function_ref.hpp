#pragma once
// A non-owning reference to a callable, for sinks that are called synchronously while the
// function that received them runs (std::function_ref arrives only in C++26). Unlike
// std::function it never allocates: the hot streaming path calls one sink per record.
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace smp::models {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> &&
           std::is_invocable_r_v<R, F&, Args...>)
      // Implicit on purpose, like std::function_ref: callers pass lambdas directly.
      FunctionRef(F&& callable)
  noexcept  // NOLINT(google-explicit-constructor)
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(callable)))),
        call_([](void* object, Args... args) -> R {
          return std::invoke(*static_cast<std::remove_reference_t<F>*>(object),
                             std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

}  // namespace smp::models
