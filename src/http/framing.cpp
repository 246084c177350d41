#include "http/framing.h"

#include <algorithm>
#include <cctype>

namespace keyward::http {

std::optional<std::size_t> header_block_end(std::string_view bytes) {
  auto end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  return end + 4;
}

bool has_folded_line(std::string_view header_block) {
  if (!header_block.empty() && (header_block[0] == ' ' || header_block[0] == '\t')) return true;
  for (auto line = header_block.find('\n'); line != std::string_view::npos;
       line = header_block.find('\n', line + 1)) {
    if (line + 1 < header_block.size() &&
        (header_block[line + 1] == ' ' || header_block[line + 1] == '\t')) {
      return true;
    }
  }
  return false;
}

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> framing_problem(std::span<const std::string_view> transfer_encodings,
                                           std::span<const std::string_view> content_lengths,
                                           unsigned version) {
  if (!transfer_encodings.empty()) {
    if (version < 11) return "HTTP/1.0 requests cannot use Transfer-Encoding.";
    if (!content_lengths.empty()) {
      return "A request cannot have both Transfer-Encoding and Content-Length.";
    }
    if (transfer_encodings.size() != 1 || !equals_ignoring_case(transfer_encodings[0], "chunked")) {
      return "The only Transfer-Encoding accepted is chunked, alone.";
    }
    return std::nullopt;
  }
  if (content_lengths.size() > 1) return "A request must have at most one Content-Length.";
  if (content_lengths.size() == 1 && !all_digits(content_lengths[0])) {
    return "Content-Length must be a single number.";
  }
  return std::nullopt;
}

}  // namespace keyward::http
