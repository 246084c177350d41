#pragma once

#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/app_context.h"
#include "api/events.h"
#include "api/usage.h"
#include "crypto/master_key.h"
#include "domain/clock.h"
#include "domain/identity.h"
#include "keys/team_keys.h"
#include "storage/store.h"
#include "support/raw_client.h"
#include "support/test_database.h"
#include "support/test_server.h"
#include "tokens/token_cache.h"

namespace keyward::testing {

// The JSON object of a response body.
boost::json::object json(const RawResponse& response);

// The body of POST /api-keys.
std::string key_body(const std::string& type, const std::string& description,
                     const std::string& key);

// How a test request authenticates.
struct Credentials {
  std::string session_token;  // empty: none
  std::string csrf_token;     // sent as X-CSRF-Token when not empty
  bool as_bearer = false;     // Authorization: Bearer instead of the cookie
};

// A signed-in user made directly in the store (no HTTP, no password hashing).
struct TestUser {
  User user;
  Credentials credentials;
};

// The real routes on a real server, over a fresh database of the engine under test (a SQLite
// file in a temp dir, or a PostgreSQL schema: see TestDatabase), with a ManualClock.
//
// Contract mode (tests/contract/prism-run): with KEYWARD_TEST_UPSTREAM_PORT and
// KEYWARD_TEST_PROXY_PORT set, the server listens on the upstream port and request() sends every
// /api/v1 request through the validation proxy on the proxy port (Prism, which checks each
// request and response against src/api/openapi.json). A request the document itself calls
// invalid (a test of bad input) is answered by Prism, not the server, so it is sent again
// straight to the server; every response the server gives through the proxy is checked.
class ApiHarness {
 public:
  explicit ApiHarness(storage::StoreOptions options = {});
  ~ApiHarness();

  // Sends one request; `body` is sent as JSON when not empty.
  RawResponse request(const std::string& method, const std::string& target,
                      const Credentials& credentials = {}, const std::string& body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {});

  // Creates a user whose password is kTestPassword, and a session for them.
  TestUser make_user(const std::string& email, const std::string& name = "Test User");
  Credentials make_session(const std::string& user_id);
  std::string make_team(const std::string& name, const std::string& owner_id);
  void add_member(const std::string& team_id, const std::string& user_id, Role role);
  // Every audit row as "action|team|actor|target|details" lines, oldest first.
  std::vector<std::string> audit_rows();

  storage::Store& store() { return *store_; }
  ManualClock& clock() { return clock_; }
  api::AppContext& context() { return *context_; }
  api::UsageRecorder& usage() { return *usage_; }
  api::EventHub& events() { return *events_; }
  std::uint16_t port() const { return server_->port(); }
  const std::filesystem::path& dir() const { return database_.dir().path(); }
  const TestDatabase& database() const { return database_; }
  const crypto::MasterKey& master_key() const { return *master_key_; }

  // The master key every harness uses (base64 of 32 bytes 0x01..0x20).
  static constexpr const char* kMasterKeyBase64 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

  static constexpr const char* kTestPassword = "a test password of some length";

 private:
  TestDatabase database_;
  ManualClock clock_;
  std::unique_ptr<crypto::MasterKey> master_key_;
  std::unique_ptr<keys::TeamKeys> team_keys_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<api::UsageRecorder> usage_;
  std::unique_ptr<api::EventHub> events_;
  std::unique_ptr<tokens::TokenCache> tokens_;
  std::unique_ptr<api::AppContext> context_;
  std::unique_ptr<TestServer> server_;
  std::uint16_t proxy_port_ = 0;  // contract mode: Prism's port; 0 otherwise
};

}  // namespace keyward::testing
