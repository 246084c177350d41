#include "identity/sessions.h"

#include "audit/record.h"
#include "changes/notices.h"
#include "crypto/password.h"
#include "crypto/random.h"

namespace keyward::identity {

Result<NewSession> create_session(storage::WriteTx& tx, const std::string& user_id,
                                  const ClientInfo& client, const SessionPolicy& policy,
                                  std::int64_t now) {
  NewSession created;
  created.token = crypto::random_token();
  Session& session = created.session;
  session.id = crypto::random_uuid();
  session.token_hash = crypto::hash_token(created.token);
  session.user_id = user_id;
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + policy.absolute_ms;
  session.ip = client.ip;
  session.user_agent = client.user_agent;
  KW_TRY_STATUS(tx.identity().insert_session(session));
  return created;
}

Result<NewSession> start_session(storage::WriteTx& tx, const std::string& user_id,
                                 const ClientInfo& client, const SessionPolicy& policy,
                                 std::int64_t now) {
  KW_TRY(created, create_session(tx, user_id, client, policy, now));
  KW_TRY_STATUS(audit::record(tx, Actor::user(user_id, client), audit::EventName::kSessionCreated,
                              now, created.session.id));
  return created;
}

Status sign_out(storage::WriteTx& tx, const Actor& actor, const SignOut& command,
                std::int64_t now) {
  KW_TRY_STATUS(tx.identity().delete_session(command.session_token_hash));
  // Its event streams end with it, on every server.
  KW_TRY_STATUS(changes::end_session_streams(tx, actor.session_id));
  return audit::record(tx, Actor::user(actor.id, actor.client), audit::EventName::kSessionDeleted,
                       now, actor.session_id);
}

}  // namespace keyward::identity
