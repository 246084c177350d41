#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "storage/store.h"

namespace keyward::api {

class EventHub;
class TokenCache;

// Changes one server commits that every server must hear: its browsers' event streams, and its
// caches. Sent as a change notice inside the writing transaction (WriteTx::notify), so nothing is
// heard of a change that rolled back; with PostgreSQL every server on the database hears it
// (LISTEN/NOTIFY), with SQLite the one process does. Notices carry ids and field names, never a
// secret.

// Sends `event` ("api_key.created", …) with `data` to the team's event streams, on commit.
Status publish_after_commit(storage::WriteTx& tx, const std::string& team_id,
                            const std::string& event, const boost::json::object& data);

// Ends the event streams `user_id` holds on `team_id` (removed from the team), on commit.
Status end_streams_after_commit(storage::WriteTx& tx, const std::string& team_id,
                                const std::string& user_id);

// Ends the event streams the session `session_id` opened (it signed out), on commit.
Status end_session_streams_after_commit(storage::WriteTx& tx, const std::string& session_id);

// Makes every server's token cache forget the service token `token_id`, on commit.
Status forget_token_after_commit(storage::WriteTx& tx, const std::string& token_id);

// Routes notices to `events` and `tokens` (either may be null). A gap in the notices (the
// listening connection dropped) clears `tokens`.
storage::ChangeHandler change_handler(EventHub* events, TokenCache* tokens);

}  // namespace keyward::api
