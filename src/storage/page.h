#pragma once

#include <cstdint>
#include <vector>

namespace keyward::storage {

// One page of a listing and the number of rows in all pages (read in the same snapshot).
template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

}  // namespace keyward::storage
