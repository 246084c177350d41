#include "identity/sign_in_throttle.h"

#include "crypto/encoding.h"
#include "crypto/password.h"
#include "domain/throttle.h"

namespace keyward::identity {

AttemptKeys attempt_keys(std::string_view scope, std::string_view email, std::string_view address) {
  std::string typed = std::string(scope) + ":" + std::string(email);
  return {"account:" + crypto::to_hex(crypto::hash_token(typed)),
          "address:" + std::string(address)};
}

Result<Attempt> take_attempt(storage::WriteTx& tx, const AttemptKeys& keys, std::int64_t now) {
  KW_TRY(account, tx.identity().get_throttle(keys.account));
  KW_TRY(address, tx.identity().get_throttle(keys.address));
  AttemptDecision decision = decide_attempt(account, address, now);
  Attempt attempt{decision.wait_ms, decision.address.has_value()};
  if (decision.wait_ms > 0) return attempt;
  KW_TRY_STATUS(tx.identity().put_throttle(keys.account, decision.account));
  if (decision.address) KW_TRY_STATUS(tx.identity().put_throttle(keys.address, *decision.address));
  return attempt;
}

Status clear_attempt(storage::WriteTx& tx, const AttemptKeys& keys, const Attempt& attempt,
                     std::int64_t now) {
  KW_TRY_STATUS(tx.identity().delete_throttle(keys.account));
  if (!attempt.counted_address) return ok_status();
  KW_TRY(address, tx.identity().get_throttle(keys.address));
  auto forgiven = forgive_attempt(address, kAddressThrottle, now);
  if (!forgiven) return ok_status();
  return tx.identity().put_throttle(keys.address, *forgiven);
}

}  // namespace keyward::identity
