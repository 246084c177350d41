#include "api/changes.h"

#include <boost/json.hpp>

#include "api/events.h"
#include "log/log.h"
#include "tokens/token_cache.h"

namespace keyward::api {
namespace {

std::string string_at(const boost::json::object& notice, const char* name) {
  const auto* value = notice.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

void route(const std::string& payload, EventHub* events, TokenCache* tokens) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(payload, ec);
  if (ec || !parsed.is_object()) {
    log::warn("change_notice_unreadable", {{"bytes", static_cast<std::int64_t>(payload.size())}});
    return;
  }
  const auto& notice = parsed.as_object();
  std::string kind = string_at(notice, "kind");
  std::string team = string_at(notice, "team");
  if (kind == "event" && events != nullptr) {
    const auto* data = notice.if_contains("data");
    events->publish(team, string_at(notice, "event"),
                    data != nullptr ? boost::json::serialize(*data) : "{}");
  } else if (kind == "leave" && events != nullptr) {
    events->close_streams_of(team, string_at(notice, "user"));
  } else if (kind == "session_end" && events != nullptr) {
    events->close_session_streams(string_at(notice, "session"));
  } else if (kind == "service_token" && tokens != nullptr) {
    tokens->forget(string_at(notice, "id"));
  }
}

}  // namespace

storage::ChangeHandler change_handler(EventHub* events, TokenCache* tokens) {
  return storage::ChangeHandler{
      [events, tokens](const std::string& payload) { route(payload, events, tokens); },
      [tokens] {
        if (tokens != nullptr) tokens->clear();
      }};
}

}  // namespace keyward::api
