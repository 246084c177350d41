#pragma once

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace keyward::storage::sqlite {

// Tx on one leased SQLite connection with a transaction already open.
class SqliteTx final : public Tx {
 public:
  // `rare_match_limit`: see StoreOptions.
  SqliteTx(Connection& connection, std::int64_t rare_match_limit)
      : db_(connection), rare_match_limit_(rare_match_limit) {}

  Result<std::optional<std::string>> get_setting(const std::string& key) override;
  Status put_setting(const std::string& key, const std::string& value) override;
  Status delete_setting(const std::string& key) override;

  Result<bool> any_user() override;
  Status insert_user(const User& user) override;
  Result<std::optional<User>> find_user_by_email(const std::string& email) override;
  Result<std::optional<User>> find_user(const std::string& id) override;
  Status update_password(const std::string& user_id, const std::string& hash) override;

  Status insert_team(const Team& team) override;
  Result<std::optional<Team>> find_team(const std::string& id) override;
  Result<std::vector<TeamWithRole>> teams_of_user(const std::string& user_id) override;

  Status insert_membership(const std::string& team_id, const std::string& user_id, Role role,
                           std::int64_t at) override;
  Result<std::optional<Role>> find_role(const std::string& team_id,
                                        const std::string& user_id) override;
  Result<std::vector<Member>> members(const std::string& team_id) override;
  Status update_role(const std::string& team_id, const std::string& user_id, Role role) override;
  Status delete_membership(const std::string& team_id, const std::string& user_id) override;
  Result<int> count_owners(const std::string& team_id) override;

  Status insert_session(const Session& session) override;
  Result<std::optional<Session>> find_session(const std::string& token_hash) override;
  Status touch_session(const std::string& token_hash, std::int64_t at) override;
  Status delete_session(const std::string& token_hash) override;
  Status delete_sessions_of_user(const std::string& user_id) override;
  Status delete_expired_sessions(std::int64_t idle_before, std::int64_t now) override;

  Status insert_invitation(const Invitation& invitation) override;
  Result<std::optional<Invitation>> find_invitation(const std::string& token_hash) override;
  Status mark_invitation_accepted(const std::string& id, std::int64_t at) override;

  Result<std::optional<ThrottleState>> get_throttle(const std::string& key) override;
  Status put_throttle(const std::string& key, const ThrottleState& state) override;
  Status delete_throttle(const std::string& key) override;

  Status insert_audit(const AuditEvent& event) override;
  Result<Page<AuditEvent>> list_audit(const std::string& team_id, int page, int page_size) override;

  Result<std::optional<TeamKeyRow>> find_team_key(const std::string& team_id) override;
  Status insert_team_key(const TeamKeyRow& row, std::int64_t at) override;
  Result<std::vector<TeamKeyRow>> all_team_keys() override;
  Status update_team_key(const TeamKeyRow& row, std::int64_t at) override;

  Status insert_api_key(const ApiKey& key) override;
  Result<std::optional<ApiKey>> find_api_key(const std::string& team_id,
                                             const std::string& id) override;
  Result<std::optional<ApiKey>> find_api_key_by_fingerprint(
      const std::string& team_id, const std::string& fingerprint) override;
  Result<bool> update_api_key(const ApiKey& key, std::int64_t expected_version) override;
  Result<bool> delete_api_key(const std::string& team_id, const std::string& id) override;
  Result<int> clear_default(const std::string& team_id, const std::string& type) override;
  Result<Page<ApiKey>> list_api_keys(const std::string& team_id, const ListQuery& query) override;

  Status insert_service_token(const ServiceToken& token) override;
  Result<std::vector<ServiceToken>> service_tokens(const std::string& team_id) override;
  Result<std::optional<ServiceToken>> find_service_token(const std::string& token_hash) override;
  Result<bool> revoke_service_token(const std::string& team_id, const std::string& id,
                                    std::int64_t at) override;
  Result<std::optional<ApiKey>> resolve_api_key(const std::string& team_id,
                                                const std::string& type) override;
  Status mark_api_key_used(const std::string& id, std::int64_t at) override;
  Status mark_service_token_used(const std::string& id, std::int64_t at) override;
  Result<bool> set_verify_result(const std::string& team_id, const std::string& id,
                                 const std::string& status, std::int64_t at) override;

 private:
  Connection& db_;
  std::int64_t rare_match_limit_;
};

}  // namespace keyward::storage::sqlite
