#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "audit/event_name.h"
#include "domain/result.h"
#include "storage/tx.h"

namespace keyward::changes {

// Changes one server commits that every server must hear: its browsers' event streams, and its
// caches. Sent as a change notice inside the writing transaction (WriteTx::notify), so nothing
// is heard of a change that rolled back; with PostgreSQL every server on the database hears it
// (LISTEN/NOTIFY), with SQLite the one process does. Notices carry ids and field names, never a
// secret. api::change_handler() routes them on arrival.

// Sends `event` with `data` to the team's event streams, on commit.
Status publish(storage::WriteTx& tx, const std::string& team_id, audit::EventName event,
               const boost::json::object& data);

// Ends the event streams `user_id` holds on `team_id` (removed from the team), on commit.
Status end_member_streams(storage::WriteTx& tx, const std::string& team_id,
                          const std::string& user_id);

// Ends the event streams the session `session_id` opened (it signed out), on commit.
Status end_session_streams(storage::WriteTx& tx, const std::string& session_id);

// Makes every server's token cache forget the service token `token_id`, on commit.
Status forget_service_token(storage::WriteTx& tx, const std::string& token_id);

}  // namespace keyward::changes
