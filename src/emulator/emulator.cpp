#include "emulator/emulator.hpp"

#include <charconv>

#include "aws/sigv4.hpp"
#include "aws/uri_encoding.hpp"
#include "emulator/emulator_core.hpp"

namespace smp::emulator {

Result<ListenAddress> parse_listen_address(std::string_view text) {
  ListenAddress address;
  std::string_view port_text = text;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return fail(ErrorKind::invalid_argument, "InvalidListen",
                  "expected [IPv6]:PORT, got '" + std::string(text) + "'");
    address.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    if (colon > 0) address.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
    return fail(ErrorKind::invalid_argument, "InvalidListen",
                "expected HOST:PORT with a port 0-65535, got '" + std::string(text) + "'");
  address.port = static_cast<std::uint16_t>(port);
  return address;
}

Emulator::Core::Core(EmulatorConfig config_in, const Clock& clock_in,
                     std::unique_ptr<EndpointCatalog> catalog_in)
    : config(std::move(config_in)),
      clock(clock_in),
      credentials(clock),
      log(config.request_log_capacity),
      s3_store(clock),
      catalog(std::move(catalog_in)),
      authenticator(credentials, clock, config.max_clock_skew),
      sts(config, credentials, clock),
      s3(s3_store, clock),
      control_plane(*catalog, config.account),
      runtime(config, *catalog, clock) {
  for (const auto& identity : config.identities)
    credentials.add_identity(identity, config.account);
  for (const auto& bucket : config.buckets)
    s3_store.create_bucket(bucket);
}

Result<std::string> Emulator::Core::presign_get(std::string_view bucket, std::string_view key,
                                                std::chrono::seconds expires_in) const {
  if (config.identities.empty())
    return fail(ErrorKind::internal, "NoIdentity", "no identity to presign S3 URLs with");
  const auto& identity = config.identities.front();
  aws::Credentials credentials;
  credentials.access_key_id = identity.access_key_id;
  credentials.secret_access_key = identity.secret_access_key;
  HttpRequest request;
  request.method = "GET";
  request.url = base_url + "/" + aws::uri_encode(bucket) + "/" +
                aws::uri_encode(key, aws::SlashEncoding::keep);
  // Built in one go: member-by-member assignment trips a g++ 12 -O3 false positive.
  const aws::SigningParams params{.region = "us-east-1",
                                  .service = "s3",
                                  .time = clock.now(),
                                  .normalize_path = false,
                                  .double_encode_path = false,
                                  .unsigned_payload = true};
  return aws::presign_url(request, credentials, params, expires_in);
}

Result<std::string> Emulator::Core::read_presigned(std::string_view url) const {
  const auto parts = aws::split_url(url);
  const auto ours = aws::split_url(base_url);
  if (parts.authority != ours.authority)
    return fail(ErrorKind::not_found, "NotOurs", "the URL was not presigned by this emulator");
  HttpRequest request;
  request.method = "GET";
  request.url =
      std::string(parts.path) + (parts.query.empty() ? "" : "?") + std::string(parts.query);
  request.headers.add("Host", std::string(parts.authority));
  auto claim = authenticator.claim(request);
  if (!claim || !claim->sigv4)
    return fail(ErrorKind::auth, "AccessDenied", "the URL carries no valid presigned signature");
  auto verified = authenticator.verify(request, *claim->sigv4);
  if (!verified)
    return fail(ErrorKind::auth, "AccessDenied", "the presigned URL is invalid or has expired");
  const auto target = s3_target(parts.authority, parts.path);
  const std::string name = target.bucket + "/" + target.key;
  if (!verified->principal->policy->allows("s3:GetObject", {"arn:aws:s3:::" + name, name}))
    return fail(ErrorKind::auth, "AccessDenied", "Access Denied");
  auto object = s3_store.get(target.bucket, target.key);
  if (!object) return fail(object.error());
  return std::move(object->body);
}

Result<std::unique_ptr<Emulator>> Emulator::create(EmulatorConfig config, const Clock& clock,
                                                   ContainerFactory containers) {
  auto catalog = EndpointCatalog::build(config, clock.now(), containers);
  if (!catalog) return fail(catalog.error());
  auto core = std::make_unique<Core>(std::move(config), clock, std::move(*catalog));
  return std::unique_ptr<Emulator>(new Emulator(std::move(core)));
}

Emulator::Emulator(std::unique_ptr<Core> core) : core_(std::move(core)) {}

Emulator::~Emulator() {
  stop(std::chrono::milliseconds(0));
}

Result<void> Emulator::start(const ListenAddress& listen, std::size_t threads) {
  if (core_->server) return fail(ErrorKind::internal, "AlreadyStarted", "the emulator is running");
  http::ServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.threads = threads == 0 ? 1 : threads;
  // Bodies past the InvokeEndpoint limit must reach the handler so it can answer with the
  // service's own 413; the server's cap only guards memory.
  options.max_body_bytes =
      std::max<std::size_t>(64 * 1024 * 1024, core_->config.max_body_bytes + 1);
  options.max_header_bytes = 64 * 1024;
  Core* core = core_.get();
  core_->server = std::make_unique<http::Server>(
      options, [core](http::ServerRequest& request, http::ResponseWriter& writer) {
        return core->handle(request, writer);
      });
  if (auto started = core_->server->start(); !started) {
    core_->server.reset();
    return started;
  }
  // Forwarding targets are plain-http local containers: no CA store to load (that costs a few
  // hundred milliseconds of startup), and no client at all without `url:` backends.
  bool forwards = false;
  for (const auto& endpoint : core_->catalog->endpoints()) {
    for (const auto& variant : endpoint->variants)
      forwards |= !variant.backend.url.empty();
    for (const auto& component : endpoint->components)
      forwards |= !component.backend.url.empty();
  }
  if (forwards) {
    http::ClientOptions client_options;
    client_options.use_system_trust_store = false;
    client_options.proxy = http::ProxySettings{};  // never through a proxy: the targets are local
    core_->client = std::make_unique<http::Client>(core_->server->executor(), client_options);
  }
  core_->base_url = core_->server->url();
  core_->s3_store.set_presigner(
      [core](std::string_view bucket, std::string_view key, std::chrono::seconds expires) {
        return core->presign_get(bucket, key, expires);
      },
      [core](std::string_view url) { return core->read_presigned(url); });
  return {};
}

std::uint16_t Emulator::port() const {
  return core_->server ? core_->server->port() : 0;
}

std::string Emulator::url() const {
  return core_->base_url;
}

void Emulator::stop(std::chrono::milliseconds drain) {
  if (!core_ || !core_->server) return;
  std::call_once(core_->stopped, [&] {
    core_->s3_store.set_presigner({}, {});
    core_->server->stop(drain);
  });
}

void Emulator::wait() {
  if (core_->server) core_->server->wait();
}

const EmulatorConfig& Emulator::config() const {
  return core_->config;
}
RequestLog& Emulator::request_log() {
  return core_->log;
}
S3Store& Emulator::object_store() {
  return core_->s3_store;
}

}  // namespace smp::emulator
