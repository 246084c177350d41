#pragma once

#include <string>

#include "storage/sql.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/tx_audit.h"

namespace keyward::storage {

// tx.audit() on an SQL engine's connection. Sealing appends to a hash chain per team: the
// event's prev_hash is the hash of the chain's newest event, read in the same transaction.
template <typename Connection>
class SqlAudit final : public AuditWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlAudit(Connection& db) : db_(db) {}

  // The sealer later appends use; nullptr: events are stored unchained.
  void use_sealer(const AuditSealer* sealer) { sealer_ = sealer; }

  // Newest first, `page` counted from 1; `total` counts the team's events that pass `filter`.
  // One statement reads the page and its actors' names.
  Result<Page<ListedAuditEvent>> list(const std::string& team_id, const AuditFilter& filter,
                                      int page, int page_size) override {
    auto bind_filter = [&](auto& s) {
      s.bind(1, team_id);
      if (filter.action.empty()) {
        s.bind_null(2);
      } else {
        s.bind(2, filter.action);
      }
      if (filter.actor_id.empty()) {
        s.bind_null(3);
      } else {
        s.bind(3, filter.actor_id);
      }
    };
    Page<ListedAuditEvent> out;
    KW_TRY(total, sql::count(db_, sql::kCountAudit, bind_filter));
    out.total = total;
    KW_TRY(items, sql::query_all<ListedAuditEvent>(
                      db_, sql::kListAudit,
                      [&](auto& s) {
                        bind_filter(s);
                        s.bind(4, static_cast<std::int64_t>(page_size));
                        s.bind(5, static_cast<std::int64_t>(page - 1) * page_size);
                      },
                      [](auto& s) { return sql::ListedAuditEventRow::read(s); }));
    out.items = std::move(items);
    return out;
  }

  // With a sealer, chains the event to the previous hash of its team (or of the server-wide trail).
  Status append(const AuditEvent& event) override {
    std::string prev_hash;
    std::string hash;
    if (sealer_ != nullptr) {
      auto read_hash = [](auto& s) { return s.column_blob(0); };
      KW_TRY(head, event.team_id ? sql::query_one<std::string>(
                                       db_, sql::kAuditHead,
                                       [&](auto& s) { s.bind(1, *event.team_id); }, read_hash)
                                 : sql::query_one<std::string>(db_, sql::kAuditHeadNoTeam,
                                                               sql::no_parameters, read_hash));
      prev_hash = head.value_or("");
      hash = (*sealer_)(prev_hash, event);
    }
    return sql::run(db_, sql::kInsertAudit,
                    [&](auto& s) { sql::AuditEventRow::bind(s, event, prev_hash, hash); });
  }

 private:
  Connection& db_;
  const AuditSealer* sealer_ = nullptr;
};

}  // namespace keyward::storage
