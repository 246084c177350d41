#include "domain/key_update.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/result_matchers.h"

namespace keyward {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

ApiKey stored() {
  ApiKey key;
  key.id = "k1";
  key.team_id = "t1";
  key.type = "openai";
  key.description = "Production";
  key.ciphertext = "sealed";
  key.nonce = "nonce";
  key.key_hint = "sk-…0001";
  key.fingerprint = "fp-old";
  key.version = 3;
  key.verify_status = "valid";
  key.verified_at = 5;
  return key;
}

const KeyType& type(std::string_view id) { return *find_key_type(id); }

TEST(PlanUpdate, TheSameValuesAgainChangeNothing) {
  KeyChanges changes;
  changes.description = "Production";
  changes.type = &type("openai");
  changes.is_default = false;
  auto plan = plan_update(stored(), changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_TRUE(plan->changes_nothing());
  EXPECT_FALSE(plan->reseal);
  EXPECT_FALSE(plan->clear_default);
}

TEST(PlanUpdate, ANewDescriptionIsTheOnlyChangedField) {
  KeyChanges changes;
  changes.description = "Staging";
  auto plan = plan_update(stored(), changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("description"));
  EXPECT_EQ(plan->next.description, "Staging");
  EXPECT_EQ(plan->next.key_hint, "sk-…0001");
  EXPECT_EQ(plan->next.verify_status, "valid");
  EXPECT_FALSE(plan->reseal);
}

TEST(PlanUpdate, NewLabelsAreAnEditButNeitherASecretChangeNorAForgottenCheck) {
  ApiKey current = stored();
  current.labels = {"env:staging"};
  KeyChanges changes;
  changes.labels = std::vector<std::string>{"env:prod", "team:search"};
  auto plan = plan_update(current, changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("labels"));
  EXPECT_THAT(plan->next.labels, ElementsAre("env:prod", "team:search"));
  EXPECT_FALSE(plan->reseal);
  EXPECT_EQ(plan->next.verify_status, "valid");
  // The same set again changes nothing.
  changes.labels = std::vector<std::string>{"env:staging"};
  auto same = plan_update(current, changes);
  ASSERT_THAT(same, IsOk());
  EXPECT_TRUE(same->changes_nothing());
}

TEST(PlanUpdate, ANewSecretIsResealedWithANewHintAndForgetsTheLastCheck) {
  KeyChanges changes;
  changes.key = "sk-proj-new-secret-9876";
  changes.key_fingerprint = "fp-new";
  auto plan = plan_update(stored(), changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("key"));
  EXPECT_TRUE(plan->reseal);
  EXPECT_EQ(plan->next.fingerprint, "fp-new");
  EXPECT_EQ(plan->next.key_hint, make_key_hint(type("openai"), "sk-proj-new-secret-9876"));
  EXPECT_FALSE(plan->next.verify_status.has_value());
  EXPECT_FALSE(plan->next.verified_at.has_value());
}

TEST(PlanUpdate, TheSameSecretAgainIsNotResealed) {
  KeyChanges changes;
  changes.key = "sk-proj-same-secret-0001";
  changes.key_fingerprint = "fp-old";
  auto plan = plan_update(stored(), changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_TRUE(plan->changes_nothing());
  EXPECT_FALSE(plan->reseal);
  EXPECT_EQ(plan->next.verify_status, "valid");
}

TEST(PlanUpdate, ATypeChangeNeedsTheKeyEnteredAgain) {
  KeyChanges changes;
  changes.type = &type("anthropic");
  auto plan = plan_update(stored(), changes);
  ASSERT_THAT(plan, IsError(ErrorCode::kValidation));
  ASSERT_EQ(plan.error().fields.size(), 1u);
  EXPECT_EQ(plan.error().fields.front().field, "key");
}

TEST(PlanUpdate, ABaseUrlChangeNeedsTheKeyEnteredAgainAndTheSameKeyIsNoNewSecret) {
  KeyChanges moved;
  moved.base_url = std::optional<std::string>("https://attacker.example.com");
  auto refused = plan_update(stored(), moved);
  ASSERT_THAT(refused, IsError(ErrorCode::kValidation));
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields.front().field, "key");

  moved.key = "sk-proj-secret-0001";
  moved.key_fingerprint = "fp-old";  // the same secret, entered by someone who holds it
  auto plan = plan_update(stored(), moved);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("base_url"));
  EXPECT_EQ(plan->next.base_url, "https://attacker.example.com");
  EXPECT_FALSE(plan->reseal);

  ApiKey current = stored();
  current.base_url = "https://eu.example.com";
  KeyChanges cleared;
  cleared.base_url = std::optional<std::string>();  // back to the type's URL: still a move
  EXPECT_THAT(plan_update(current, cleared), IsError(ErrorCode::kValidation));
  KeyChanges same;
  same.base_url = std::optional<std::string>("https://eu.example.com");
  auto unchanged = plan_update(current, same);
  ASSERT_THAT(unchanged, IsOk());
  EXPECT_TRUE(unchanged->changes_nothing());
}

TEST(PlanUpdate, ATypeChangeWithTheKeyChangesTypeAndKey) {
  KeyChanges changes;
  changes.type = &type("anthropic");
  changes.key = "sk-ant-api03-secret-4321";
  changes.key_fingerprint = "fp-ant";
  auto plan = plan_update(stored(), changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("type", "key"));
  EXPECT_EQ(plan->next.type, "anthropic");
  EXPECT_EQ(plan->next.key_hint, make_key_hint(type("anthropic"), "sk-ant-api03-secret-4321"));
}

TEST(PlanUpdate, AnOlderVersionIsRefused) {
  KeyChanges changes;
  changes.expected_version = 2;
  changes.description = "Staging";
  EXPECT_THAT(plan_update(stored(), changes), IsError(ErrorCode::kPreconditionFailed));
  changes.expected_version = 3;
  EXPECT_THAT(plan_update(stored(), changes), IsOk());
}

TEST(PlanUpdate, BecomingTheDefaultClearsTheTypesOtherDefault) {
  KeyChanges changes;
  changes.is_default = true;
  auto plan = plan_update(stored(), changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("is_default"));
  EXPECT_TRUE(plan->next.is_default);
  EXPECT_TRUE(plan->clear_default);
}

TEST(PlanUpdate, StayingTheDefaultOfTheSameTypeClearsNothing) {
  ApiKey current = stored();
  current.is_default = true;
  KeyChanges changes;
  changes.is_default = true;
  changes.description = "Renamed";
  auto plan = plan_update(current, changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("description"));
  EXPECT_FALSE(plan->clear_default);
}

TEST(PlanUpdate, ADefaultMovedToAnotherTypeClearsThatTypesDefault) {
  ApiKey current = stored();
  current.is_default = true;
  KeyChanges changes;
  changes.type = &type("anthropic");
  changes.key = "sk-ant-api03-secret-4321";
  changes.key_fingerprint = "fp-ant";
  auto plan = plan_update(current, changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_TRUE(plan->next.is_default);
  EXPECT_TRUE(plan->clear_default);
  EXPECT_THAT(plan->fields, ElementsAre("type", "key"));
}

TEST(PlanUpdate, NoLongerTheDefaultClearsNothingElse) {
  ApiKey current = stored();
  current.is_default = true;
  KeyChanges changes;
  changes.is_default = false;
  auto plan = plan_update(current, changes);
  ASSERT_THAT(plan, IsOk());
  EXPECT_THAT(plan->fields, ElementsAre("is_default"));
  EXPECT_FALSE(plan->next.is_default);
  EXPECT_FALSE(plan->clear_default);
}

TEST(PlanUpdate, AStoredTypeOutsideTheCatalogueIsAnInternalError) {
  ApiKey current = stored();
  current.type = "gone";
  KeyChanges changes;
  changes.description = "Staging";
  EXPECT_THAT(plan_update(current, changes), IsError(ErrorCode::kInternal));
}

TEST(PlanUpdate, AnEditAskingForNothingPlansNothing) {
  EXPECT_THAT(plan_update(stored(), KeyChanges{})->fields, IsEmpty());
}

}  // namespace
}  // namespace keyward
