// Declarations, the zip writer, the checksum and signatures of the .difypkg.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <boost/json/parse.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "aws/crypto.hpp"
#include "base/base64.hpp"
#include "dify/declarations.hpp"
#include "dify/difypkg.hpp"
#include "dify/package_files.hpp"
#include "dify/zip_writer.hpp"

namespace smp::dify {
namespace {

namespace json = boost::json;

TEST(Declarations, YamlScalarsAreTypedAsGoReadsThem) {
  auto v = yaml_to_json("a: true\nb: '4096'\nc: 4096\nd: 0.1.0\ne: ~\nf: \"true\"\ng: [x, 1.5]\n");
  ASSERT_TRUE(v);
  const auto& o = v->as_object();
  EXPECT_TRUE(o.at("a").is_bool());
  EXPECT_EQ(o.at("b").as_string(), "4096");
  EXPECT_EQ(o.at("c").as_int64(), 4096);
  EXPECT_EQ(o.at("d").as_string(), "0.1.0");
  EXPECT_TRUE(o.at("e").is_null());
  EXPECT_EQ(o.at("f").as_string(), "true");
  EXPECT_DOUBLE_EQ(o.at("g").as_array().at(1).as_double(), 1.5);
  EXPECT_FALSE(yaml_to_json("a: [unclosed"));
}

TEST(Declarations, ManifestAndProviderFollowTheDaemonRules) {
  auto d = load_declarations();
  ASSERT_TRUE(d) << d.error().message;
  const auto& m = d->manifest;
  EXPECT_NE(m.at("author").as_string(), "langgenius");
  EXPECT_TRUE(m.at("resource").at("memory").is_int64());
  EXPECT_EQ(m.at("meta").at("runner").at("language").as_string(), "python");
  EXPECT_EQ(m.at("meta").at("runner").at("entrypoint").as_string(), "main");
  EXPECT_EQ(m.at("plugins").at("models").as_array().size(), 1u);
  const auto& p = d->provider;
  EXPECT_EQ(p.at("provider").as_string(), "sagemaker");
  EXPECT_EQ(p.at("supported_model_types").as_array().size(), 5u);
  EXPECT_TRUE(p.at("models").as_array().empty());
  EXPECT_FALSE(p.contains("extra"));
  const auto& forms = p.at("model_credential_schema").at("credential_form_schemas").as_array();
  EXPECT_LE(forms.size(), 32u);
  std::set<std::string> variables;
  for (const auto& f : forms) {
    variables.insert(std::string(f.at("variable").as_string()));
    if (f.as_object().contains("default") && !f.at("default").is_null()) {
      EXPECT_TRUE(f.at("default").is_string()) << f.at("variable").as_string();
    }
    EXPECT_TRUE(f.at("required").is_bool());
  }
  // The seed plugin's names, and what it lacked.
  for (const char* v : {"model_id",
                        "mode",
                        "sagemaker_endpoint",
                        "context_length",
                        "function_calling_type",
                        "enable_request_metadata",
                        "vision_support",
                        "audio_s3_cache_bucket",
                        "audio_model_type",
                        "prompt_audio",
                        "prompt_text",
                        "instruct_text",
                        "aws_access_key_id",
                        "aws_secret_access_key",
                        "assume_role_arn",
                        "aws_region",
                        "external_id",
                        "inference_component",
                        "custom_attributes",
                        "endpoint_url",
                        "payload_format",
                        "aws_region_custom",
                        "embedding_batch_size",
                        "query_instruction"}) {
    EXPECT_TRUE(variables.count(v)) << v;
  }
}

TEST(Declarations, RegistrationSendsEveryReferencedIconInChunks) {
  auto d = load_declarations();
  ASSERT_TRUE(d);
  auto lines = registration_lines(*d);
  ASSERT_TRUE(lines);
  ASSERT_GE(lines->size(), 5u);
  EXPECT_EQ(json::parse(lines->front()).at("type").as_string(), "manifest_declaration");
  EXPECT_EQ(json::parse((*lines)[1]).at("type").as_string(), "model_declaration");
  EXPECT_TRUE(json::parse((*lines)[1]).at("data").is_array());
  EXPECT_EQ(json::parse(lines->back()).at("type").as_string(), "end");
  std::map<std::string, std::string> assets;
  for (const auto& line : *lines) {
    auto v = json::parse(line);
    if (v.at("type").as_string() != "asset_chunk") continue;
    auto bytes = base64_decode(v.at("data").at("data").as_string());
    ASSERT_TRUE(bytes);
    assets[std::string(v.at("data").at("filename").as_string())] += *bytes;
  }
  EXPECT_EQ(assets.at("icon_s_en.svg"), *package_file("_assets/icon_s_en.svg"));
  EXPECT_EQ(assets.at("icon_l_en.svg"), *package_file("_assets/icon_l_en.svg"));
  EXPECT_EQ(json::parse(handshake_line("k")).at("data").at("key").as_string(), "k");
}

TEST(Zip, RoundTripsAndUnzipAgrees) {
  std::vector<ZipEntry> entries = {{"a.txt", std::string(10000, 'a'), 0644},
                                   {"dir/b.bin", std::string("\x00\x01\x02", 3), 0755},
                                   {"empty", "", 0644}};
  auto zip = write_zip(entries, "{\"c\":1}");
  ASSERT_TRUE(zip);
  auto back = read_zip(*zip);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->entries.size(), 3u);
  EXPECT_EQ(back->entries[0].bytes, entries[0].bytes);
  EXPECT_EQ(back->entries[1].bytes, entries[1].bytes);
  EXPECT_EQ(back->entries[1].mode, 0755u);
  EXPECT_EQ(back->comment, "{\"c\":1}");
  EXPECT_FALSE(write_zip({{"../x", "", 0644}}));
  EXPECT_FALSE(write_zip({{"x", "", 0644}, {"x", "", 0644}}));
  // An independent reader: Info-ZIP's unzip tests every CRC.
  const auto path = std::filesystem::temp_directory_path() / "smp_dify_zip_test.zip";
  std::ofstream(path, std::ios::binary) << *zip;
  EXPECT_EQ(std::system(("unzip -tq " + path.string() + " > /dev/null").c_str()), 0);
  std::filesystem::remove(path);
  auto corrupt = *zip;
  corrupt[40] ^= 0x55;
  EXPECT_FALSE(read_zip(corrupt));
}

TEST(Package, ChecksumFollowsTheDaemonAlgorithm) {
  std::vector<ZipEntry> entries = {{"b", "2", 0644}, {"a", "1", 0644}};
  // sha256( sha256("a") || sha256("1") || sha256("b") || sha256("2") ), paths sorted.
  auto raw = [](std::string_view s) {
    auto d = aws::sha256(s);
    return std::string(reinterpret_cast<const char*>(d.data()), d.size());
  };
  const auto expected = aws::sha256_hex(raw("a") + raw("1") + raw("b") + raw("2"));
  EXPECT_EQ(package_checksum(entries), expected);
}

std::pair<std::string, std::string> rsa_key_pair() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub, key);
  auto read = [](BIO* b) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<std::size_t>(n));
  };
  auto out = std::make_pair(read(priv), read(pub));
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return out;
}

TEST(Package, BuildsSignsAndVerifies) {
  PackageRequest request;
  request.extra_files.push_back({"bin/amd64/sagemaker-provider", "#!binary", 0755});
  auto [private_pem, public_pem] = rsa_key_pair();
  request.signing = PackageSigning{private_pem, "community", 1700000000};
  auto built = build_package(std::move(request));
  ASSERT_TRUE(built) << built.error().message;
  auto contents = read_zip(built->zip);
  ASSERT_TRUE(contents);
  std::set<std::string> paths;
  for (const auto& e : contents->entries)
    paths.insert(e.path);
  for (const char* p : {"manifest.yaml", "provider/sagemaker.yaml", "_assets/icon_s_en.svg",
                        "_assets/icon_l_en.svg", "requirements.txt", "main.py", "README.md",
                        "PRIVACY.md", "bin/amd64/sagemaker-provider"}) {
    EXPECT_TRUE(paths.count(p)) << p;
  }
  EXPECT_EQ(contents->entries.back().path, ".verification.dify.json");
  EXPECT_EQ(package_checksum(contents->entries), built->checksum);
  EXPECT_TRUE(built->identity.starts_with("sagemaker-provider/sagemaker_native:0.1.0@"));
  EXPECT_TRUE(verify_package_signature(built->zip, public_pem));
  auto [other_private, other_public] = rsa_key_pair();
  EXPECT_FALSE(verify_package_signature(built->zip, other_public));
  // Tampering with any file breaks the signature.
  auto entries = contents->entries;
  entries[0].bytes += " ";
  auto tampered = write_zip(entries, contents->comment);
  ASSERT_TRUE(tampered);
  EXPECT_FALSE(verify_package_signature(*tampered, public_pem));
}

TEST(Package, RefusesOversizedPackages) {
  PackageRequest request;
  request.extra_files.push_back({"bin/big", std::string(kMaxPackageBytes, 'x'), 0644});
  auto built = build_package(request);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, "PackageTooLarge");
  request.allow_oversize = true;  // sanitizer builds under test only
  EXPECT_TRUE(build_package(std::move(request)));
}

}  // namespace
}  // namespace smp::dify
