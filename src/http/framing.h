#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace keyward::http {

// Request framing checks the HTTP parser leaves to us (RFC 9112 §6). A request they refuse gets
// 400 and its connection is closed: when two readings of where a body ends are possible, a proxy
// in front and this server could disagree, and the bytes after the body would run as a second
// request (request smuggling).

// The end of the header block in `bytes` (the index just past the blank line), or nullopt while
// it has not all arrived.
std::optional<std::size_t> header_block_end(std::string_view bytes);

// True when a line of `header_block` (which starts at a line start; the request line is a line)
// starts with a space or a tab: an obs-fold continuation line, or whitespace before the first
// field, both refused.
bool has_folded_line(std::string_view header_block);

// Why the body framing of a request is refused, or nullopt when it is unambiguous. The spans
// hold the value of every Transfer-Encoding and Content-Length field, in order; `version` is 10
// or 11. Accepted: no body field, one Content-Length of digits only, or (HTTP/1.1 only) one
// Transfer-Encoding that is exactly `chunked` (any letter case) without Content-Length.
std::optional<std::string> framing_problem(std::span<const std::string_view> transfer_encodings,
                                           std::span<const std::string_view> content_lengths,
                                           unsigned version);

}  // namespace keyward::http
