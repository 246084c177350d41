#include "domain/error.h"

#include <array>
#include <cstddef>

namespace keyward {
namespace {

constexpr std::array<ErrorInfo, static_cast<std::size_t>(ErrorCode::kCount)> kErrorTable = {{
    {400, "bad-request", "Bad request"},
    {401, "unauthorized", "Authentication required"},
    {403, "forbidden", "Not allowed"},
    {404, "not-found", "Not found"},
    {405, "method-not-allowed", "Method not allowed"},
    {408, "request-timeout", "Request timeout"},
    {409, "conflict", "Conflict"},
    {412, "precondition-failed", "Precondition failed"},
    {413, "payload-too-large", "Request body too large"},
    {415, "unsupported-media-type", "Unsupported media type"},
    {422, "validation", "Invalid fields"},
    {429, "too-many-requests", "Too many requests"},
    {431, "headers-too-large", "Request header fields too large"},
    {500, "internal", "Internal server error"},
    {503, "unavailable", "Service unavailable"},
}};

}  // namespace

const ErrorInfo& error_info(ErrorCode code) {
  return kErrorTable.at(static_cast<std::size_t>(code));
}

}  // namespace keyward
