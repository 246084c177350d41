#include "support/api_harness.h"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "api/auth.h"
#include "api/changes.h"
#include "api/routes.h"
#include "audit/audit_chain.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "domain/validation.h"
#include "identity/sessions.h"

namespace keyward::testing {
namespace {

// Hashing once per process keeps fixtures fast; every user shares this hash of kTestPassword.
const std::string& test_password_hash() {
  static const std::string kHash = crypto::hash_password(ApiHarness::kTestPassword).value();
  return kHash;
}

std::uint16_t port_from_environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return 0;
  int port = std::atoi(value);
  if (port <= 0 || port > 65535) throw std::runtime_error(std::string(name) + " is not a port");
  return static_cast<std::uint16_t>(port);
}

// Prism answers a request that breaks the document itself (bad fields, no credentials, a wrong
// media type) with a problem of its own and never forwards it. Its answers about the server's
// response (VIOLATIONS) or about a route the document lacks (NO_PATH_MATCHED_ERROR,
// NO_METHOD_MATCHED_ERROR) are failures and go back to the test as they are.
bool prism_refused_the_request(const RawResponse& response) {
  constexpr std::string_view kPrismProblem = "\"type\":\"https://stoplight.io/prism/errors#";
  auto at = response.body.find(kPrismProblem);
  if (at == std::string::npos) return false;
  std::string_view kind = std::string_view(response.body).substr(at + kPrismProblem.size());
  for (std::string_view reported : {"VIOLATIONS", "NO_PATH_MATCHED_ERROR",
                                    "NO_METHOD_MATCHED_ERROR", "NO_SERVER_MATCHED_ERROR"}) {
    if (kind.substr(0, reported.size()) == reported) return false;
  }
  return true;
}

// Whether Prism can carry the request as the test wrote it: it decodes and re-encodes the target
// (so a percent-encoded byte that is no UTF-8 arrives changed), resolves dot segments, waits for
// the end of a body (an event stream has none), and never answers a body that is not JSON. Such
// requests test the server's edge, not the document, and go to it directly.
bool proxy_can_carry(std::string_view target, const std::string& body) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string decoded;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == '%' && i + 2 < target.size() && hex(target[i + 1]) >= 0 &&
        hex(target[i + 2]) >= 0) {
      decoded += static_cast<char>(hex(target[i + 1]) * 16 + hex(target[i + 2]));
      i += 2;
    } else {
      decoded += target[i];
    }
  }
  if (utf8_length(decoded) == std::string_view::npos) return false;
  // A dot segment ("/teams/x/api-keys/..") is resolved by Prism's URL parser before matching.
  std::string_view path = std::string_view(decoded).substr(0, decoded.find('?'));
  for (std::string_view dots : {"/./", "/../"}) {
    if (path.find(dots) != std::string_view::npos) return false;
  }
  if (path.ends_with("/.") || path.ends_with("/..")) return false;
  // Prism answers once the whole upstream body is in: an event stream never ends.
  if (path.ends_with("/events")) return false;
  for (unsigned char c : decoded) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  if (body.empty()) return true;
  boost::system::error_code ec;
  boost::json::parse(body, ec);
  return !ec;
}

void check(const Status& status, const char* what) {
  if (!status.ok()) throw std::runtime_error(std::string(what) + ": " + status.error().internal);
}

}  // namespace

boost::json::object json(const RawResponse& response) {
  return boost::json::parse(response.body).as_object();
}

std::string key_body(const std::string& type, const std::string& description,
                     const std::string& key) {
  return boost::json::serialize(
      boost::json::object{{"type", type}, {"description", description}, {"key", key}});
}

ApiHarness::ApiHarness(storage::StoreOptions options) {
  auto store = storage::open_store(database_.url(), options);
  if (!store) throw std::runtime_error(store.error().internal);
  store_ = std::move(store).value();
  auto migrated = store_->migrate();
  if (!migrated) throw std::runtime_error(migrated.error().internal);
  master_key_ = std::make_unique<crypto::MasterKey>(
      crypto::MasterKey::from_base64(kMasterKeyBase64, "test").value());
  team_keys_ = std::make_unique<keys::TeamKeys>(*master_key_);
  if (auto loaded = team_keys_->preload(*store_); !loaded) {
    throw std::runtime_error(loaded.error().internal);
  }
  auto chain = audit::AuditChain::open(*store_, *master_key_);
  if (!chain) throw std::runtime_error(chain.error().internal);
  store_->set_audit_sealer(chain->sealer());
  usage_ = std::make_unique<api::UsageRecorder>(*store_, clock_);
  events_ = std::make_unique<api::EventHub>(&clock_);
  tokens_ = std::make_unique<tokens::TokenCache>();
  if (auto listening = store_->listen(api::change_handler(events_.get(), tokens_.get()));
      !listening) {
    throw std::runtime_error(listening.error().internal);
  }
  context_ = std::make_unique<api::AppContext>(api::AppContext{*store_,
                                                               std::make_shared<http::Metrics>(),
                                                               clock_,
                                                               {},
                                                               team_keys_.get(),
                                                               nullptr,
                                                               usage_.get(),
                                                               events_.get()});
  context_->tokens = tokens_.get();
  http::Router router;
  api::register_routes(router, *context_);
  std::uint16_t upstream_port = port_from_environment("KEYWARD_TEST_UPSTREAM_PORT");
  proxy_port_ = upstream_port != 0 ? port_from_environment("KEYWARD_TEST_PROXY_PORT") : 0;
  server_ = std::make_unique<TestServer>(std::move(router), http::Limits{}, context_->metrics,
                                         upstream_port);
}

ApiHarness::~ApiHarness() {
  server_.reset();
  store_->stop_listening();
}

RawResponse ApiHarness::request(const std::string& method, const std::string& target,
                                const Credentials& credentials, const std::string& body,
                                std::vector<std::pair<std::string, std::string>> headers) {
  if (!credentials.session_token.empty()) {
    if (credentials.as_bearer) {
      headers.emplace_back("Authorization", "Bearer " + credentials.session_token);
    } else {
      headers.emplace_back("Cookie", "keyward_session=" + credentials.session_token);
    }
  }
  if (!credentials.csrf_token.empty()) headers.emplace_back("X-CSRF-Token", credentials.csrf_token);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  constexpr std::string_view kApiBase = "/api/v1/";
  if (proxy_port_ != 0 && target.rfind(kApiBase, 0) == 0 && proxy_can_carry(target, body)) {
    // The document's server URL is /api/v1: Prism matches paths below it.
    auto proxied =
        http_request(proxy_port_, method, target.substr(kApiBase.size() - 1), body, headers);
    if (!proxied)
      throw std::runtime_error("no response from the proxy for " + method + " " + target);
    if (!prism_refused_the_request(*proxied)) return *proxied;
  }
  auto response = http_request(port(), method, target, body, headers);
  if (!response) throw std::runtime_error("no response for " + method + " " + target);
  return *response;
}

TestUser ApiHarness::make_user(const std::string& email, const std::string& name) {
  User user{crypto::random_uuid(), email, name, test_password_hash(), clock_.now_ms()};
  check(store_->write([&](storage::WriteTx& tx) { return tx.identity().insert_user(user); }),
        "insert user");
  return TestUser{user, make_session(user.id)};
}

Credentials ApiHarness::make_session(const std::string& user_id) {
  auto created = storage::write<identity::NewSession>(*store_, [&](storage::WriteTx& tx) {
    return identity::create_session(tx, user_id, {"127.0.0.1", "test"},
                                    api::session_policy(*context_), context_->clock.now_ms());
  });
  if (!created) check(created.error(), "create session");
  const std::string& token = created->token;
  return Credentials{token, crypto::csrf_token_for(token), false};
}

std::string ApiHarness::make_team(const std::string& name, const std::string& owner_id) {
  Team team{crypto::random_uuid(), name, clock_.now_ms()};
  check(store_->write([&](storage::WriteTx& tx) -> Status {
    if (auto s = tx.identity().insert_team(team); !s) return s;
    return tx.identity().insert_membership(team.id, owner_id, Role::kOwner, clock_.now_ms());
  }),
        "create team");
  return team.id;
}

void ApiHarness::add_member(const std::string& team_id, const std::string& user_id, Role role) {
  check(store_->write([&](storage::WriteTx& tx) {
    return tx.identity().insert_membership(team_id, user_id, role, clock_.now_ms());
  }),
        "add member");
}

std::vector<std::string> ApiHarness::audit_rows() {
  return database_.query(
      "SELECT action || '|' || COALESCE(team_id, '') || '|' || COALESCE(actor_id, '') || '|' || "
      "COALESCE(target_id, '') || '|' || details FROM audit_events ORDER BY seq");
}

}  // namespace keyward::testing
