#include "support/api_harness.h"

#include <stdexcept>

#include "api/audit_chain.h"
#include "api/auth.h"
#include "api/changes.h"
#include "api/routes.h"
#include "crypto/password.h"
#include "crypto/random.h"

namespace keyward::testing {
namespace {

// Hashing once per process keeps fixtures fast; every user shares this hash of kTestPassword.
const std::string& test_password_hash() {
  static const std::string kHash = crypto::hash_password(ApiHarness::kTestPassword).value();
  return kHash;
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
  team_keys_ = std::make_unique<api::TeamKeys>(*master_key_);
  if (auto loaded = team_keys_->preload(*store_); !loaded) {
    throw std::runtime_error(loaded.error().internal);
  }
  auto chain = api::AuditChain::open(*store_, *master_key_);
  if (!chain) throw std::runtime_error(chain.error().internal);
  store_->set_audit_sealer(chain->sealer());
  usage_ = std::make_unique<api::UsageRecorder>(*store_, clock_);
  events_ = std::make_unique<api::EventHub>(&clock_);
  tokens_ = std::make_unique<api::TokenCache>();
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
  server_ = std::make_unique<TestServer>(std::move(router), http::Limits{}, context_->metrics);
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
  auto response = http_request(port(), method, target, body, headers);
  if (!response) throw std::runtime_error("no response for " + method + " " + target);
  return *response;
}

TestUser ApiHarness::make_user(const std::string& email, const std::string& name) {
  User user{crypto::random_uuid(), email, name, test_password_hash(), clock_.now_ms()};
  check(store_->write([&](storage::Tx& tx) { return tx.insert_user(user); }), "insert user");
  return TestUser{user, make_session(user.id)};
}

Credentials ApiHarness::make_session(const std::string& user_id) {
  Session session;
  std::string token;
  check(store_->write([&](storage::Tx& tx) -> Status {
    auto created = api::create_session(tx, *context_, user_id, {"127.0.0.1", "test"}, session);
    if (!created) return std::move(created).error();
    token = *created;
    return ok_status();
  }),
        "create session");
  return Credentials{token, crypto::csrf_token_for(token), false};
}

std::string ApiHarness::make_team(const std::string& name, const std::string& owner_id) {
  Team team{crypto::random_uuid(), name, clock_.now_ms()};
  check(store_->write([&](storage::Tx& tx) -> Status {
    if (auto s = tx.insert_team(team); !s) return s;
    return tx.insert_membership(team.id, owner_id, Role::kOwner, clock_.now_ms());
  }),
        "create team");
  return team.id;
}

void ApiHarness::add_member(const std::string& team_id, const std::string& user_id, Role role) {
  check(store_->write([&](storage::Tx& tx) {
    return tx.insert_membership(team_id, user_id, role, clock_.now_ms());
  }),
        "add member");
}

std::vector<std::string> ApiHarness::audit_rows() {
  return database_.query(
      "SELECT action || '|' || COALESCE(team_id, '') || '|' || COALESCE(actor_id, '') || '|' || "
      "COALESCE(target_id, '') || '|' || details FROM audit_events ORDER BY seq");
}

}  // namespace keyward::testing
