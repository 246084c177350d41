#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "http/client_address.h"
#include "http/metrics.h"
#include "storage/store.h"

namespace keyward::keys {
class TeamKeys;
}  // namespace keyward::keys

namespace keyward::tokens {
class TokenCache;
}  // namespace keyward::tokens

namespace keyward::gateway {
class Gateway;
}  // namespace keyward::gateway

namespace keyward::api {

// Session and invitation lifetimes, and how cookies are marked.
struct AuthSettings {
  // A session unused this long ends: a forgotten browser tab does not stay signed in.
  std::int64_t session_idle_ms = 2LL * 60 * 60 * 1000;
  // No session lives longer than this, however busy: a stolen cookie has a bounded life.
  std::int64_t session_absolute_ms = 24LL * 60 * 60 * 1000;
  // last_seen_at is written at most this often, so reads do not turn into writes.
  std::int64_t session_touch_interval_ms = 60LL * 1000;
  // Long enough for a colleague to get round to it; short enough that a leaked link dies.
  std::int64_t invitation_ttl_ms = 7LL * 24 * 60 * 60 * 1000;
  bool secure_cookies = false;  // set Secure on the cookie (served over TLS or behind it)
  std::string public_url = "http://127.0.0.1:8080";  // base of links in invitations
};

class VerifySlots;
class WebAssets;
class UsageRecorder;
class EventHub;

// What handlers share. Built once in `serve` and outliving the server.
struct AppContext {
  storage::Store& store;
  std::shared_ptr<http::Metrics> metrics;
  const Clock& clock;
  AuthSettings auth;
  keys::TeamKeys* team_keys = nullptr;   // REQUIRES: set for the API key routes
  const WebAssets* web = nullptr;        // the UI; null serves no UI (tests of the API alone)
  UsageRecorder* usage = nullptr;        // counts resolves and session sightings; null: no counts,
                                         // sessions touched at once
  EventHub* events = nullptr;            // live change events; null publishes nothing
  tokens::TokenCache* tokens = nullptr;  // service tokens for resolve; null reads every time
  // Provider base URLs from KEYWARD_PROVIDER_<TYPE>_URL, replacing the catalogue's defaults.
  // Operator configuration only: no request can choose where a stored key is sent.
  std::map<std::string, std::string> provider_urls = {};
  // Proxies (KEYWARD_TRUSTED_PROXIES) whose X-Forwarded-For names the client; from anyone else
  // the header is ignored, so a client cannot choose the address it is throttled and audited by.
  std::vector<http::Cidr> trusted_proxies = {};
  // Provider checks in flight, bounded per team and in all (429 past them); null: one shared
  // by the whole process.
  VerifySlots* verify_slots = nullptr;
  // The whole verification exchange; a provider that takes longer counts as unreachable.
  std::chrono::milliseconds verify_timeout{5000};
  // Webhook URLs may be http:// to a loopback host (KEYWARD_WEBHOOKS_ALLOW_LOOPBACK): tests only.
  bool webhooks_allow_loopback = false;
  // /gateway/{type}/…; null: no gateway routes.
  gateway::Gateway* gateway = nullptr;
};

}  // namespace keyward::api
