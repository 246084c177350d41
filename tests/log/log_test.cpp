#include "log/log.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace keyward::log {
namespace {

TEST(LogRender, WritesKeyValueTextAndQuotesValuesWithSpaces) {
  std::string line =
      render(Format::kText, "request", {{"method", "GET"}, {"status", 200}, {"note", "two words"}});
  EXPECT_EQ(line, R"(request method=GET status=200 note="two words")");
}

TEST(LogRender, CannotBeSplitIntoTwoLinesByAValue) {
  std::string line = render(Format::kText, "e", {{"v", "a\nfake=line"}});
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  std::string json = render(Format::kJson, "e", {{"v", "a\n\"x\":1"}});
  EXPECT_EQ(json.find('\n'), std::string::npos) << json;
}

TEST(LogRender, WritesValidJsonWithNumbersUnquoted) {
  std::string body =
      render(Format::kJson, "request", {{"route", "/x"}, {"status", 404}, {"duration_ms", 1.5}});
  auto parsed = boost::json::parse("{" + body).as_object();  // the pattern adds the opening brace
  EXPECT_EQ(parsed.at("event"), "request");
  EXPECT_EQ(parsed.at("status"), 404);
  EXPECT_DOUBLE_EQ(parsed.at("duration_ms").as_double(), 1.5);
}

}  // namespace
}  // namespace keyward::log
