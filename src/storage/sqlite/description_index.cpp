#include "storage/sqlite/description_index.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace keyward::storage::sqlite {
namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

// rank[i] = the place of key i when all keys are sorted by `less`.
template <typename Less>
std::vector<std::uint32_t> ranks(std::size_t n, Less less) {
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0U);
  std::sort(order.begin(), order.end(), less);
  std::vector<std::uint32_t> rank(n);
  for (std::size_t place = 0; place < n; ++place)
    rank[order[place]] = static_cast<std::uint32_t>(place);
  return rank;
}

}  // namespace

bool describable_term(std::string_view term) {
  return !term.empty() && std::none_of(term.begin(), term.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

TeamDescriptions::Builder::Builder() : out_(new TeamDescriptions) {}

void TeamDescriptions::Builder::add(std::int64_t seq, std::string_view id, std::string_view type,
                                    std::int64_t created_at, std::string_view description) {
  out_->start_.push_back(static_cast<std::uint32_t>(out_->text_.size()));
  for (char c : description) out_->text_.push_back(ascii_lower(c));
  out_->text_.push_back('\n');
  out_->seq_.push_back(seq);
  id_start_.push_back(static_cast<std::uint32_t>(ids_.size()));
  ids_ += id;
  auto known = std::find(type_names_.begin(), type_names_.end(), type);
  if (known == type_names_.end()) known = type_names_.insert(type_names_.end(), std::string(type));
  type_.push_back(static_cast<std::uint16_t>(known - type_names_.begin()));
  created_.push_back(created_at);
}

std::shared_ptr<const TeamDescriptions> TeamDescriptions::Builder::finish() && {
  const std::size_t n = out_->seq_.size();
  id_start_.push_back(static_cast<std::uint32_t>(ids_.size()));
  auto id = [&](std::uint32_t key) {
    return std::string_view(ids_).substr(id_start_[key], id_start_[key + 1] - id_start_[key]);
  };
  const TeamDescriptions& built = *out_;
  // The orders of list_query.cpp's ORDER BY clauses: NOCASE compares ASCII-lower-cased bytes.
  out_->description_rank_ = ranks(n, [&](std::uint32_t a, std::uint32_t b) {
    int c = built.description(a).compare(built.description(b));
    return c != 0 ? c < 0 : id(a) < id(b);
  });
  out_->type_rank_ = ranks(n, [&](std::uint32_t a, std::uint32_t b) {
    if (type_[a] != type_[b]) return type_names_[type_[a]] < type_names_[type_[b]];
    if (created_[a] != created_[b]) return created_[a] < created_[b];
    return id(a) < id(b);
  });
  out_->text_.shrink_to_fit();
  return std::shared_ptr<const TeamDescriptions>(out_.release());
}

std::string_view TeamDescriptions::description(std::uint32_t key) const {
  std::size_t end = key + 1 < start_.size() ? start_[key + 1] - 1 : text_.size() - 1;
  return std::string_view(text_).substr(start_[key], end - start_[key]);
}

TeamDescriptions::Found TeamDescriptions::search(std::string_view term, SortField sort,
                                                 bool descending, std::int64_t offset,
                                                 std::int64_t limit) const {
  const std::string needle = lowered(term);
  // Every key whose text contains the term, in created order (the order of text_).
  std::vector<std::uint32_t> matches;
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  const char* at = begin;
  std::uint32_t key = 0;
  while (at < end) {
    const void* hit = memmem(at, static_cast<std::size_t>(end - at), needle.data(), needle.size());
    if (hit == nullptr) break;
    auto offset_in_text = static_cast<std::uint32_t>(static_cast<const char*>(hit) - begin);
    // Matches come in text order: walk forward to the key holding this one (cheaper than a
    // binary search per match when, as for common terms, matches are close together).
    while (key + 1 < start_.size() && start_[key + 1] <= offset_in_text) ++key;
    matches.push_back(key);
    // On to the next key: one match per key.
    at = key + 1 < start_.size() ? begin + start_[key + 1] : end;
  }
  Found found;
  found.total = static_cast<std::int64_t>(matches.size());
  if (offset >= found.total || limit <= 0) return found;
  const auto first = static_cast<std::size_t>(offset);
  const auto last = static_cast<std::size_t>(std::min(offset + limit, found.total));
  if (sort == SortField::kCreatedAt) {
    if (descending) std::reverse(matches.begin(), matches.end());
  } else {
    const auto& rank = sort == SortField::kDescription ? description_rank_ : type_rank_;
    auto before = [&](std::uint32_t a, std::uint32_t b) {
      return descending ? rank[a] > rank[b] : rank[a] < rank[b];
    };
    // Only the page needs sorting: its first row into place, then the rest of it.
    std::nth_element(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(first),
                     matches.end(), before);
    std::partial_sort(matches.begin() + static_cast<std::ptrdiff_t>(first),
                      matches.begin() + static_cast<std::ptrdiff_t>(last), matches.end(), before);
  }
  for (std::size_t i = first; i < last; ++i) found.seqs.push_back(seq_[matches[i]]);
  return found;
}

std::size_t TeamDescriptions::bytes() const {
  return text_.capacity() + start_.capacity() * sizeof(std::uint32_t) +
         seq_.capacity() * sizeof(std::int64_t) +
         (description_rank_.capacity() + type_rank_.capacity()) * sizeof(std::uint32_t);
}

std::shared_ptr<const TeamDescriptions> DescriptionIndex::find(const std::string& team_id,
                                                               std::int64_t version) {
  std::lock_guard lock(mutex_);
  auto found = teams_.find(team_id);
  if (found == teams_.end() || found->second.version != version) return nullptr;
  recent_.splice(recent_.begin(), recent_, found->second.recent);
  return found->second.descriptions;
}

bool DescriptionIndex::should_build(const std::string& team_id) {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  auto [it, inserted] = teams_.try_emplace(team_id);
  Entry& entry = it->second;
  if (inserted) {
    recent_.push_front(team_id);
    entry.recent = recent_.begin();
  } else if (now - entry.built_at < kRebuildInterval) {
    return false;
  }
  entry.built_at = now;  // claimed: concurrent searches answer from SQL meanwhile
  // The stale copy is of no further use here (searches in flight keep theirs): free it before
  // its successor is built, not after.
  if (entry.descriptions) {
    used_ -= entry.descriptions->bytes();
    entry.descriptions.reset();
    entry.version = -1;
  }
  return true;
}

void DescriptionIndex::put(const std::string& team_id, std::int64_t version,
                           std::shared_ptr<const TeamDescriptions> descriptions) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = teams_.try_emplace(team_id);
  Entry& entry = it->second;
  if (inserted) {
    recent_.push_front(team_id);
    entry.recent = recent_.begin();
  } else {
    if (version < entry.version) return;  // a slower build of an older version
    used_ -= entry.descriptions ? entry.descriptions->bytes() : 0;
    recent_.splice(recent_.begin(), recent_, entry.recent);
  }
  used_ += descriptions->bytes();
  entry.version = version;
  entry.descriptions = std::move(descriptions);
  entry.built_at = std::chrono::steady_clock::now();
  evict_over_budget();
}

void DescriptionIndex::evict_over_budget() {
  // The most recent copy stays even alone over the budget: it was just built to be used.
  while (used_ > budget_ && recent_.size() > 1) {
    auto found = teams_.find(recent_.back());
    used_ -= found->second.descriptions ? found->second.descriptions->bytes() : 0;
    teams_.erase(found);
    recent_.pop_back();
  }
}

}  // namespace keyward::storage::sqlite
