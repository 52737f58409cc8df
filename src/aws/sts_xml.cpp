#include "aws/sts_xml.hpp"

#include <pugixml.hpp>

#include "aws/arn.hpp"
#include "aws/credential_time.hpp"
#include "base/http_message.hpp"

namespace smp::aws {
namespace {

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && iequals(local_name(node), name)) return node;
  }
  return {};
}

std::string trimmed_text(const pugi::xml_node& node) {
  // child_value() is only the first text child; a CDATA section splits the text into several.
  std::string all;
  for (pugi::xml_node part = node.first_child(); part; part = part.next_sibling()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) all += part.value();
  }
  std::string_view text = all;
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return std::string(text);
}

std::string text_at(const pugi::xml_node& parent, std::string_view name) {
  pugi::xml_node node = child(parent, name);
  return node ? trimmed_text(node) : std::string();
}

Error protocol_error(std::string message) {
  return Error::make(ErrorKind::protocol, "StsResponseInvalid", std::move(message));
}

Result<pugi::xml_node> load_root(pugi::xml_document& doc, std::string_view xml,
                                 std::string_view root_name, std::string_view action) {
  if (xml.size() > kMaxStsResponseBytes) {
    return fail(protocol_error("the STS " + std::string(action) + " response is larger than " +
                               std::to_string(kMaxStsResponseBytes) + " bytes"));
  }
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return fail(protocol_error("the STS " + std::string(action) + " response is not valid XML (" +
                               parsed.description() + " at offset " +
                               std::to_string(parsed.offset) + ")"));
  }
  pugi::xml_node root = doc.document_element();
  if (!root || !iequals(local_name(root), root_name)) {
    return fail(protocol_error("the STS " + std::string(action) + " response has root element <" +
                               std::string(root ? local_name(root) : "") + ">, expected <" +
                               std::string(root_name) + ">"));
  }
  return root;
}

std::string request_id_of(const pugi::xml_node& root) {
  return text_at(child(root, "ResponseMetadata"), "RequestId");
}

}  // namespace

Result<StsCredentialsResult> parse_sts_credentials_response(std::string_view xml,
                                                            std::string_view action) {
  pugi::xml_document doc;
  const std::string root_name = std::string(action) + "Response";
  auto root = load_root(doc, xml, root_name, action);
  if (!root) return fail(std::move(root.error()));

  const pugi::xml_node result = child(*root, std::string(action) + "Result");
  if (!result) {
    return fail(protocol_error("the STS " + std::string(action) + " response has no <" +
                               std::string(action) + "Result>"));
  }
  const pugi::xml_node credentials = child(result, "Credentials");
  if (!credentials) {
    return fail(
        protocol_error("the STS " + std::string(action) + " response has no <Credentials>"));
  }

  StsCredentialsResult out;
  out.request_id = request_id_of(*root);
  out.credentials.access_key_id = text_at(credentials, "AccessKeyId");
  out.credentials.secret_access_key = text_at(credentials, "SecretAccessKey");
  out.credentials.session_token = text_at(credentials, "SessionToken");
  for (const char* required : {"AccessKeyId", "SecretAccessKey", "SessionToken"}) {
    if (text_at(credentials, required).empty()) {
      return fail(protocol_error("the STS " + std::string(action) + " response has no " + required +
                                 " in <Credentials>"));
    }
  }
  const std::string expiration = text_at(credentials, "Expiration");
  if (expiration.empty()) {
    return fail(protocol_error("the STS " + std::string(action) +
                               " response has no Expiration in <Credentials>"));
  }
  out.credentials.expiration = parse_iso8601_time(expiration);
  if (!out.credentials.expiration) {
    return fail(protocol_error("the STS " + std::string(action) +
                               " response has an unreadable Expiration '" +
                               expiration.substr(0, 64) + "'"));
  }

  const pugi::xml_node user = child(result, "AssumedRoleUser");
  out.assumed_role_arn = text_at(user, "Arn");
  out.assumed_role_id = text_at(user, "AssumedRoleId");
  out.credentials.account_id = account_id_from_arn(out.assumed_role_arn);
  out.source_identity = text_at(result, "SourceIdentity");
  out.subject_from_web_identity_token = text_at(result, "SubjectFromWebIdentityToken");
  out.provider = text_at(result, "Provider");
  out.audience = text_at(result, "Audience");
  return out;
}

Result<CallerIdentity> parse_caller_identity_response(std::string_view xml) {
  pugi::xml_document doc;
  auto root = load_root(doc, xml, "GetCallerIdentityResponse", "GetCallerIdentity");
  if (!root) return fail(std::move(root.error()));
  const pugi::xml_node result = child(*root, "GetCallerIdentityResult");
  if (!result) {
    return fail(
        protocol_error("the STS GetCallerIdentity response has no "
                       "<GetCallerIdentityResult>"));
  }
  CallerIdentity out;
  out.user_id = text_at(result, "UserId");
  out.account = text_at(result, "Account");
  out.arn = text_at(result, "Arn");
  out.request_id = request_id_of(*root);
  if (out.arn.empty() || out.account.empty()) {
    return fail(protocol_error("the STS GetCallerIdentity response has no Arn or Account"));
  }
  return out;
}

}  // namespace smp::aws
