#include "changes/notices.h"

#include <boost/json/serialize.hpp>

namespace keyward::changes {

Status publish(storage::WriteTx& tx, const std::string& team_id, audit::EventName event,
               const boost::json::object& data) {
  return tx.notify(boost::json::serialize(boost::json::object{
      {"kind", "event"}, {"team", team_id}, {"event", audit::event_name(event)}, {"data", data}}));
}

Status end_member_streams(storage::WriteTx& tx, const std::string& team_id,
                          const std::string& user_id) {
  return tx.notify(boost::json::serialize(
      boost::json::object{{"kind", "leave"}, {"team", team_id}, {"user", user_id}}));
}

Status end_session_streams(storage::WriteTx& tx, const std::string& session_id) {
  return tx.notify(boost::json::serialize(
      boost::json::object{{"kind", "session_end"}, {"session", session_id}}));
}

Status forget_service_token(storage::WriteTx& tx, const std::string& token_id) {
  return tx.notify(
      boost::json::serialize(boost::json::object{{"kind", "service_token"}, {"id", token_id}}));
}

}  // namespace keyward::changes
