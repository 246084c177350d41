#pragma once

#include <string>

#include "storage/store.h"

namespace keyward::tokens {
class TokenCache;
}  // namespace keyward::tokens

namespace keyward::api {

class EventHub;
using tokens::TokenCache;

// The receiving side of the change notices changes/notices.h sends: every server's ChangeHandler
// hands each notice to its event streams and its token cache.

// Routes notices to `events` and `tokens` (either may be null). A gap in the notices (the
// listening connection dropped) clears `tokens`.
storage::ChangeHandler change_handler(EventHub* events, TokenCache* tokens);

}  // namespace keyward::api
