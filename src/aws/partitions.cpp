// Facts from botocore data/partitions.json (aws-wire.md §1.2; botocore 1.43.11).
#include "aws/partitions.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace smp::aws {
namespace {

using namespace std::string_view_literals;

constexpr std::array aws_prefixes = {"us"sv, "eu"sv, "ap"sv, "sa"sv, "ca"sv,
                                     "me"sv, "af"sv, "il"sv, "mx"sv};
constexpr std::array aws_regions = {
    "af-south-1"sv,     "ap-east-1"sv,      "ap-east-2"sv,      "ap-northeast-1"sv,
    "ap-northeast-2"sv, "ap-northeast-3"sv, "ap-south-1"sv,     "ap-south-2"sv,
    "ap-southeast-1"sv, "ap-southeast-2"sv, "ap-southeast-3"sv, "ap-southeast-4"sv,
    "ap-southeast-5"sv, "ap-southeast-6"sv, "ap-southeast-7"sv, "ca-central-1"sv,
    "ca-west-1"sv,      "eu-central-1"sv,   "eu-central-2"sv,   "eu-north-1"sv,
    "eu-south-1"sv,     "eu-south-2"sv,     "eu-west-1"sv,      "eu-west-2"sv,
    "eu-west-3"sv,      "il-central-1"sv,   "me-central-1"sv,   "me-south-1"sv,
    "mx-central-1"sv,   "sa-east-1"sv,      "us-east-1"sv,      "us-east-2"sv,
    "us-west-1"sv,      "us-west-2"sv,
};
constexpr std::array cn_prefixes = {"cn"sv};
constexpr std::array cn_regions = {"cn-north-1"sv, "cn-northwest-1"sv};
constexpr std::array eusc_prefixes = {"eusc-de"sv};
constexpr std::array eusc_regions = {"eusc-de-east-1"sv};
constexpr std::array iso_prefixes = {"us-iso"sv};
constexpr std::array iso_regions = {"us-iso-east-1"sv, "us-iso-west-1"sv};
constexpr std::array iso_b_prefixes = {"us-isob"sv};
constexpr std::array iso_b_regions = {"us-isob-east-1"sv, "us-isob-west-1"sv};
constexpr std::array iso_e_prefixes = {"eu-isoe"sv};
constexpr std::array iso_e_regions = {"eu-isoe-west-1"sv};
constexpr std::array iso_f_prefixes = {"us-isof"sv};
constexpr std::array iso_f_regions = {"us-isof-east-1"sv, "us-isof-south-1"sv};
constexpr std::array gov_prefixes = {"us-gov"sv};
constexpr std::array gov_regions = {"us-gov-east-1"sv, "us-gov-west-1"sv};

const std::array<Partition, 8> all_partitions = {{
    {"aws", "amazonaws.com", "api.aws", "us-east-1", "aws-global", aws_prefixes, aws_regions},
    {"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1",
     "aws-cn-global", cn_prefixes, cn_regions},
    {"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", "eusc-de-east-1", "", eusc_prefixes,
     eusc_regions},
    {"aws-iso", "c2s.ic.gov", "api.aws.ic.gov", "us-iso-east-1", "aws-iso-global", iso_prefixes,
     iso_regions},
    {"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", "us-isob-east-1", "aws-iso-b-global",
     iso_b_prefixes, iso_b_regions},
    {"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "eu-isoe-west-1", "aws-iso-e-global",
     iso_e_prefixes, iso_e_regions},
    {"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", "us-isof-south-1", "aws-iso-f-global",
     iso_f_prefixes, iso_f_regions},
    {"aws-us-gov", "amazonaws.com", "api.aws", "us-gov-west-1", "aws-us-gov-global", gov_prefixes,
     gov_regions},
}};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// ^prefix-\w+-\d+$ without std::regex: after "prefix-", one run of word characters, a dash,
// then digits to the end. \w excludes '-', so "us-gov-west-1" does not match prefix "us".
bool matches_pattern(std::string_view region, std::string_view prefix) {
  if (!region.starts_with(prefix) || region.size() <= prefix.size() ||
      region[prefix.size()] != '-') {
    return false;
  }
  std::string_view rest = region.substr(prefix.size() + 1);
  std::size_t word = 0;
  while (word < rest.size() && is_word_char(rest[word]))
    ++word;
  // Backtracking is unnecessary: the word run cannot contain '-', so the dash must follow it.
  if (word == 0 || word >= rest.size() || rest[word] != '-') return false;
  const std::string_view digits = rest.substr(word + 1);
  return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

bool belongs_to(const Partition& p, std::string_view region) {
  if (!p.global_pseudo_region.empty() && region == p.global_pseudo_region) return true;
  if (std::find(p.regions.begin(), p.regions.end(), region) != p.regions.end()) return true;
  return std::any_of(p.region_prefixes.begin(), p.region_prefixes.end(),
                     [&](std::string_view prefix) { return matches_pattern(region, prefix); });
}

}  // namespace

std::span<const Partition> partitions() {
  return all_partitions;
}

const Partition& partition_of_region(std::string_view region) {
  for (const Partition& p : all_partitions) {
    if (belongs_to(p, region)) return p;
  }
  return all_partitions.front();
}

const Partition* find_partition(std::string_view id) {
  for (const Partition& p : all_partitions) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

std::span<const std::string_view> regions_of_partition(std::string_view partition_id) {
  const Partition* p = find_partition(partition_id);
  return p != nullptr ? p->regions : std::span<const std::string_view>{};
}

}  // namespace smp::aws
