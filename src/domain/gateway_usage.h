#pragma once

#include <cstdint>
#include <string>

namespace keyward {

// What the gateway did with one key for one service token in one period (an hour as stored, a
// day as GET …/usage reports it): counts of upstream attempts and their answers. Numbers only,
// never a secret.
struct GatewayUsage {
  std::string api_key_id;
  std::string token_id;
  std::string team_id;
  std::int64_t period_start = 0;  // ms since the epoch, UTC
  std::int64_t requests = 0;      // attempts sent to the provider with this key
  std::int64_t status_2xx = 0;
  std::int64_t status_3xx = 0;
  std::int64_t status_4xx = 0;
  std::int64_t status_5xx = 0;
  std::int64_t failed = 0;        // no answer: the provider could not be reached or broke off
  std::int64_t bytes_in = 0;      // request bodies sent
  std::int64_t bytes_out = 0;     // response bodies received
  std::int64_t latency_us = 0;    // summed time to the provider's answer head
  std::int64_t input_tokens = 0;  // as the provider counted them, where its answer says
  std::int64_t output_tokens = 0;

  // Adds `other`'s counts to these.
  void add(const GatewayUsage& other) {
    requests += other.requests;
    status_2xx += other.status_2xx;
    status_3xx += other.status_3xx;
    status_4xx += other.status_4xx;
    status_5xx += other.status_5xx;
    failed += other.failed;
    bytes_in += other.bytes_in;
    bytes_out += other.bytes_out;
    latency_us += other.latency_us;
    input_tokens += other.input_tokens;
    output_tokens += other.output_tokens;
  }
  // Answers that were not a success, and attempts that got none.
  std::int64_t errors() const { return status_4xx + status_5xx + failed; }
};

inline constexpr std::int64_t kMsPerHour = 3'600'000;
inline constexpr std::int64_t kMsPerDay = 86'400'000;

}  // namespace keyward
