#pragma once

// What the shared SQL code (storage/sql_*.h) needs of an engine: both engines' Statement and
// Connection types meet these concepts, checked where each engine's Tx is defined.

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "domain/result.h"

namespace keyward::storage {

// A prepared statement: binds parameters by number ($1 is 1), steps through rows and reads the
// current row's columns by index (0 is the first).
// (clang-format 14 and 19 lay out requires-expressions differently: kept as written)
// clang-format off
template <typename S>
concept SqlStatement = requires(S& s, const S& cs, int index, std::int64_t number,
                                std::string_view text) {
  { s.bind(index, number) } -> std::same_as<S&>;
  { s.bind(index, text) } -> std::same_as<S&>;
  { s.bind_blob(index, text) } -> std::same_as<S&>;
  { s.bind_null(index) } -> std::same_as<S&>;
  { s.step() } -> std::same_as<Result<bool>>;  // true: a row is ready; false: done
  { s.run() } -> std::same_as<Status>;         // steps to the end of a statement without rows
  { cs.column_int64(index) } -> std::same_as<std::int64_t>;
  { cs.column_text(index) } -> std::same_as<std::string>;
  { cs.column_blob(index) } -> std::same_as<std::string>;
  { cs.column_is_null(index) } -> std::same_as<bool>;
};

// A connection with a transaction open: prepares statements (cached by the SQL constant's
// address), runs transaction-control statements and reports the rows the last write changed.
template <typename C>
concept SqlConnection = requires(C& c, const char* sql, std::string_view text) {
  requires SqlStatement<std::remove_cvref_t<decltype(c.prepare(sql).value())>>;
  { c.exec(text) } -> std::same_as<Status>;
  { c.changes() } -> std::convertible_to<int>;
};
// clang-format on

}  // namespace keyward::storage
