#include "client/dotenv.h"

#include <cctype>

namespace keyward::client {
namespace {

bool is_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

Error bad_line(int line, const std::string& why) {
  return Error::make(ErrorCode::kValidation, "line " + std::to_string(line) + ": " + why);
}

}  // namespace

Result<std::vector<EnvEntry>> parse_dotenv(std::string_view text) {
  std::vector<EnvEntry> entries;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return bad_line(line_number, "not NAME=value");
    EnvEntry entry{std::string(trim(line.substr(0, eq))), {}, line_number};
    if (!is_name(entry.name)) return bad_line(line_number, "not a variable name");
    std::string_view value = trim(line.substr(eq + 1));
    if (!value.empty() && value.front() == '\'') {
      std::size_t close = value.find('\'', 1);
      if (close == std::string_view::npos) return bad_line(line_number, "unterminated quote");
      entry.value = std::string(value.substr(1, close - 1));
    } else if (!value.empty() && value.front() == '"') {
      std::size_t i = 1;
      bool closed = false;
      // A double-quoted value may span lines: take more of the file until the closing quote.
      std::string_view rest = value;
      for (;;) {
        for (; i < rest.size(); ++i) {
          char c = rest[i];
          if (c == '\\' && i + 1 < rest.size()) {
            char next = rest[++i];
            entry.value += next == 'n' ? '\n' : next == 't' ? '\t' : next == 'r' ? '\r' : next;
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            entry.value += c;
          }
        }
        if (closed || text.empty()) break;
        std::size_t next_end = text.find('\n');
        entry.value += '\n';
        rest = text.substr(0, next_end);
        text.remove_prefix(next_end == std::string_view::npos ? text.size() : next_end + 1);
        ++line_number;
        i = 0;
      }
      if (!closed) return bad_line(entry.line, "unterminated quote");
    } else {
      // A bare value ends at a comment that follows a space.
      std::size_t comment = value.find(" #");
      entry.value = std::string(trim(value.substr(0, comment)));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string dotenv_line(std::string_view name, std::string_view value) {
  std::string line(name);
  line += "=\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      line += '\\';
      line += c;
    } else if (c == '\n') {
      line += "\\n";
    } else {
      line += c;
    }
  }
  return line + "\"";
}

}  // namespace keyward::client
