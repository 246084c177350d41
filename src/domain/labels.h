#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/validation.h"

namespace keyward {

// Labels tag keys ("env:prod", "team:search") for filtering the list, for resolve, and for
// narrowing what a service token may resolve. A label is 1 to kMaxLabelLength characters, each a
// letter or digit (ASCII) or one of . _ : / -; labels are case-sensitive. The set is kept sorted
// (byte order) and without duplicates, so two requests naming the same labels in another order
// store, compare and filter alike.
inline constexpr std::size_t kMaxLabelLength = 64;
// The most labels one key (or one service token, or one filter) may carry.
inline constexpr std::size_t kMaxLabels = 10;

// Whether `c` may appear in a label: [A-Za-z0-9._:/-].
bool label_character(char c);

// Whether `label` meets the rule above.
bool valid_label(std::string_view label);

// The labels sorted and without duplicates, after checking each (one message under `field`
// for the first problem found) and their number after removing duplicates.
std::vector<std::string> check_labels(const std::vector<std::string>& labels,
                                      std::string_view field, FieldErrors& errors);

// Whether `carried` (sorted, as check_labels returns it) holds every label of `wanted`.
bool carries_all(const std::vector<std::string>& carried, const std::vector<std::string>& wanted);

// The union of two label sets, sorted and without duplicates.
std::vector<std::string> merge_labels(std::vector<std::string> a,
                                      const std::vector<std::string>& b);

}  // namespace keyward
