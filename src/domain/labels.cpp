#include "domain/labels.h"

#include <algorithm>

namespace keyward {

bool label_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '/' || c == '-';
}

bool valid_label(std::string_view label) {
  return !label.empty() && label.size() <= kMaxLabelLength &&
         std::all_of(label.begin(), label.end(), label_character);
}

std::vector<std::string> check_labels(const std::vector<std::string>& labels,
                                      std::string_view field, FieldErrors& errors) {
  std::vector<std::string> out;
  for (const auto& label : labels) {
    if (label.empty()) {
      errors.add(std::string(field), "A label cannot be empty");
    } else if (label.size() > kMaxLabelLength) {
      errors.add(std::string(field), "A label must be at most 64 characters");
    } else if (!std::all_of(label.begin(), label.end(), label_character)) {
      errors.add(std::string(field),
                 "A label may contain only letters, digits and . _ : / - (no spaces)");
    } else {
      out.push_back(label);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > kMaxLabels) errors.add(std::string(field), "At most 10 labels are allowed");
  return out;
}

bool carries_all(const std::vector<std::string>& carried, const std::vector<std::string>& wanted) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& label) {
    return std::find(carried.begin(), carried.end(), label) != carried.end();
  });
}

std::vector<std::string> merge_labels(std::vector<std::string> a,
                                      const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

}  // namespace keyward
