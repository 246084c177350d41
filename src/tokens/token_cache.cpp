#include "tokens/token_cache.h"

namespace keyward::tokens {

std::uint64_t TokenCache::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

std::optional<ServiceToken> TokenCache::get(const std::string& token_hash, std::int64_t now) const {
  std::lock_guard lock(mutex_);
  auto found = by_hash_.find(token_hash);
  if (found == by_hash_.end() || now - found->second.cached_at >= kMaxAgeMs) return std::nullopt;
  return found->second.token;
}

void TokenCache::put(const ServiceToken& token, std::uint64_t generation, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  if (by_hash_.size() >= kMaxEntries) by_hash_.clear();  // rare; simpler than an LRU
  by_hash_.insert_or_assign(token.token_hash, Entry{token, now});
}

void TokenCache::forget(const std::string& token_id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::erase_if(by_hash_, [&](const auto& entry) { return entry.second.token.id == token_id; });
}

void TokenCache::clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  by_hash_.clear();
}

}  // namespace keyward::tokens
