#include "storage/tx.h"

#include <gtest/gtest.h>

#include <type_traits>

namespace keyward::storage {
namespace {

// Each concept asks whether a transaction type offers one write operation of an aggregate.
// (clang-format 14 and 19 lay out requires-expressions differently: kept as written)
// clang-format off
template <typename T>
concept InsertsKeys = requires(T& tx, const ApiKey& key) {
  tx.keys().insert(key);
};
template <typename T>
concept InsertsUsers = requires(T& tx, const User& user) {
  tx.identity().insert_user(user);
};
template <typename T>
concept DeletesSessions = requires(T& tx, const std::string& hash) {
  tx.identity().delete_session(hash);
};
template <typename T>
concept RevokesTokens = requires(T& tx, const std::string& id) {
  tx.tokens().revoke(id, id, 0);
};
template <typename T>
concept AppendsAudit = requires(T& tx, const AuditEvent& event) {
  tx.audit().append(event);
};
template <typename T>
concept PutsSettings = requires(T& tx, const std::string& s) {
  tx.settings().put(s, s);
};
template <typename T>
concept InsertsTeamKeys = requires(T& tx, const TeamKeyRow& row) {
  tx.wrapped_keys().insert_team_key(row, 0);
};
template <typename T>
concept InsertsRows = requires(T& tx, const TableSpec& table, const Row& row) {
  tx.table_rows().insert(table, row);
};
template <typename T>
concept Notifies = requires(T& tx, const std::string& payload) {
  tx.notify(payload);
};
template <typename T>
concept QueuesAfterCommit = requires(T& tx) {
  tx.after_commit([] {});
};
// clang-format on

// A read lambda gets a ReadTx: none of these compile on it.
static_assert(!InsertsKeys<ReadTx>);
static_assert(!InsertsUsers<ReadTx>);
static_assert(!DeletesSessions<ReadTx>);
static_assert(!RevokesTokens<ReadTx>);
static_assert(!AppendsAudit<ReadTx>);
static_assert(!PutsSettings<ReadTx>);
static_assert(!InsertsTeamKeys<ReadTx>);
static_assert(!InsertsRows<ReadTx>);
static_assert(!Notifies<ReadTx>);
static_assert(!QueuesAfterCommit<ReadTx>);

// A write lambda gets a WriteTx: all of them, and everything a ReadTx reads.
static_assert(InsertsKeys<WriteTx>);
static_assert(InsertsUsers<WriteTx>);
static_assert(DeletesSessions<WriteTx>);
static_assert(RevokesTokens<WriteTx>);
static_assert(AppendsAudit<WriteTx>);
static_assert(PutsSettings<WriteTx>);
static_assert(InsertsTeamKeys<WriteTx>);
static_assert(InsertsRows<WriteTx>);
static_assert(Notifies<WriteTx>);
static_assert(QueuesAfterCommit<WriteTx>);
static_assert(std::is_base_of_v<ReadTx, WriteTx>);

TEST(TxTypes, AReadTransactionOffersNoWriteOperation) {
  // The static_asserts above are the test; this names it in the test list.
  SUCCEED();
}

}  // namespace
}  // namespace keyward::storage
