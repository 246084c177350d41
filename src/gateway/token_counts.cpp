#include "gateway/token_counts.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>

namespace keyward::gateway {

namespace {

bool starts_with_lower(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char p, char t) {
    return p == static_cast<char>(std::tolower(static_cast<unsigned char>(t)));
  });
}

void keep_larger(std::int64_t& kept, const boost::json::object& usage,
                 std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    const auto* found = usage.if_contains(name);
    if (found != nullptr && found->is_int64()) kept = std::max(kept, found->as_int64());
  }
}

void read_usage(TokenCounts& counts, const boost::json::value* usage) {
  if (usage == nullptr || !usage->is_object()) return;
  const auto& fields = usage->as_object();
  keep_larger(counts.input, fields, {"prompt_tokens", "input_tokens", "promptTokenCount"});
  keep_larger(counts.output, fields,
              {"completion_tokens", "output_tokens", "candidatesTokenCount"});
}

}  // namespace

TokenCounter::TokenCounter(std::string_view content_type) {
  if (starts_with_lower(content_type, "application/json")) {
    mode_ = Mode::kJson;
  } else if (starts_with_lower(content_type, "text/event-stream")) {
    mode_ = Mode::kEvents;
  }
}

void TokenCounter::feed(std::string_view piece) {
  if (mode_ == Mode::kJson) {
    if (buffer_.size() + piece.size() > kMaxJsonBytes) {
      mode_ = Mode::kNone;  // too large to be worth holding: its tokens go uncounted
      std::string().swap(buffer_);
      return;
    }
    buffer_.append(piece);
    return;
  }
  if (mode_ != Mode::kEvents) return;
  while (!piece.empty()) {
    auto end = piece.find('\n');
    std::string_view part = piece.substr(0, end);
    if (!skipping_line_) {
      if (buffer_.size() + part.size() > kMaxLineBytes) {
        skipping_line_ = true;
        buffer_.clear();
      } else {
        buffer_.append(part);
      }
    }
    if (end == std::string_view::npos) return;
    line_done();
    piece.remove_prefix(end + 1);
  }
}

void TokenCounter::line_done() {
  std::string_view line(buffer_);
  if (!skipping_line_ && line.starts_with("data:") &&
      line.find("sage") != std::string_view::npos) {  // "usage", "usageMetadata"
    line.remove_prefix(5);
    take(line);
  }
  skipping_line_ = false;
  buffer_.clear();
}

void TokenCounter::take(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) return;
  const auto& fields = value.as_object();
  read_usage(counts_, fields.if_contains("usage"));
  read_usage(counts_, fields.if_contains("usageMetadata"));
  for (std::string_view holder : {"message", "response"}) {  // Anthropic, OpenAI Responses
    const auto* inner = fields.if_contains(holder);
    if (inner != nullptr && inner->is_object()) {
      read_usage(counts_, inner->as_object().if_contains("usage"));
    }
  }
}

TokenCounts TokenCounter::finish() {
  if (mode_ == Mode::kJson) {
    take(buffer_);
  } else if (mode_ == Mode::kEvents && !buffer_.empty()) {
    line_done();  // a last line without its newline
  }
  std::string().swap(buffer_);
  mode_ = Mode::kNone;
  return counts_;
}

}  // namespace keyward::gateway
