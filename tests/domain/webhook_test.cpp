#include "domain/webhook.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kStart = 1'790'000'000'000;

TEST(WebhookRetry, BacksOffExponentiallyAndCapsAtFourHours) {
  EXPECT_EQ(webhook_retry_delay(1, 0), seconds(5));
  EXPECT_EQ(webhook_retry_delay(2, 0), seconds(30));
  EXPECT_EQ(webhook_retry_delay(3, 0), minutes(2));
  EXPECT_EQ(webhook_retry_delay(4, 0), minutes(10));
  EXPECT_EQ(webhook_retry_delay(5, 0), minutes(30));
  EXPECT_EQ(webhook_retry_delay(6, 0), hours(1));
  EXPECT_EQ(webhook_retry_delay(7, 0), hours(2));
  EXPECT_EQ(webhook_retry_delay(8, 0), hours(4));
  EXPECT_EQ(webhook_retry_delay(30, 0), hours(4));
}

TEST(WebhookRetry, JitterSpreadsEachDelayByAFifth) {
  EXPECT_EQ(webhook_retry_delay(1, 1.0), seconds(6));
  EXPECT_EQ(webhook_retry_delay(1, -1.0), seconds(4));
  EXPECT_EQ(webhook_retry_delay(1, 7.0), seconds(6)) << "jitter is clamped";
  EXPECT_EQ(webhook_retry_delay(2, 0, 0.1), seconds(3)) << "the test scale shortens it";
}

WebhookDelivery delivery_after(std::int64_t attempts, std::optional<std::int64_t> first) {
  WebhookDelivery d;
  d.attempts = attempts;
  d.first_attempt_at = first;
  return d;
}

TEST(WebhookAttempt, ASuccessFinishesTheDeliveryAndClearsTheFailingState) {
  auto plan = plan_attempt(delivery_after(3, kStart), kStart, true, kStart + 60'000, 0);
  EXPECT_EQ(plan.status, DeliveryStatus::kSucceeded);
  EXPECT_EQ(plan.finished_at, kStart + 60'000);
  EXPECT_EQ(plan.failing_since, std::nullopt);
  EXPECT_FALSE(plan.disable_endpoint);
}

TEST(WebhookAttempt, AFirstFailureSchedulesTheNextAttemptAndMarksTheEndpointFailing) {
  auto plan = plan_attempt(delivery_after(0, std::nullopt), std::nullopt, false, kStart, 0);
  EXPECT_EQ(plan.status, DeliveryStatus::kPending);
  EXPECT_EQ(plan.first_attempt_at, kStart);
  EXPECT_EQ(plan.next_attempt_at, kStart + 5'000);
  EXPECT_EQ(plan.failing_since, kStart);
  EXPECT_FALSE(plan.disable_endpoint);
}

TEST(WebhookAttempt, RetriesEndTwentyFourHoursAfterTheFirstAttemptAsFailed) {
  const std::int64_t day = milliseconds(hours(24)).count();
  auto last_retry = plan_attempt(delivery_after(9, kStart), kStart, false, kStart + day - 1000, 0);
  EXPECT_EQ(last_retry.status, DeliveryStatus::kPending);
  EXPECT_EQ(last_retry.next_attempt_at, kStart + day) << "never scheduled past the window";
  auto given_up = plan_attempt(delivery_after(10, kStart), kStart, false, kStart + day, 0);
  EXPECT_EQ(given_up.status, DeliveryStatus::kFailed);
  EXPECT_EQ(given_up.finished_at, kStart + day);
}

TEST(WebhookAttempt, AnEndpointFailingForThreeDaysIsDisabled) {
  const std::int64_t three_days = milliseconds(hours(72)).count();
  auto before =
      plan_attempt(delivery_after(0, std::nullopt), kStart, false, kStart + three_days - 1, 0);
  EXPECT_FALSE(before.disable_endpoint);
  EXPECT_EQ(before.failing_since, kStart) << "the first failure's time is kept";
  auto after = plan_attempt(delivery_after(0, std::nullopt), kStart, false, kStart + three_days, 0);
  EXPECT_TRUE(after.disable_endpoint);
}

TEST(WebhookDeliveryStatus, NamesParseBack) {
  for (auto status :
       {DeliveryStatus::kPending, DeliveryStatus::kSucceeded, DeliveryStatus::kFailed}) {
    EXPECT_EQ(parse_delivery_status(delivery_status_name(status)), status);
  }
}

}  // namespace
}  // namespace keyward
