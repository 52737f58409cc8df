#pragma once
// The AWS partitions (botocore data/partitions.json, aws-wire.md §1.2): which DNS suffix a region
// lives under, and the known regions of each partition (for `check --scan-regions`).
#include <span>
#include <string_view>

namespace smp::aws {

struct Partition {
  std::string_view id;                      // "aws", "aws-cn", "aws-us-gov", ...
  std::string_view dns_suffix;              // "amazonaws.com"
  std::string_view dual_stack_dns_suffix;   // "api.aws"
  std::string_view implicit_global_region;  // where global services sign ("us-east-1")
  std::string_view global_pseudo_region;    // "aws-global"; empty when the partition has none
  // The partition's regionRegex is ^(prefix)-\w+-\d+$ for one of these prefixes.
  std::span<const std::string_view> region_prefixes;
  // The regions partitions.json lists (without pseudo regions), in alphabetical order.
  std::span<const std::string_view> regions;
};

// All partitions, in partitions.json order (aws first).
std::span<const Partition> partitions();

// The partition a region belongs to: the first whose region list or pattern matches, else
// "aws" (botocore endpoint_provider.py: unknown regions are assumed commercial).
const Partition& partition_of_region(std::string_view region);

// nullptr for an unknown id.
const Partition* find_partition(std::string_view id);

// The known regions of a partition; empty for an unknown id.
std::span<const std::string_view> regions_of_partition(std::string_view partition_id);

}  // namespace smp::aws
