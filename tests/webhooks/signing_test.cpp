#include "webhooks/signing.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"

namespace keyward::webhooks {
namespace {

// The reference vector of the Standard Webhooks libraries' tests.
TEST(WebhookSigning, MatchesTheStandardWebhooksReferenceVector) {
  auto signature = sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330, R"({"test": 2432232314})");
  ASSERT_TRUE(signature.has_value());
  EXPECT_EQ(*signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSigning, RefusesASecretWithoutTheWhsecPrefix) {
  EXPECT_FALSE(sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}").has_value());
  EXPECT_FALSE(sign("whsec_***", "msg_1", 1, "{}").has_value());
}

TEST(WebhookSigning, NewSecretsAreWhsecAndBase64Of32RandomBytes) {
  auto a = make_secret();
  auto b = make_secret();
  ASSERT_EQ(a.view().substr(0, 6), "whsec_");
  auto bytes = crypto::from_base64(a.view().substr(6));
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 32u);
  EXPECT_NE(a.view(), b.view());
}

}  // namespace
}  // namespace keyward::webhooks
