#include "audit/list_filter.h"
#include "support/result_matchers.h"

#include <gtest/gtest.h>

namespace keyward::audit {
namespace {

TEST(AuditListFilter, KeepsAnEventNameAndAnActorIdAsGiven) {
  auto filter = parse_audit_filter("member.role_changed", "4a554d56-62da-4add-8f50-40250f09a387");
  ASSERT_THAT(filter, IsOk());
  EXPECT_EQ(filter->action, "member.role_changed");
  EXPECT_EQ(filter->actor_id, "4a554d56-62da-4add-8f50-40250f09a387");
}

TEST(AuditListFilter, AbsentOrEmptyParametersFilterNothing) {
  for (const auto& action : {std::optional<std::string>(), std::optional<std::string>("")}) {
    auto filter = parse_audit_filter(action, std::nullopt);
    ASSERT_THAT(filter, IsOk());
    EXPECT_TRUE(filter->action.empty());
    EXPECT_TRUE(filter->actor_id.empty());
  }
}

TEST(AuditListFilter, RejectsAnUnknownActionNamingIt) {
  for (const char* action : {"api_key.stolen", "API_KEY.CREATED", "api_key.created ", "%"}) {
    auto filter = parse_audit_filter(action, std::nullopt);
    ASSERT_THAT(filter, IsError(ErrorCode::kValidation)) << action;
    ASSERT_EQ(filter.error().fields.size(), 1u);
    EXPECT_EQ(filter.error().fields[0].field, "action");
  }
}

}  // namespace
}  // namespace keyward::audit
