#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "app/commands.h"
#include "app/console.h"
#include "crypto/password.h"
#include "domain/clock.h"
#include "domain/validation.h"
#include "storage/store.h"
#include "tokens/personal_tokens.h"

namespace keyward::app {
int reset_password(const std::string& database_url, const std::string& email_text) {
  FieldErrors errors;
  std::string email = normalize_email(email_text, "email", errors);
  if (!errors.empty()) {
    std::cerr << "keyward: '" << email_text << "' is not an email address\n";
    return 1;
  }
  auto store = storage::open_store(database_url, {.pool_size = 1});
  if (!store) {
    return fail(store.error().internal);
  }
  if (auto migrated = (*store)->migrate(); !migrated) {
    return fail(migrated.error().internal);
  }
  auto user = storage::read<std::optional<User>>(
      **store, [&](storage::ReadTx& tx) { return tx.identity().find_user_by_email(email); });
  if (!user || !*user) {
    std::cerr << "keyward: no user with email " << email << "\n";
    return 1;
  }
  std::string password = read_secret_line("New password (at least 12 characters): ");
  check_password(password, "password", errors);
  if (!errors.empty()) {
    return fail(FieldErrors(errors).to_error().fields.front().message);
  }
  if (::isatty(STDIN_FILENO) != 0 && read_secret_line("Repeat it: ") != password) {
    std::cerr << "keyward: the two passwords differ; nothing changed\n";
    return 1;
  }
  auto hash = crypto::hash_password(password);
  if (!hash) {
    return fail(hash.error().internal);
  }
  auto done = (*store)->write([&](storage::WriteTx& tx) -> Status {
    if (auto s = tx.identity().update_password((*user)->id, *hash); !s) return s;
    // A reset also signs out every browser and revokes the user's personal access tokens.
    if (auto s = tx.identity().delete_sessions_of_user((*user)->id); !s) return s;
    return tokens::revoke_all_personal_tokens(tx, Actor::system(), (*user)->id, "password_reset",
                                              SystemClock().now_ms());
  });
  if (!done) {
    return fail(done.error().internal);
  }
  std::cout << "password changed for " << email
            << "; their sessions were ended and personal access tokens revoked\n";
  return 0;
}

}  // namespace keyward::app
