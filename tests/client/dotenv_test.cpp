#include "client/dotenv.h"

#include <gtest/gtest.h>

#include "client/env_names.h"
#include "support/result_matchers.h"

namespace keyward::client {
namespace {

TEST(Dotenv, ReadsBareQuotedExportedAndCommentedLines) {
  auto entries = parse_dotenv(
      "# comment\n\nexport A=1\nB = two words # note\nC='single $kept "
      "\\n'\nD=\"x\\\"y\\\\z\\n\"\r\n"
      "E=\"line one\nline two\"\nF=\n");
  ASSERT_THAT(entries, IsOk());
  ASSERT_EQ(entries->size(), 6u);
  EXPECT_EQ((*entries)[0].name, "A");
  EXPECT_EQ((*entries)[0].value, "1");
  EXPECT_EQ((*entries)[1].value, "two words");
  EXPECT_EQ((*entries)[2].value, "single $kept \\n");
  EXPECT_EQ((*entries)[3].value, "x\"y\\z\n");
  EXPECT_EQ((*entries)[4].value, "line one\nline two");
  EXPECT_EQ((*entries)[5].value, "");
  EXPECT_EQ((*entries)[5].line, 9);
}

TEST(Dotenv, RefusesALineThatIsNoAssignmentNamingTheLine) {
  auto bad = parse_dotenv("A=1\nnot an assignment\n");
  ASSERT_THAT(bad, IsError(ErrorCode::kValidation));
  EXPECT_EQ(bad.error().detail, "line 2: not NAME=value");
  EXPECT_THAT(parse_dotenv("A=\"open\n"), IsError(ErrorCode::kValidation));
  EXPECT_THAT(parse_dotenv("1A=x\n"), IsError(ErrorCode::kValidation));
}

TEST(Dotenv, WritesLinesItReadsBackUnchanged) {
  const std::string value = "a \"quoted\" \\ value\nwith a newline";
  auto back = parse_dotenv(dotenv_line("K", value) + "\n");
  ASSERT_THAT(back, IsOk());
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].value, value);
}

TEST(EnvNames, MapWellKnownVariablesAndPointSdksAtTheGateway) {
  EXPECT_EQ(type_for_variable("OPENAI_API_KEY"), "openai");
  EXPECT_EQ(type_for_variable("GEMINI_API_KEY"), "google");
  EXPECT_EQ(type_for_variable("GOOGLE_API_KEY"), "google");
  EXPECT_EQ(type_for_variable("PPLX_API_KEY"), "perplexity");
  EXPECT_EQ(type_for_variable("DATABASE_URL"), std::nullopt);
  EXPECT_EQ(variable_for_type("anthropic"), "ANTHROPIC_API_KEY");
  auto openai = gateway_variable("openai", "https://kw.example/gateway");
  EXPECT_EQ(openai.name, "OPENAI_BASE_URL");
  EXPECT_EQ(openai.value, "https://kw.example/gateway/openai/v1");
  EXPECT_EQ(gateway_variable("anthropic", "https://kw.example/gateway").value,
            "https://kw.example/gateway/anthropic");
}

}  // namespace
}  // namespace keyward::client
