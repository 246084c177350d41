#include "gateway/token_counts.h"

#include <gtest/gtest.h>

#include <string>

namespace keyward::gateway {
namespace {

// Feeds `body` in pieces of `step` bytes, as a provider's answer arrives.
TokenCounts counted(std::string_view content_type, std::string_view body, std::size_t step) {
  TokenCounter counter(content_type);
  for (std::size_t at = 0; at < body.size(); at += step) counter.feed(body.substr(at, step));
  return counter.finish();
}

TEST(TokenCounts, ReadsOpenAiChatUsageFromAJsonAnswer) {
  std::string body = R"({"id":"c1","choices":[{"message":{"content":"hi"}}],)"
                     R"("usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}})";
  for (std::size_t step : {1UL, 5UL, body.size()}) {
    auto counts = counted("application/json; charset=utf-8", body, step);
    EXPECT_EQ(counts.input, 12) << step;
    EXPECT_EQ(counts.output, 7) << step;
  }
}

TEST(TokenCounts, ReadsAnthropicAndGoogleAnswers) {
  auto anthropic = counted(
      "application/json", R"({"type":"message","usage":{"input_tokens":30,"output_tokens":4}})", 8);
  EXPECT_EQ(anthropic.input, 30);
  EXPECT_EQ(anthropic.output, 4);
  auto google = counted(
      "Application/JSON",
      R"({"candidates":[],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2}})", 3);
  EXPECT_EQ(google.input, 9);
  EXPECT_EQ(google.output, 2);
}

TEST(TokenCounts, TakesTheFinalEventsOfAnAnthropicStream) {
  // message_start carries the input and a first output count; message_delta the running total.
  std::string stream =
      "event: message_start\n"
      R"(data: {"type":"message_start","message":{"usage":{"input_tokens":25,"output_tokens":1}}})"
      "\n\n"
      "event: content_block_delta\n"
      R"(data: {"type":"content_block_delta","delta":{"text":"Hello"}})"
      "\n\n"
      "event: message_delta\r\n"
      R"(data: {"type":"message_delta","usage":{"output_tokens":15}})"
      "\r\n\r\n";
  for (std::size_t step : {1UL, 7UL, stream.size()}) {
    auto counts = counted("text/event-stream; charset=utf-8", stream, step);
    EXPECT_EQ(counts.input, 25) << step;
    EXPECT_EQ(counts.output, 15) << step;
  }
}

TEST(TokenCounts, TakesTheUsageChunkOfAnOpenAiStream) {
  std::string stream;
  for (int i = 0; i < 50; ++i) {
    stream += R"(data: {"choices":[{"delta":{"content":"x"}}]})"
              "\n\n";
  }
  stream += R"(data: {"choices":[],"usage":{"prompt_tokens":8,"completion_tokens":50}})"
            "\n\n";
  stream += "data: [DONE]";  // the last line may come without its newline
  auto counts = counted("text/event-stream", stream, 13);
  EXPECT_EQ(counts.input, 8);
  EXPECT_EQ(counts.output, 50);
}

TEST(TokenCounts, CountsNothingForOtherAnswers) {
  auto text = counted("text/plain", R"({"usage":{"prompt_tokens":3}})", 4);
  EXPECT_EQ(text.input, 0);
  auto broken = counted("application/json", R"({"usage":{"prompt_tokens":3)", 4);
  EXPECT_EQ(broken.input, 0);
  auto wrong_kind = counted("application/json", R"({"usage":{"prompt_tokens":"3"}})", 4);
  EXPECT_EQ(wrong_kind.input, 0);
}

TEST(TokenCounts, GivesUpOnAJsonAnswerPastItsLimit) {
  std::string body = R"({"usage":{"prompt_tokens":3},"pad":")";
  body.append(TokenCounter::kMaxJsonBytes, 'a');
  body += "\"}";
  auto counts = counted("application/json", body, 1 << 16);
  EXPECT_EQ(counts.input, 0);
}

TEST(TokenCounts, SkipsAnEventLinePastItsLimitAndReadsTheNext) {
  std::string stream = "data: {\"usage\":{\"prompt_tokens\":99},\"pad\":\"";
  stream.append(TokenCounter::kMaxLineBytes, 'a');
  stream += "\"}\n";
  stream += R"(data: {"usage":{"prompt_tokens":4,"completion_tokens":2}})"
            "\n";
  auto counts = counted("text/event-stream", stream, 4096);
  EXPECT_EQ(counts.input, 4);
  EXPECT_EQ(counts.output, 2);
}

}  // namespace
}  // namespace keyward::gateway
