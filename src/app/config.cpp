#include "app/config.h"

#include <charconv>

namespace keyward::app {
namespace {

Error config_error(const std::string& message) {
  return Error::make(ErrorCode::kBadRequest, message, message);
}

}  // namespace

Result<ListenAddress> parse_listen(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return config_error("listen address '" + text + "' must be host:port, e.g. 127.0.0.1:8080");
  }
  std::string host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']') return config_error("listen address '" + text + "' has a bad [v6]");
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc() || ptr != end || port > 65535) {
    return config_error("listen port in '" + text + "' must be a number from 0 to 65535");
  }
  return ListenAddress{host, static_cast<std::uint16_t>(port)};
}

Result<log::Format> parse_log_format(const std::string& text) {
  if (text == "text") return log::Format::kText;
  if (text == "json") return log::Format::kJson;
  return config_error("log format must be text or json, not '" + text + "'");
}

}  // namespace keyward::app
