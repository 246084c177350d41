#include "log/log.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <sstream>

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
  // The line pattern wraps the members in braces, as init() configures it.
  auto parsed = boost::json::parse("{" + body + "}").as_object();
  EXPECT_EQ(parsed.at("event"), "request");
  EXPECT_EQ(parsed.at("status"), 404);
  EXPECT_DOUBLE_EQ(parsed.at("duration_ms").as_double(), 1.5);
}

TEST(LogLines, EveryJsonLineWrittenThroughTheLoggerParses) {
  std::ostringstream out;
  init_for_testing(out, Format::kJson);
  info("started", {{"listen", "127.0.0.1:0"}, {"threads", 2}});
  warn("odd", {{"v", "quote\" brace} newline\n"}});
  access(Level::kInfo, {{"method", "GET"}, {"status", 200}, {"duration_ms", 0.25}});
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(line, ec);
    EXPECT_FALSE(ec) << line;
    EXPECT_TRUE(parsed.is_object()) << line;
    ++count;
  }
  EXPECT_EQ(count, 3);
  init_for_testing(out, Format::kText);
}

}  // namespace
}  // namespace keyward::log
