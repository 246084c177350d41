#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sql.h"
#include "storage/sql_list_page.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/string_list.h"
#include "storage/tx_keys.h"

namespace keyward::storage {

// tx.keys() on an SQL engine's connection: the statements both engines share. Each engine
// derives from it and adds list(), which searches through the engine's own text index.
template <typename Connection>
class SqlKeys : public KeysWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlKeys(Connection& db) : db_(db) {}

  // Scoped by team: a key of another team is nullopt, as a missing one.
  Result<std::optional<ApiKey>> find(const std::string& team_id, const std::string& id) override {
    return sql::query_one<ApiKey>(
        db_, sql::kFindApiKey, [&](auto& s) { s.bind(1, team_id).bind(2, id); }, read_);
  }
  // The team's key whose secret has `fingerprint` (bound as bytes); nullopt when none.
  Result<std::optional<ApiKey>> find_by_fingerprint(const std::string& team_id,
                                                    const std::string& fingerprint) override {
    return sql::query_one<ApiKey>(
        db_, sql::kFindApiKeyByFingerprint,
        [&](auto& s) { s.bind(1, team_id).bind_blob(2, fingerprint); }, read_);
  }
  // The team's default key of `type`, else its newest key of that type, among those carrying
  // every one of `labels`; nullopt when there is none.
  Result<std::optional<ApiKey>> resolve(const std::string& team_id, const std::string& type,
                                        const std::vector<std::string>& labels) override {
    if (!labels.empty()) return resolve_labelled(team_id, type, labels);
    auto bind = [&](auto& s) { s.bind(1, team_id).bind(2, type); };
    auto chosen = sql::query_one<ApiKey>(db_, sql::kResolveDefault, bind, read_);
    if (!chosen || *chosen) return chosen;
    return sql::query_one<ApiKey>(db_, sql::kResolveNewest, bind, read_);
  }

  Result<bool> set_disabled(const std::string& team_id, const std::string& id,
                            const std::string& fingerprint, std::optional<std::int64_t> at,
                            const std::optional<std::string>& reason) override {
    return sql::run_changing_one(db_, sql::kSetApiKeyDisabled, [&](auto& s) {
      sql::ParameterBinder b(s);
      b.text(team_id).text(id).optional_int64(at).optional_text(reason).blob(fingerprint);
    });
  }

  Result<std::vector<ApiKey>> candidates(const std::string& team_id, const std::string& type,
                                         const std::vector<std::string>& labels) override {
    static const std::string kAll =
        sql::gateway_candidates_sql(Connection::kParameterMark, false, kMaxCandidates);
    static const std::string kLabelled =
        sql::gateway_candidates_sql(Connection::kParameterMark, true, kMaxCandidates);
    if (labels.empty()) {
      return sql::query_all<ApiKey>(
          db_, kAll.c_str(), [&](auto& s) { s.bind(1, team_id).bind(2, type); }, read_);
    }
    const std::string array = string_list_json(labels);
    return sql::query_all<ApiKey>(
        db_, kLabelled.c_str(), [&](auto& s) { s.bind(1, team_id).bind(2, type).bind(3, array); },
        read_);
  }

  // Newest first; empty for a key the team does not have.
  Result<std::vector<SecretVersion>> secret_versions(const std::string& team_id,
                                                     const std::string& id) override {
    return sql::query_all<SecretVersion>(
        db_, sql::kSecretVersions, [&](auto& s) { s.bind(1, team_id).bind(2, id); },
        [](auto& s) { return sql::SecretVersionRow::read(s); });
  }
  // Nullopt when the team's key `id` has no version `version`.
  Result<std::optional<SecretVersion>> find_secret_version(const std::string& team_id,
                                                           const std::string& id,
                                                           std::int64_t version) override {
    return sql::query_one<SecretVersion>(
        db_, sql::kFindSecretVersion,
        [&](auto& s) { s.bind(1, team_id).bind(2, id).bind(3, version); },
        [](auto& s) { return sql::SecretVersionRow::read(s); });
  }
  // Every team's rows with secret_version 0.
  Result<std::vector<ApiKey>> unversioned() override {
    return sql::query_all<ApiKey>(
        db_, sql::kUnversionedApiKeys, [](auto&) {}, read_);
  }

  Result<std::int64_t> count_needing_attention(const std::string& team_id,
                                               std::int64_t now) override {
    return sql::count(db_, sql::kCountNeedingAttention,
                      [&](auto& s) { s.bind(1, team_id).bind(2, now); });
  }
  Result<std::vector<ApiKey>> due_for_reverify(std::int64_t now, int limit) override {
    return sql::query_all<ApiKey>(
        db_, sql::kDueForReverify, [&](auto& s) { s.bind(1, now).bind(2, std::int64_t{limit}); },
        read_);
  }
  // An unknown kind finds nothing.
  Result<std::vector<ApiKey>> due_for_notice(std::string_view kind, std::int64_t now,
                                             int limit) override {
    const char* statement = kind == "expiring"       ? sql::kDueExpiringNotice
                            : kind == "expired"      ? sql::kDueExpiredNotice
                            : kind == "rotation_due" ? sql::kDueRotationNotice
                                                     : nullptr;
    if (statement == nullptr) return std::vector<ApiKey>{};
    return sql::query_all<ApiKey>(
        db_, statement, [&](auto& s) { s.bind(1, now).bind(2, std::int64_t{limit}); }, read_);
  }

  // kConflict on a constraint violation (the id, or the same secret twice in the team).
  Status insert(const ApiKey& key) override {
    return sql::run(db_, sql::kInsertApiKey, [&](auto& s) { sql::ApiKeyRow::bind_insert(s, key); });
  }
  // Optimistic: false when the key is gone or its version is no longer `expected_version`.
  Result<bool> update(const ApiKey& key, std::int64_t expected_version) override {
    return sql::run_changing_one(db_, sql::kUpdateApiKey, [&](auto& s) {
      sql::ApiKeyRow::bind_update(s, key, expected_version);
    });
  }
  // False when the team has no key `id`.
  Result<bool> remove(const std::string& team_id, const std::string& id) override {
    return sql::run_changing_one(db_, sql::kDeleteApiKey,
                                 [&](auto& s) { s.bind(1, team_id).bind(2, id); });
  }
  // Unsets the default of `type` in the team, bumping those keys' versions; returns how many lost
  // it.
  Result<int> clear_default(const std::string& team_id, const std::string& type) override {
    KW_TRY_STATUS(
        sql::run(db_, sql::kClearDefault, [&](auto& s) { s.bind(1, team_id).bind(2, type); }));
    return db_.changes();
  }
  // Records a verification only if the key still has `type` and `fingerprint`, so a result
  // for a secret replaced meanwhile is dropped; false then, or when the key is gone.
  Result<bool> set_verify_result(const std::string& team_id, const std::string& id,
                                 const std::string& type, const std::string& fingerprint,
                                 const std::string& status, std::int64_t at) override {
    return sql::run_changing_one(db_, sql::kSetVerifyResult, [&](auto& s) {
      s.bind(1, team_id).bind(2, id).bind(3, status).bind(4, at).bind(5, type);
      s.bind_blob(6, fingerprint);
    });
  }
  // kConflict when the version is taken or its key is missing.
  Status insert_secret_version(const SecretVersion& version) override {
    return sql::run(db_, sql::kInsertSecretVersion,
                    [&](auto& s) { sql::SecretVersionRow::bind(s, version); });
  }
  // Sets the ciphertexts of versions `up_to` and older to NULL; returns how many it changed.
  Result<int> prune_secret_versions(const std::string& team_id, const std::string& id,
                                    std::int64_t up_to) override {
    KW_TRY_STATUS(sql::run(db_, sql::kPruneSecretVersions,
                           [&](auto& s) { s.bind(1, team_id).bind(2, id).bind(3, up_to); }));
    return db_.changes();
  }
  // Keeps each key's newest `kept` ciphertexts; returns how many it deleted.
  Result<int> prune_team_secret_versions(const std::string& team_id, int kept) override {
    KW_TRY_STATUS(sql::run(db_, sql::kPruneTeamSecretVersions,
                           [&](auto& s) { s.bind(1, team_id).bind(2, std::int64_t{kept}); }));
    return db_.changes();
  }
  // Only while the row is still unversioned.
  Result<bool> reseal_unversioned(const std::string& team_id, const std::string& id,
                                  const std::string& ciphertext,
                                  const std::string& nonce) override {
    return sql::run_changing_one(db_, sql::kResealUnversioned, [&](auto& s) {
      s.bind(1, team_id).bind(2, id);
      s.bind_blob(3, ciphertext).bind_blob(4, nonce);
    });
  }
  Result<int> remark_team_keys(const std::string& team_id, const LifecyclePolicy& policy) override {
    std::optional<std::int64_t> every;
    if (policy.rotate_every_days) every = *policy.rotate_every_days;
    KW_TRY_STATUS(sql::run(db_, sql::kRemarkTeamKeys, [&](auto& s) {
      sql::ParameterBinder(s)
          .text(team_id)
          .int64(policy.expiry_warning_days * kDayMs)
          .optional_int64(every);
    }));
    return db_.changes();
  }
  Result<bool> record_notice(const ApiKey& key, std::string_view kind, std::int64_t due_at,
                             std::int64_t at) override {
    return sql::run_changing_one(db_, sql::kRecordNotice, [&](auto& s) {
      s.bind(1, key.id).bind(2, std::string(kind)).bind(3, due_at).bind(4, key.team_id).bind(5, at);
    });
  }
  // Best effort usage stamp at `at`; an unknown id is no error.
  Result<std::vector<GatewayUsage>> gateway_usage_by_day(const std::string& team_id,
                                                         const std::string& id, std::int64_t from,
                                                         std::int64_t to) override {
    return sql::query_all<GatewayUsage>(
        db_, sql::kGatewayUsageByDay,
        [&](auto& s) { s.bind(1, team_id).bind(2, id).bind(3, from).bind(4, to); },
        [](auto& s) { return sql::GatewayUsageRow::read(s); });
  }
  Result<std::vector<GatewayUsage>> team_gateway_usage(const std::string& team_id,
                                                       std::int64_t from) override {
    return sql::query_all<GatewayUsage>(
        db_, sql::kTeamGatewayUsage, [&](auto& s) { s.bind(1, team_id).bind(2, from); },
        [](auto& s) { return sql::GatewayUsageRow::read(s); });
  }
  Result<std::int64_t> token_gateway_requests(const std::string& token_id,
                                              std::int64_t from) override {
    return sql::count(db_, sql::kTokenGatewayRequests,
                      [&](auto& s) { s.bind(1, token_id).bind(2, from); });
  }
  Status add_gateway_usage(const GatewayUsage& usage) override {
    return sql::run(db_, sql::kAddGatewayUsage,
                    [&](auto& s) { sql::GatewayUsageRow::bind(s, usage); });
  }
  Status mark_used(const std::string& id, std::int64_t at) override {
    return sql::run(db_, sql::kMarkApiKeyUsed, [&](auto& s) { s.bind(1, id).bind(2, at); });
  }

 protected:
  // resolve() with labels: the same two statements narrowed by the label filter, written in the
  // engine's dialect once (their addresses key the statement cache).
  Result<std::optional<ApiKey>> resolve_labelled(const std::string& team_id,
                                                 const std::string& type,
                                                 const std::vector<std::string>& labels) {
    static const std::string kDefault = sql::resolve_labelled_sql(Connection::kParameterMark, true);
    static const std::string kNewest = sql::resolve_labelled_sql(Connection::kParameterMark, false);
    const std::string array = string_list_json(labels);
    auto bind = [&](auto& s) { s.bind(1, team_id).bind(2, type).bind(3, array); };
    auto chosen = sql::query_one<ApiKey>(db_, kDefault.c_str(), bind, read_);
    if (!chosen || *chosen) return chosen;
    return sql::query_one<ApiKey>(db_, kNewest.c_str(), bind, read_);
  }

  static constexpr auto read_ = [](auto& s) { return sql::ApiKeyRow::read(s); };

  Connection& db_;
};

}  // namespace keyward::storage
