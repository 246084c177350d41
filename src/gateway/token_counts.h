#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace keyward::gateway {

// Tokens a provider says a call used, from its answer.
struct TokenCounts {
  std::int64_t input = 0;
  std::int64_t output = 0;
};

// Reads the token counts out of a provider's answer as it streams past, without holding it: a
// JSON body (kept up to kMaxJsonBytes, then given up) or the `data:` events of a server-sent
// stream (only lines that mention usage are parsed). Understands OpenAI's `usage.prompt_tokens`
// / `completion_tokens` (chat; the Responses API's `input_tokens` / `output_tokens`, also under
// `response`), Anthropic's `usage.input_tokens` / `output_tokens` (also under `message`, as
// message_start carries them) and Google's `usageMetadata.promptTokenCount` /
// `candidatesTokenCount`. Streams repeat running totals, so the largest figure seen is kept.
class TokenCounter {
 public:
  static constexpr std::size_t kMaxJsonBytes = std::size_t{4} << 20;
  static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

  // `content_type`: the answer's Content-Type; any other than JSON or event-stream counts none.
  explicit TokenCounter(std::string_view content_type);

  void feed(std::string_view piece);
  // The counts, once the whole answer has been fed.
  TokenCounts finish();

 private:
  enum class Mode : std::uint8_t { kNone, kJson, kEvents };
  void line_done();
  void take(std::string_view json);

  Mode mode_ = Mode::kNone;
  std::string buffer_;  // the JSON body so far, or the event line so far
  bool skipping_line_ = false;
  TokenCounts counts_;
};

}  // namespace keyward::gateway
