#include "domain/labels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keyward {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The labels check_labels keeps and the one message it adds, if any.
struct Checked {
  std::vector<std::string> labels;
  std::string message;
};

Checked check(const std::vector<std::string>& labels) {
  FieldErrors errors;
  Checked out{check_labels(labels, "labels", errors), ""};
  if (!errors.empty()) out.message = errors.to_error().fields.at(0).message;
  return out;
}

TEST(Labels, AcceptsLettersDigitsAndTheFivePunctuationMarks) {
  EXPECT_TRUE(valid_label("env:prod"));
  EXPECT_TRUE(valid_label("Team/Search_2.eu-west"));
  EXPECT_TRUE(valid_label(std::string(kMaxLabelLength, 'x')));
  EXPECT_THAT(check({"env:prod", "a/b_c.d-9"}).message, IsEmpty());
}

TEST(Labels, RejectsALabelWithASpace) {
  const std::string message = "A label may contain only letters, digits and . _ : / - (no spaces)";
  for (const std::string& bad :
       std::vector<std::string>{"env prod", " env", "env\t", "env\nprod", "a,b", "é", "a\"b",
                                "a\\b", "a=b", std::string("a\0b", 3)}) {
    EXPECT_FALSE(valid_label(bad)) << bad;
    EXPECT_EQ(check({bad}).message, message) << bad;
  }
}

TEST(Labels, RejectsAnEmptyOrOverlongLabel) {
  EXPECT_EQ(check({""}).message, "A label cannot be empty");
  EXPECT_EQ(check({std::string(kMaxLabelLength + 1, 'x')}).message,
            "A label must be at most 64 characters");
}

TEST(Labels, SortsAndRemovesDuplicatesBeforeCountingThem) {
  auto checked = check({"team:search", "env:prod", "team:search", "env:prod"});
  EXPECT_THAT(checked.labels, ElementsAre("env:prod", "team:search"));
  EXPECT_THAT(checked.message, IsEmpty());
  std::vector<std::string> ten{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
  std::vector<std::string> ten_repeated = ten;
  ten_repeated.insert(ten_repeated.end(), ten.begin(), ten.end());
  EXPECT_THAT(check(ten_repeated).message, IsEmpty());
  ten.emplace_back("k");
  EXPECT_EQ(check(ten).message, "At most 10 labels are allowed");
}

TEST(Labels, AKeyCarriesTheLabelsItHasEveryOneOf) {
  std::vector<std::string> carried{"env:prod", "team:search"};
  EXPECT_TRUE(carries_all(carried, {}));
  EXPECT_TRUE(carries_all(carried, {"team:search", "env:prod"}));
  EXPECT_FALSE(carries_all(carried, {"env:prod", "env:staging"}));
  EXPECT_FALSE(carries_all({}, {"env:prod"}));
  EXPECT_THAT(merge_labels({"b", "a"}, {"a", "c"}), ElementsAre("a", "b", "c"));
}

}  // namespace
}  // namespace keyward
