#pragma once

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>

namespace keyward::log {

// Text for people at a terminal, JSON (one object a line) for collectors.
enum class Format : std::uint8_t { kText, kJson };
// Lines below init()'s min_level are dropped.
enum class Level : std::uint8_t { kDebug, kInfo, kWarn, kError };

// One key=value of a log line. Values are plain data chosen by the caller: never a request body,
// a cookie, a token, a password or a key.
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  Field(std::string_view k, std::int64_t v) : key(k), value(std::to_string(v)), number(true) {}
  Field(std::string_view k, int v) : Field(k, static_cast<std::int64_t>(v)) {}
  Field(std::string_view k, double v);

  std::string_view key;
  std::string value;
  bool number = false;
};

// Sends log lines to stdout in the given format. Thread-safe after this call.
void init(Format format, Level min_level = Level::kInfo);
// Sends log lines to `out` instead (tests read them back). `out` must outlive the logger.
void init_for_testing(std::ostream& out, Format format);

// Writes one line: the event name and its fields. Thread-safe.
void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

// Writes one access log line (event "request"). Thread-safe. Unlike write(), an info line may
// wait in the buffer for up to a second (or until the next other line) before reaching stdout.
void access(Level level, std::initializer_list<Field> fields);

// write() at kInfo; thread-safe.
inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::kInfo, event, fields);
}
// write() at kWarn; thread-safe.
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::kWarn, event, fields);
}
// write() at kError; thread-safe.
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::kError, event, fields);
}

// Renders one line without the timestamp and level; exposed for tests.
std::string render(Format format, std::string_view event, std::initializer_list<Field> fields);

}  // namespace keyward::log
