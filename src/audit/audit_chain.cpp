#include "audit/audit_chain.h"

#include <sodium.h>

#include <boost/json.hpp>

#include <array>
#include <map>

#include "crypto/encoding.h"

namespace keyward::audit {
namespace {

// What the wrapped key is bound to, so it cannot pass for a team's key or the other way round.
constexpr char kWrapContext[] = "keyward:audit-chain";

std::string encode(const crypto::WrappedKey& wrapped) {
  return boost::json::serialize(
      boost::json::object{{"master_key_id", wrapped.master_key_id},
                          {"nonce", crypto::to_base64(wrapped.nonce)},
                          {"wrapped", crypto::to_base64(wrapped.ciphertext)}});
}

Result<crypto::WrappedKey> decode(const std::string& text) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text, ec);
  const auto* fields = parsed.if_object();
  auto string_at = [&](const char* name) -> std::string {
    const auto* value = fields != nullptr ? fields->if_contains(name) : nullptr;
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
  };
  crypto::WrappedKey wrapped{string_at("master_key_id"),
                             crypto::from_base64(string_at("wrapped")).value_or(""),
                             crypto::from_base64(string_at("nonce")).value_or("")};
  if (ec || wrapped.master_key_id.empty() || wrapped.ciphertext.empty() || wrapped.nonce.empty()) {
    return Error::make(ErrorCode::kInternal, "", "the stored audit chain key is unreadable");
  }
  return wrapped;
}

// The chain key from its stored setting, unwrapped by `master`; a key wrapped by another master
// key fails with a message for the operator.
Result<crypto::DataKey> open_stored(const std::string& stored, const crypto::MasterKey& master) {
  KW_TRY(wrapped, decode(stored));
  auto key = crypto::unwrap_team_key(master, kWrapContext, wrapped);
  if (!key) {
    std::string message =
        "the audit chain key cannot be opened with the configured master key (id " + master.id() +
        ")";
    return Error::make(ErrorCode::kInternal, message, message);
  }
  return key;
}

// Length-prefixed, with a presence byte for optional fields, so no two different events (or an
// event and a shifted copy of it) hash the same input.
void add(crypto_generichash_state& state, const std::optional<std::string>& field) {
  unsigned char present = field ? 1 : 0;
  crypto_generichash_update(&state, &present, 1);
  if (!field) return;
  std::array<unsigned char, 8> length{};
  std::uint64_t size = field->size();
  for (int i = 0; i < 8; ++i) length[static_cast<std::size_t>(i)] = (size >> (8 * i)) & 0xff;
  crypto_generichash_update(&state, length.data(), length.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field->data()),
                            field->size());
}

AuditEvent event_from(const storage::Row& row) {
  auto text = [&](std::size_t i) { return row[i].bytes; };
  auto optional = [&](std::size_t i) -> std::optional<std::string> {
    if (row[i].null) return std::nullopt;
    return row[i].bytes;
  };
  AuditEvent e;
  e.id = text(0);
  e.team_id = optional(1);
  e.at = row[2].integer;
  e.actor_type = text(3);
  e.actor_id = optional(4);
  e.action = text(5);
  e.target_id = optional(6);
  e.ip = text(7);
  e.user_agent = text(8);
  e.details = text(9);
  e.prev_hash = row[10].null ? "" : row[10].bytes;
  e.hash = row[11].null ? "" : row[11].bytes;
  return e;
}

const storage::TableSpec& audit_table() {
  for (const auto& table : storage::data_tables()) {
    if (table.name == "audit_events") return table;
  }
  std::abort();  // data_tables() always lists audit_events
}

}  // namespace

Result<AuditChain> AuditChain::open(storage::Store& store, const crypto::MasterKey& master) {
  std::optional<crypto::DataKey> key;
  KW_TRY_STATUS(store.write([&](storage::WriteTx& tx) -> Status {
    auto stored = tx.settings().get(kAuditChainKeySetting);
    if (!stored) return std::move(stored).error();
    if (*stored) {
      KW_TRY(unwrapped, open_stored(**stored, master));
      key = std::move(unwrapped);
      return ok_status();
    }
    crypto::DataKey fresh = crypto::DataKey::generate();
    if (auto put = tx.settings().put(kAuditChainKeySetting,
                                     encode(crypto::wrap_team_key(master, kWrapContext, fresh)));
        !put) {
      return put;
    }
    key = fresh;
    return ok_status();
  }));
  return AuditChain(*key);
}

std::string AuditChain::seal(const std::string& prev_hash, const AuditEvent& e) const {
  std::array<unsigned char, 32> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, key_.bytes(), crypto::DataKey::kSize, out.size());
  add(state, prev_hash.empty() ? std::nullopt : std::optional<std::string>(prev_hash));
  add(state, e.id);
  add(state, e.team_id);
  add(state, std::to_string(e.at));
  add(state, e.actor_type);
  add(state, e.actor_id);
  add(state, e.action);
  add(state, e.target_id);
  add(state, e.ip);
  add(state, e.user_agent);
  add(state, e.details);
  crypto_generichash_final(&state, out.data(), out.size());
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

storage::AuditSealer AuditChain::sealer() const {
  return [chain = *this](const std::string& prev_hash, const AuditEvent& event) {
    return chain.seal(prev_hash, event);
  };
}

Result<AuditChain> AuditChain::load_for_verify(storage::ReadTx& tx,
                                               const crypto::MasterKey& master) {
  KW_TRY(stored, tx.settings().get(kAuditChainKeySetting));
  if (!stored) return AuditChain(crypto::DataKey::generate());
  KW_TRY(key, open_stored(*stored, master));
  return AuditChain(std::move(key));
}

Status AuditChain::rewrap(storage::WriteTx& tx, const crypto::MasterKey& current,
                          const crypto::MasterKey& next) {
  KW_TRY(stored, tx.settings().get(kAuditChainKeySetting));
  if (!stored) return ok_status();  // no chain yet: the next server start creates its key
  KW_TRY(wrapped, decode(*stored));
  KW_TRY(key, crypto::unwrap_team_key(current, kWrapContext, wrapped));
  return tx.settings().put(kAuditChainKeySetting,
                           encode(crypto::wrap_team_key(next, kWrapContext, key)));
}

Result<std::vector<ChainReport>> verify_audit_chains(storage::ReadTx& tx, const AuditChain& chain) {
  std::map<std::string, ChainReport> found;
  std::map<std::string, std::string> expected_prev;  // by team: the last hash seen
  Status scanned = tx.table_rows().scan(audit_table(), [&](const storage::Row& row) -> Status {
    AuditEvent event = event_from(row);
    std::string team = event.team_id.value_or("");
    ChainReport& report = found[team];
    report.team = team;
    if (!report.problem.empty()) return ok_status();  // report the first break only
    if (event.hash.empty()) {
      if (report.events > 0) {
        report.problem = "an unchained event inside the chain (inserted afterwards)";
        report.event_id = event.id;
      } else {
        report.unchained += 1;
      }
      return ok_status();
    }
    std::string& previous = expected_prev[team];
    if (event.prev_hash != previous) {
      report.problem = report.events == 0 && !event.prev_hash.empty()
                           ? "the chain does not start here (events before it were deleted)"
                           : "does not follow the event before it (an event was deleted, "
                             "inserted or moved)";
      report.event_id = event.id;
      return ok_status();
    }
    if (chain.seal(event.prev_hash, event) != event.hash) {
      report.problem = "its contents do not match its hash (the event was changed)";
      report.event_id = event.id;
      return ok_status();
    }
    previous = event.hash;
    report.events += 1;
    report.head = crypto::to_hex(event.hash);
    return ok_status();
  });
  if (!scanned) return std::move(scanned).error();
  std::vector<ChainReport> out;
  out.reserve(found.size());
  for (auto& [team, report] : found) out.push_back(std::move(report));
  return out;
}

Result<std::vector<ChainReport>> verify_audit_chains(storage::Store& store,
                                                     const AuditChain& chain) {
  std::vector<ChainReport> out;
  KW_TRY_STATUS(store.read([&](storage::ReadTx& tx) -> Status {
    // Assigned, never appended to: a read may run more than once.
    auto reports = verify_audit_chains(tx, chain);
    if (!reports) return std::move(reports).error();
    out = std::move(reports).value();
    return ok_status();
  }));
  return out;
}

}  // namespace keyward::audit
