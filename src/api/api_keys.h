#pragma once

#include <boost/json/fwd.hpp>

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// GET /api/v1/api-key-types: the catalogue.
http::Response list_key_types(http::Request& request, AppContext& context, const Caller& caller);

// GET /teams/{team}/api-keys: search, sort, order, page, page_size, type, status.
http::Response list_api_keys(http::Request& request, AppContext& context, const TeamCaller& caller);

// POST /teams/{team}/api-keys: {"type","description","key"} -> 201, Location, ETag, warnings.
http::Response create_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller);

// GET /teams/{team}/api-keys/{id}: one key with ETag: "<version>".
http::Response get_api_key(http::Request& request, AppContext& context, const TeamCaller& caller);

// PATCH /teams/{team}/api-keys/{id}: any of type, description, key (empty keeps the current
// one), is_default; If-Match "<version>" answers 412 when someone changed it first.
http::Response update_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller);

// DELETE /teams/{team}/api-keys/{id}: 204.
http::Response delete_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller);

// POST /teams/{team}/api-keys/{id}/reveal: {"key"} with Cache-Control: no-store; audited.
http::Response reveal_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller);

// GET /teams/{team}/api-keys/{id}/versions: {"items": the secret versions, newest first, never a
// secret; "secret_versions_kept": the team's retention}, with the key's ETag.
http::Response list_api_key_versions(http::Request& request, AppContext& context,
                                     const TeamCaller& caller);

// POST /teams/{team}/api-keys/{id}/versions/{version}/reveal: {"version","key"}, no-store;
// audited as api_key.revealed with the version. 404 unknown version, 409 its secret was deleted
// by retention.
http::Response reveal_api_key_version(http::Request& request, AppContext& context,
                                      const TeamCaller& caller);

// POST /teams/{team}/api-keys/{id}/versions/{version}/restore: the key with that version's value
// as a new secret version (200, ETag); If-Match as PATCH. 404, 409 (deleted secret, or the value
// is another key's), 412.
http::Response restore_api_key_version(http::Request& request, AppContext& context,
                                       const TeamCaller& caller);

// POST /teams/{team}/api-keys/{id}/enable: re-enables a key the gateway disabled (200, the key);
// a key that is not disabled is answered as it is. 404.
http::Response enable_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller);

// GET /teams/{team}/events: Server-Sent Events of the team's key and member changes.
// Last-Event-ID (header) replays what a reconnecting client missed.
http::Response team_events(http::Request& request, AppContext& context, const TeamCaller& caller);

// GET /teams/{team}/audit-events: action, actor, page, page_size; newest first, each actor with
// its name and email.
http::Response list_audit_events(http::Request& request, AppContext& context,
                                 const TeamCaller& caller);

}  // namespace keyward::api
