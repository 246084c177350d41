#include "http/message.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include <strings.h>
#include <algorithm>
#include <array>

namespace keyward::http {
namespace {

constexpr std::array<std::pair<std::string_view, Method>, 7> kMethods = {{
    {"GET", Method::kGet},
    {"HEAD", Method::kHead},
    {"POST", Method::kPost},
    {"PUT", Method::kPut},
    {"PATCH", Method::kPatch},
    {"DELETE", Method::kDelete},
    {"OPTIONS", Method::kOptions},
}};

}  // namespace

std::string_view method_name(Method method) {
  for (const auto& [name, m] : kMethods) {
    if (m == method) return name;
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  for (const auto& [n, m] : kMethods) {
    if (n == name) return m;
  }
  return Method::kOther;
}

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  // Validate first: the params_view constructor throws on malformed escapes.
  if (!boost::urls::parse_query(query)) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  for (const auto& param : boost::urls::params_view(query, options)) {
    if (param.key == name) return param.has_value ? param.value : std::string();
  }
  return std::nullopt;
}

std::vector<std::string> Request::query_params(std::string_view name) const {
  std::vector<std::string> out;
  if (!boost::urls::parse_query(query)) return out;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  for (const auto& param : boost::urls::params_view(query, options)) {
    if (param.key == name) out.push_back(param.has_value ? param.value : std::string());
  }
  return out;
}

bool Response::has_header(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) {
    return h.first.size() == name.size() &&
           ::strncasecmp(h.first.data(), name.data(), name.size()) == 0;
  });
}

}  // namespace keyward::http
