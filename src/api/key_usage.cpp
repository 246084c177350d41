#include "api/key_usage.h"

#include <boost/json.hpp>

#include "domain/clock.h"
#include "domain/validation.h"
#include "http/responses.h"
#include "keys/usage.h"

namespace keyward::api {
namespace {

// A UTC day written YYYY-MM-DD, as its start in ms; nullopt for anything else.
std::optional<std::int64_t> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  return parse_rfc3339(std::string(text) + "T00:00:00Z");
}

std::string day_text(std::int64_t day_start) { return format_rfc3339(day_start).substr(0, 10); }

// The counts of one period, as every usage answer writes them.
boost::json::object counts_view(const GatewayUsage& use) {
  return boost::json::object{
      {"requests", use.requests},
      {"errors", use.errors()},
      {"status_2xx", use.status_2xx},
      {"status_3xx", use.status_3xx},
      {"status_4xx", use.status_4xx},
      {"status_5xx", use.status_5xx},
      {"failed", use.failed},
      {"bytes_in", use.bytes_in},
      {"bytes_out", use.bytes_out},
      // Mean time to the provider's answer head, over the attempts that got one.
      {"latency_ms_avg", use.requests > use.failed
                             ? static_cast<double>(use.latency_us) / 1000.0 /
                                   static_cast<double>(use.requests - use.failed)
                             : 0.0},
      {"input_tokens", use.input_tokens},
      {"output_tokens", use.output_tokens}};
}

}  // namespace

http::Response get_api_key_usage(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  std::string id(request.param("id"));
  std::int64_t now = context.clock.now_ms();
  std::int64_t today = now - now % kMsPerDay;
  FieldErrors errors;
  std::optional<std::int64_t> to = today;
  if (auto text = request.query_param("to")) {
    to = parse_day(*text);
    if (!to) errors.add("to", "Give a day as YYYY-MM-DD.");
  }
  std::optional<std::int64_t> from = to ? std::optional(*to - 29 * kMsPerDay) : std::nullopt;
  if (auto text = request.query_param("from")) {
    from = parse_day(*text);
    if (!from) errors.add("from", "Give a day as YYYY-MM-DD.");
  }
  if (from && to) {
    if (*from > *to) {
      errors.add("from", "The first day comes after the last.");
    } else if ((*to - *from) / kMsPerDay + 1 > keys::kMaxUsageDays) {
      errors.add("from", "At most " + std::to_string(keys::kMaxUsageDays) + " days at once.");
    }
  }
  if (!errors.empty()) return http::problem(errors.to_error());

  Actor actor = actor_of(caller, request);
  auto usage = storage::read<keys::KeyUsage>(context.store, [&](storage::ReadTx& tx) {
    return keys::key_usage(tx, actor, id, *from, *to);
  });
  if (!usage) return http::problem(usage.error());
  boost::json::array days;
  for (const auto& day : usage->days) {
    boost::json::object view = counts_view(day);
    view.emplace("date", day_text(day.period_start));
    days.push_back(std::move(view));
  }
  boost::json::array tokens;
  for (const auto& token : usage->tokens) {
    boost::json::object view = counts_view(token);
    view.emplace("service_token_id", token.token_id);
    tokens.push_back(std::move(view));
  }
  return http::json_response(200, boost::json::object{{"api_key_id", id},
                                                      {"from", day_text(*from)},
                                                      {"to", day_text(*to)},
                                                      {"days", std::move(days)},
                                                      {"service_tokens", std::move(tokens)},
                                                      {"total", counts_view(usage->total)}});
}

http::Response list_recent_usage(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto recent = storage::read<std::vector<GatewayUsage>>(
      context.store, [&](storage::ReadTx& tx) { return keys::recent_usage(tx, actor, now); });
  if (!recent) return http::problem(recent.error());
  boost::json::array items;
  for (const auto& use : *recent) {
    items.push_back(boost::json::object{
        {"api_key_id", use.api_key_id}, {"requests", use.requests}, {"errors", use.errors()}});
  }
  return http::json_response(
      200, boost::json::object{{"since", format_rfc3339(keys::recent_usage_since(now))},
                               {"items", std::move(items)}});
}

}  // namespace keyward::api
