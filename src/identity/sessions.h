#pragma once

#include <cstdint>
#include <string>

#include "domain/actor.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "storage/tx.h"

namespace keyward::identity {

// How long a session lives (the server's AuthSettings give the numbers).
struct SessionPolicy {
  std::int64_t idle_ms = 0;      // unused this long, it ends
  std::int64_t absolute_ms = 0;  // it never lives longer than this
};

// A session just made: its row and the token that names it, which only its holder ever sees
// (only the token's hash is stored).
struct NewSession {
  Session session;
  std::string token;
};

// In `tx`: a new session for `user_id`, opened from `client` at `now`. Writes no audit row: for
// sign-ins use start_session(). The token and id are fresh on every run.
Result<NewSession> create_session(storage::WriteTx& tx, const std::string& user_id,
                                  const ClientInfo& client, const SessionPolicy& policy,
                                  std::int64_t now);

// create_session() plus its session.created audit row, by the user: how every sign-in ends.
Result<NewSession> start_session(storage::WriteTx& tx, const std::string& user_id,
                                 const ClientInfo& client, const SessionPolicy& policy,
                                 std::int64_t now);

// Signing out: the session is named by the hash of its token.
struct SignOut {
  std::string session_token_hash;
};

// In `tx`: ends the actor's session (`actor.session_id`, whose token hashes to
// `command.session_token_hash`) and, on commit, its event streams on every server; records
// session.deleted. REQUIRES: actor is a signed-in user.
Status sign_out(storage::WriteTx& tx, const Actor& actor, const SignOut& command, std::int64_t now);

}  // namespace keyward::identity
