#include "domain/validation.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(Email, IsTrimmedAndLowerCased) {
  FieldErrors errors;
  EXPECT_EQ(normalize_email("  Ann@Example.COM ", "email", errors), "ann@example.com");
  EXPECT_TRUE(errors.empty());
}

TEST(Email, RefusesWhatIsNotAnAddress) {
  for (const char* bad : {"", "ann", "@example.com", "ann@", "ann@example", "a b@example.com",
                          "ann@@example.com", "ann@example.com."}) {
    FieldErrors errors;
    normalize_email(bad, "email", errors);
    EXPECT_TRUE(errors.has("email")) << bad;
  }
}

TEST(Password, NeedsTwelveCharactersCountedAsCharactersNotBytes) {
  FieldErrors short_one;
  check_password("elevenchars", "password", short_one);
  EXPECT_TRUE(short_one.has("password"));
  FieldErrors twelve;
  check_password("twelve chars", "password", twelve);
  EXPECT_TRUE(twelve.empty());
  FieldErrors accents;  // 12 characters, 24 bytes
  check_password("éééééééééééé", "password", accents);
  EXPECT_TRUE(accents.empty());
  FieldErrors huge;
  check_password(std::string(2000, 'x'), "password", huge);
  EXPECT_TRUE(huge.has("password"));
}

TEST(Name, IsTrimmedRequiredAndBounded) {
  FieldErrors errors;
  EXPECT_EQ(normalize_name("  Team A ", "name", "Team name", errors), "Team A");
  EXPECT_TRUE(errors.empty());
  FieldErrors empty;
  normalize_name("   ", "name", "Team name", empty);
  EXPECT_EQ(empty.to_error().fields[0].message, "Team name is required");
  FieldErrors control;
  normalize_name("a\x01b", "name", "Name", control);
  EXPECT_TRUE(control.has("name"));
  FieldErrors long_one;
  normalize_name(std::string(101, 'x'), "name", "Name", long_one);
  EXPECT_EQ(long_one.to_error().fields[0].message, "Name must be at most 100 characters");
}

TEST(Utf8, CountsCodePointsAndRejectsBrokenText) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("é€😀"), 3u);
  EXPECT_EQ(utf8_length("\xff"), std::string_view::npos);
  EXPECT_EQ(utf8_length("\xc3"), std::string_view::npos);
}

TEST(VersionNumbers, AcceptOnlyPlainPositiveDecimals) {
  EXPECT_TRUE(is_version_number("1"));
  EXPECT_TRUE(is_version_number("42"));
  EXPECT_TRUE(is_version_number("999999999999999999"));
  for (std::string_view bad :
       {"", "0", "01", "-1", "+1", "1.0", "x", " 1", "9999999999999999999"}) {
    EXPECT_FALSE(is_version_number(bad)) << bad;
  }
}

}  // namespace
}  // namespace keyward
