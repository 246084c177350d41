#include "log/log.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>

namespace keyward::log {
namespace {

struct State {
  std::shared_ptr<spdlog::logger> logger;
  // The same sinks, for the access log: a line per request would cost a write(2) each if
  // flushed at once, so these are flushed with the next other line, a warning, or each second.
  std::shared_ptr<spdlog::logger> access;
  Format format = Format::kText;
};

// Replaced as a whole so a line is never written with one logger and the other's format.
std::atomic<std::shared_ptr<const State>> g_state;

void append_json_string(std::string& out, std::string_view value) {
  out.push_back('"');
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

bool needs_quotes(std::string_view value) {
  if (value.empty()) return true;
  for (unsigned char c : value) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f) return true;
  }
  return false;
}

void configure(std::shared_ptr<spdlog::logger> logger, Format format, Level min_level,
               bool buffer_access) {
  // Timestamps in UTC, RFC 3339 with milliseconds.
  if (format == Format::kJson) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  switch (min_level) {
    case Level::kDebug:
      logger->set_level(spdlog::level::debug);
      break;
    case Level::kInfo:
      logger->set_level(spdlog::level::info);
      break;
    case Level::kWarn:
      logger->set_level(spdlog::level::warn);
      break;
    case Level::kError:
      logger->set_level(spdlog::level::err);
      break;
  }
  logger->flush_on(spdlog::level::trace);
  auto access = logger->clone("keyward.access");
  if (buffer_access) {
    access->flush_on(spdlog::level::warn);
    spdlog::drop(access->name());
    spdlog::register_logger(access);  // flush_every flushes registered loggers
    spdlog::flush_every(std::chrono::seconds(1));
  }
  g_state.store(std::make_shared<const State>(State{std::move(logger), std::move(access), format}));
}

std::shared_ptr<const State> state() {
  auto current = g_state.load();
  if (current) return current;
  static const bool kDefaulted = [] {
    init(Format::kText);
    return true;
  }();
  (void)kDefaulted;
  return g_state.load();
}

}  // namespace

Field::Field(std::string_view k, double v) : key(k), number(true) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", v);
  value = buffer;
}

void init(Format format, Level min_level) {
  configure(std::make_shared<spdlog::logger>("keyward",
                                             std::make_shared<spdlog::sinks::stdout_sink_mt>()),
            format, min_level, true);
}

void init_for_testing(std::ostream& out, Format format) {
  configure(std::make_shared<spdlog::logger>(
                "keyward", std::make_shared<spdlog::sinks::ostream_sink_mt>(out, true)),
            format, Level::kDebug, false);
}

std::string render(Format format, std::string_view event, std::initializer_list<Field> fields) {
  std::string line;
  if (format == Format::kJson) {
    line += "\"event\":";
    append_json_string(line, event);
    for (const auto& field : fields) {
      line.push_back(',');
      append_json_string(line, field.key);
      line.push_back(':');
      if (field.number) {
        line += field.value;
      } else {
        append_json_string(line, field.value);
      }
    }
    return line;  // the line pattern opens and closes the object around these members
  }
  line += event;
  for (const auto& field : fields) {
    line.push_back(' ');
    line += field.key;
    line.push_back('=');
    if (needs_quotes(field.value)) {
      append_json_string(line, field.value);
    } else {
      line += field.value;
    }
  }
  return line;
}

namespace {

void write_to(spdlog::logger& logger, Format format, Level level, std::string_view event,
              std::initializer_list<Field> fields) {
  spdlog::level::level_enum spd_level = spdlog::level::info;
  switch (level) {
    case Level::kDebug:
      spd_level = spdlog::level::debug;
      break;
    case Level::kInfo:
      spd_level = spdlog::level::info;
      break;
    case Level::kWarn:
      spd_level = spdlog::level::warn;
      break;
    case Level::kError:
      spd_level = spdlog::level::err;
      break;
  }
  if (!logger.should_log(spd_level)) return;
  logger.log(spd_level, "{}", render(format, event, fields));
}

}  // namespace

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  auto current = state();
  write_to(*current->logger, current->format, level, event, fields);
}

void access(Level level, std::initializer_list<Field> fields) {
  auto current = state();
  write_to(*current->access, current->format, level, "request", fields);
}

}  // namespace keyward::log
