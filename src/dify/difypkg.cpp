#include "dify/difypkg.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <memory>
#include <regex>

#include "aws/crypto.hpp"
#include "base/base64.hpp"
#include "dify/declarations.hpp"
#include "dify/package_files.hpp"

namespace smp::dify {

namespace json = boost::json;

namespace {

Error pkg_error(std::string code, std::string message) {
  return Error::make(ErrorKind::invalid_argument, std::move(code), std::move(message));
}

std::string digest_bytes(std::string_view data) {
  const auto d = aws::sha256(data);
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;

Result<Pkey> read_key(std::string_view pem, bool is_private) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* key = is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                             : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (!key)
    return fail(pkg_error("InvalidKey", is_private ? "the signing key is not a PEM private key"
                                                   : "the public key is not PEM"));
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return fail(pkg_error("InvalidKey", "the key is not an RSA key"));
  }
  return Pkey(key);
}

Result<std::string> rsa_sign_sha256(EVP_PKEY* key, std::string_view digest) {
  PkeyCtx ctx(EVP_PKEY_CTX_new(key, nullptr));
  std::size_t size = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_sign(ctx.get(), nullptr, &size,
                    reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) <= 0)
    return fail(ErrorKind::internal, "SignFailed", "RSA signing failed");
  std::string signature(size, '\0');
  if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                    reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) <= 0)
    return fail(ErrorKind::internal, "SignFailed", "RSA signing failed");
  signature.resize(size);
  return signature;
}

}  // namespace

std::string package_checksum(const std::vector<ZipEntry>& entries) {
  std::vector<const ZipEntry*> sorted;
  for (const auto& e : entries)
    sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(),
            [](const ZipEntry* a, const ZipEntry* b) { return a->path < b->path; });
  aws::Sha256 outer;
  for (const auto* e : sorted) {
    outer.update(digest_bytes(e->path));
    outer.update(digest_bytes(e->bytes));
  }
  return to_hex(outer.finish());
}

std::string signed_data(const std::vector<ZipEntry>& entries, std::int64_t time) {
  std::string data;
  for (const auto& e : entries)
    data += digest_bytes(e.bytes);
  data += std::to_string(time);
  return data;
}

Result<BuiltPackage> build_package(PackageRequest request) {
  BuiltPackage out;
  for (const auto& file : package_files())
    out.entries.push_back(ZipEntry{std::string(file.path), std::string(file.bytes), 0644});
  for (auto& extra : request.extra_files) {
    for (const auto& e : out.entries)
      if (e.path == extra.path)
        return fail(
            pkg_error("DuplicateEntry", fmt::format("{} is already in the package", extra.path)));
    out.entries.push_back(std::move(extra));
  }
  std::string comment;
  if (request.signing) {
    auto& s = *request.signing;
    static const std::regex category("^(langgenius|partner|community)$");
    if (!std::regex_match(s.category, category))
      return fail(
          pkg_error("InvalidCategory", "category must be langgenius, partner or community"));
    json::object verification;
    verification["authorized_category"] = s.category;
    // The signer appends it as the last entry; it is signed and in the checksum like any file.
    out.entries.push_back(ZipEntry{".verification.dify.json", json::serialize(verification), 0644});
    if (s.time == 0)
      s.time = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    auto key = read_key(s.private_key_pem, true);
    if (!key) return fail(key.error());
    auto signature = rsa_sign_sha256(key->get(), digest_bytes(signed_data(out.entries, s.time)));
    if (!signature) return fail(signature.error());
    json::object c;
    c["signature"] = base64_encode(*signature);
    c["time"] = s.time;
    comment = json::serialize(c);
  }
  for (const auto& e : out.entries)
    out.uncompressed_bytes += e.bytes.size();
  if (out.uncompressed_bytes > kMaxPackageBytes && !request.allow_oversize)
    return fail(pkg_error("PackageTooLarge",
                          fmt::format("the package holds {} bytes uncompressed, over the daemon's "
                                      "{} byte limit (MAX_PLUGIN_PACKAGE_SIZE); use a stripped "
                                      "release binary",
                                      out.uncompressed_bytes, kMaxPackageBytes)));
  auto zip = write_zip(out.entries, comment);
  if (!zip) return fail(zip.error());
  out.zip = std::move(*zip);
  out.checksum = package_checksum(out.entries);
  auto declarations = load_declarations();
  if (!declarations) return fail(declarations.error());
  const auto& m = declarations->manifest;
  auto text = [&](std::string_view key) {
    auto it = m.find(key);
    return it != m.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                    : std::string();
  };
  out.identity =
      fmt::format("{}/{}:{}@{}", text("author"), text("name"), text("version"), out.checksum);
  return out;
}

Result<void> verify_package_signature(std::string_view zip, std::string_view public_key_pem) {
  auto contents = read_zip(zip);
  if (!contents) return fail(contents.error());
  boost::system::error_code ec;
  auto comment = json::parse(contents->comment, ec);
  if (ec || !comment.is_object() || !comment.get_object().contains("signature") ||
      !comment.get_object().at("signature").is_string() || !comment.get_object().contains("time") ||
      !comment.get_object().at("time").is_int64())
    return fail(pkg_error("NotSigned", "the package comment holds no signature"));
  auto signature = base64_decode(comment.get_object().at("signature").get_string());
  if (!signature) return fail(pkg_error("NotSigned", "the signature is not base64"));
  auto key = read_key(public_key_pem, false);
  if (!key) return fail(key.error());
  const auto digest =
      digest_bytes(signed_data(contents->entries, comment.get_object().at("time").get_int64()));
  PkeyCtx ctx(EVP_PKEY_CTX_new(key->get(), nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                      signature->size(), reinterpret_cast<const unsigned char*>(digest.data()),
                      digest.size()) != 1)
    return fail(pkg_error("BadSignature", "the signature does not verify with this key"));
  return {};
}

}  // namespace smp::dify
