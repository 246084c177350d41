#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/api_key.h"

namespace keyward::storage::sqlite {

// One large team's key descriptions in memory, for search: the descriptions, lower-cased (ASCII,
// as SQLite's LIKE and NOCASE), one contiguous text scanned with memmem, and each key's place in
// the three sort orders. A common term over 100,000 keys is counted and paged in about a
// millisecond instead of a scan of the database's description index. Immutable once built.
class TeamDescriptions {
 public:
  // Takes the keys one at a time in (created_at, id) order, holding only compact columns (no
  // object per key), then sorts the other two orders.
  class Builder {
   public:
    // Call add() once per key in (created_at, id) order, then finish() once.
    Builder();
    // REQUIRES: keys come in (created_at, id) order, each once.
    void add(std::int64_t seq, std::string_view id, std::string_view type, std::int64_t created_at,
             std::string_view description);
    // The built copy, immutable and safe to share between threads; the builder is spent.
    std::shared_ptr<const TeamDescriptions> finish() &&;

   private:
    std::unique_ptr<TeamDescriptions> out_;
    std::string ids_;
    std::vector<std::uint32_t> id_start_;
    std::vector<std::string> type_names_;
    std::vector<std::uint16_t> type_;
    std::vector<std::int64_t> created_;
  };

  // What search() finds: the total matching and one page of them.
  struct Found {
    std::int64_t total = 0;
    std::vector<std::int64_t> seqs;  // the page's rows, in order
  };
  // The keys whose description contains `term` (ASCII case-insensitive, every other byte as
  // is), in the query's order: their number and the seqs of the page [offset, offset + limit).
  Found search(std::string_view term, SortField sort, bool descending, std::int64_t offset,
               std::int64_t limit) const;

  // The memory held, counted against DescriptionIndex's byte budget.
  std::size_t bytes() const;

 private:
  TeamDescriptions() = default;
  std::string_view description(std::uint32_t key) const;

  std::string text_;                  // every description lower-cased, each followed by '\n'
  std::vector<std::uint32_t> start_;  // where each key's description starts in text_
  std::vector<std::int64_t> seq_;
  std::vector<std::uint32_t> description_rank_;  // place in (description NOCASE, id) order
  std::vector<std::uint32_t> type_rank_;         // place in (type, created_at, id) order
};

// Whether TeamDescriptions can answer `term` exactly as LIKE would: no control characters (a
// description's separator is '\n').
bool describable_term(std::string_view term);

// The teams' TeamDescriptions, each for one version of the team's keys (teams.api_keys_version,
// bumped by triggers in the writing transaction). A stale copy is never used: the caller falls
// back to SQL, and rebuilds at most once per kRebuildInterval per team, so a team written to all
// the time does not rebuild on every search. Least recently used copies go first when the total
// passes the byte budget. Thread-safe.
class DescriptionIndex {
 public:
  static constexpr std::chrono::milliseconds kRebuildInterval{1000};

  // Holds copies of at most `byte_budget` bytes in all.
  explicit DescriptionIndex(std::size_t byte_budget) : budget_(byte_budget) {}

  // The copy for exactly this version, or null.
  std::shared_ptr<const TeamDescriptions> find(const std::string& team_id, std::int64_t version);
  // Whether a caller that found no current copy should build one now; true once per team and
  // kRebuildInterval, so concurrent callers do not all build.
  bool should_build(const std::string& team_id);
  void put(const std::string& team_id, std::int64_t version,
           std::shared_ptr<const TeamDescriptions> descriptions);

 private:
  struct Entry {
    std::int64_t version = -1;
    std::shared_ptr<const TeamDescriptions> descriptions;
    std::chrono::steady_clock::time_point built_at;
    std::list<std::string>::iterator recent;  // place in recent_
  };
  void evict_over_budget();

  std::mutex mutex_;
  std::size_t budget_;
  std::size_t used_ = 0;
  std::unordered_map<std::string, Entry> teams_;
  std::list<std::string> recent_;  // most recently used first
};

}  // namespace keyward::storage::sqlite
