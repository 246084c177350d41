#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

// The .env files `keyward import` reads and `keyward export --format dotenv` writes: NAME=value
// lines, `export ` allowed before a name, # comments, values bare, 'single-quoted' (taken as
// they are) or "double-quoted" (with \n \" \\ escapes).
namespace keyward::client {

struct EnvEntry {
  std::string name;
  std::string value;
  int line = 0;  // 1-based, for messages
};

// Every assignment in file order (a name given twice appears twice: the caller decides).
// kValidation naming the line for one that is not an assignment or has an unterminated quote.
Result<std::vector<EnvEntry>> parse_dotenv(std::string_view text);

// NAME="value" with the value escaped so parse_dotenv reads it back unchanged.
std::string dotenv_line(std::string_view name, std::string_view value);

}  // namespace keyward::client
