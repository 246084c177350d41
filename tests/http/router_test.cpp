#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace keyward::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) {
    Response r;
    r.body = name;
    return r;
  };
}

std::string run(const Router::Match& match) {
  Request request;
  return match.route->handler(request).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add(Method::kGet, "/healthz", named("health"));
    router.add(Method::kGet, "/api/v1/teams/{team}/api-keys", named("list"));
    router.add(Method::kPost, "/api/v1/teams/{team}/api-keys", named("create"));
    router.add(Method::kGet, "/api/v1/teams/{team}/api-keys/{id}", named("get"));
    router.add(Method::kDelete, "/api/v1/teams/{team}/api-keys/{id}", named("delete"));
    router.add(Method::kGet, "/api/v1/teams/{team}/api-keys/search", named("static-wins-order"));
  }
  Router router;
};

TEST_F(RouterTest, MatchesStaticPath) {
  auto match = router.match(Method::kGet, "/healthz");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(run(match), "health");
  EXPECT_EQ(match.route->pattern, "/healthz");
}

TEST_F(RouterTest, CapturesPathParametersPercentDecoded) {
  auto match = router.match(Method::kGet, "/api/v1/teams/t%201/api-keys/k-2");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(run(match), "get");
  ASSERT_EQ(match.params.size(), 2u);
  EXPECT_EQ(match.params[0], (std::pair<std::string, std::string>{"team", "t 1"}));
  EXPECT_EQ(match.params[1], (std::pair<std::string, std::string>{"id", "k-2"}));
}

TEST_F(RouterTest, ChoosesTheRouteByMethod) {
  EXPECT_EQ(run(router.match(Method::kPost, "/api/v1/teams/a/api-keys")), "create");
  EXPECT_EQ(run(router.match(Method::kDelete, "/api/v1/teams/a/api-keys/b")), "delete");
}

TEST_F(RouterTest, ListsAllowedMethodsWhenOnlyTheMethodIsWrong) {
  auto match = router.match(Method::kPatch, "/api/v1/teams/a/api-keys/b");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<Method>{Method::kGet, Method::kDelete}));
}

TEST_F(RouterTest, AnswersNothingForUnknownPaths) {
  for (const char* path :
       {"/", "/nope", "/healthz/", "/api/v1/teams//api-keys", "/api/v1/teams/a/api-keys/b/c"}) {
    auto match = router.match(Method::kGet, path);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_TRUE(match.allowed.empty()) << path;
  }
}

TEST_F(RouterTest, HeadMatchesGetRoutes) {
  auto match = router.match(Method::kHead, "/healthz");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(run(match), "health");
}

TEST_F(RouterTest, RejectsMalformedEscapesAndEncodedNul) {
  EXPECT_EQ(router.match(Method::kGet, "/api/v1/teams/%zz/api-keys").route, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/api/v1/teams/%4/api-keys").route, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/api/v1/teams/a%00b/api-keys").route, nullptr);
}

TEST_F(RouterTest, DoesNotLetAnEncodedSlashSplitASegment) {
  auto match = router.match(Method::kGet, "/api/v1/teams/a%2Fb/api-keys");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.params[0].second, "a/b");
}

TEST_F(RouterTest, RefusesTheSameRouteTwice) {
  EXPECT_THROW(router.add(Method::kGet, "/healthz", named("again")), std::invalid_argument);
  EXPECT_THROW(router.add(Method::kGet, "healthz", named("relative")), std::invalid_argument);
}

TEST_F(RouterTest, GivesRoutesDenseIds) {
  for (std::size_t i = 0; i < router.routes().size(); ++i) {
    EXPECT_EQ(router.routes()[i].id, static_cast<int>(i));
  }
}

TEST(SplitPath, SplitsOnSlashes) {
  EXPECT_TRUE(split_path("/").empty());
  EXPECT_EQ(split_path("/a/b"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(split_path("/a/"), (std::vector<std::string_view>{"a", ""}));
}

}  // namespace
}  // namespace keyward::http

namespace keyward::http {
namespace {

TEST(RouterFallback, TakesGetPathsNothingElseClaims) {
  Router router;
  router.add(Method::kGet, "/healthz", named("health"));
  router.add(Method::kPost, "/api/v1/things", named("things"));
  router.set_fallback(named("web"));
  EXPECT_EQ(run(router.match(Method::kGet, "/teams/a/settings/api-keys")), "web");
  EXPECT_EQ(run(router.match(Method::kHead, "/")), "web");
  EXPECT_EQ(run(router.match(Method::kGet, "/healthz")), "health");
  // A known path with the wrong method is still a 405, and other methods never fall back.
  EXPECT_EQ(router.match(Method::kGet, "/api/v1/things").route, nullptr);
  EXPECT_EQ(router.match(Method::kPost, "/anything").route, nullptr);
}

}  // namespace
}  // namespace keyward::http

namespace keyward::http {
namespace {

TEST(RouterTail, CapturesTheRestOfThePathAsItCame) {
  Router router;
  router.add(Method::kPost, "/gateway/{type}/{path*}", named("gateway"));
  auto match = router.match(Method::kPost, "/gateway/openai/v1/chat%2Fx/completions");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(run(match), "gateway");
  ASSERT_EQ(match.params.size(), 2u);
  EXPECT_EQ(match.params[0], (std::pair<std::string, std::string>{"type", "openai"}));
  // Still percent-encoded: the gateway forwards it unchanged.
  EXPECT_EQ(match.params[1],
            (std::pair<std::string, std::string>{"path", "v1/chat%2Fx/completions"}));
}

TEST(RouterTail, MatchesAnEmptyRestButNotAMissingFixedSegment) {
  Router router;
  router.add(Method::kGet, "/gateway/{type}/{path*}", named("gateway"));
  auto empty = router.match(Method::kGet, "/gateway/openai");
  ASSERT_NE(empty.route, nullptr);
  EXPECT_EQ(empty.params[1].second, "");
  EXPECT_EQ(router.match(Method::kGet, "/gateway").route, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/other/openai/v1").route, nullptr);
  auto wrong_method = router.match(Method::kPost, "/gateway/openai/v1");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_EQ(wrong_method.allowed, std::vector<Method>{Method::kGet});
}

}  // namespace
}  // namespace keyward::http
