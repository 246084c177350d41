#include "storage/sql_rows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "storage/sql.h"

namespace keyward::storage::sql {
namespace {

// A statement that records which columns were read and which parameters bound.
struct RecordingStatement {
  mutable std::multiset<int> read;
  std::multiset<int> bound;

  RecordingStatement& bind(int index, std::int64_t) { return note(index); }
  RecordingStatement& bind(int index, std::string_view) { return note(index); }
  RecordingStatement& bind_blob(int index, std::string_view) { return note(index); }
  RecordingStatement& bind_null(int index) { return note(index); }
  std::int64_t column_int64(int index) const {
    read.insert(index);
    return 0;
  }
  std::string column_text(int index) const {
    read.insert(index);
    return "viewer";
  }
  std::string column_blob(int index) const {
    read.insert(index);
    return {};
  }
  bool column_is_null(int index) const {
    read.insert(index);
    return false;
  }

  RecordingStatement& note(int index) {
    bound.insert(index);
    return *this;
  }
};

// The number of columns a list names: its commas outside parentheses, plus one.
int columns_in(std::string_view list) {
  int depth = 0;
  int count = 1;
  for (char c : list) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) ++count;
  }
  return count;
}

// The highest $N a statement uses.
int parameters_of(std::string_view sql) {
  int highest = 0;
  for (std::size_t at = sql.find('$'); at != std::string_view::npos; at = sql.find('$', at + 1)) {
    int n = 0;
    for (std::size_t i = at + 1; i < sql.size() && sql[i] >= '0' && sql[i] <= '9'; ++i) {
      n = n * 10 + (sql[i] - '0');
    }
    highest = std::max(highest, n);
  }
  return highest;
}

// Every column 0..n-1 read (a nullable one is asked whether it is null, then read), none past.
template <typename RowType>
void expect_reads_its_columns() {
  RecordingStatement s;
  (void)RowType::read(s);
  const int expected = columns_in(RowType::kColumns);
  ASSERT_FALSE(s.read.empty());
  EXPECT_EQ(*s.read.rbegin(), expected - 1) << RowType::kColumns;
  for (int i = 0; i < expected; ++i) EXPECT_TRUE(s.read.contains(i)) << i << RowType::kColumns;
}

// Parameters 1..n bound, each once, n being the statement's highest $N.
void expect_binds(const RecordingStatement& s, std::string_view sql) {
  const int expected = parameters_of(sql);
  EXPECT_EQ(static_cast<int>(s.bound.size()), expected) << sql;
  for (int i = 1; i <= expected; ++i) EXPECT_EQ(s.bound.count(i), 1U) << i << " in " << sql;
}

TEST(SqlRows, EachReaderReadsExactlyTheColumnsItsListNames) {
  expect_reads_its_columns<UserRow>();
  expect_reads_its_columns<TeamRow>();
  expect_reads_its_columns<TeamWithRoleRow>();
  expect_reads_its_columns<MemberRow>();
  expect_reads_its_columns<SessionRow>();
  expect_reads_its_columns<InvitationRow>();
  expect_reads_its_columns<ThrottleRow>();
  expect_reads_its_columns<AuditEventRow>();
  expect_reads_its_columns<ListedAuditEventRow>();
  expect_reads_its_columns<ApiKeyRow>();
  expect_reads_its_columns<SecretVersionRow>();
  expect_reads_its_columns<ServiceTokenRow>();
  expect_reads_its_columns<TeamKeyRowColumns>();
  expect_reads_its_columns<ServerKeyRowColumns>();
  EXPECT_EQ(columns_in(KEYWARD_SERVER_KEY_COLUMNS), columns_in(KEYWARD_TEAM_KEY_COLUMNS));
}

TEST(SqlRows, EachBinderBindsEveryParameterOfItsStatementOnce) {
  {
    RecordingStatement s;
    UserRow::bind(s, User{});
    expect_binds(s, kInsertUser);
  }
  {
    RecordingStatement s;
    TeamRow::bind(s, Team{});
    expect_binds(s, kInsertTeam);
  }
  {
    RecordingStatement s;
    SessionRow::bind(s, Session{});
    expect_binds(s, kInsertSession);
  }
  {
    RecordingStatement s;
    InvitationRow::bind(s, Invitation{});
    expect_binds(s, kInsertInvitation);
  }
  {
    RecordingStatement s;
    ThrottleRow::bind(s, "key", ThrottleState{});
    expect_binds(s, kPutThrottle);
  }
  {
    RecordingStatement s;
    AuditEventRow::bind(s, AuditEvent{}, "prev", "hash");
    expect_binds(s, kInsertAudit);
  }
  {
    RecordingStatement s;
    ApiKeyRow::bind_insert(s, ApiKey{});
    expect_binds(s, kInsertApiKey);
  }
  {
    RecordingStatement s;
    ApiKeyRow::bind_update(s, ApiKey{}, 1);
    expect_binds(s, kUpdateApiKey);
  }
  {
    RecordingStatement s;
    SecretVersionRow::bind(s, SecretVersion{});
    expect_binds(s, kInsertSecretVersion);
  }
  {
    RecordingStatement s;
    ServiceTokenRow::bind(s, ServiceToken{});
    expect_binds(s, kInsertServiceToken);
  }
  for (const char* sql : {kInsertTeamKey, kUpdateTeamKey}) {
    RecordingStatement s;
    TeamKeyRowColumns::bind(s, TeamKeyRow{}, 1);
    expect_binds(s, sql);
  }
  for (const char* sql : {kInsertServerKey, kUpdateServerKey}) {
    RecordingStatement s;
    ServerKeyRowColumns::bind(s, ServerKeyRow{}, 1);
    expect_binds(s, sql);
  }
}

TEST(SqlRows, AStringListRoundTrips) {
  const std::vector<std::string> types = {"openai", "anthropic", "aws_bedrock"};
  EXPECT_EQ(string_list_json(types), R"(["openai","anthropic","aws_bedrock"])");
  EXPECT_EQ(parse_string_list(string_list_json(types)), types);
  EXPECT_TRUE(parse_string_list("[]").empty());
}

}  // namespace
}  // namespace keyward::storage::sql
