#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace keyward::client {

// Rows under a header, columns padded to their widest cell (counted in characters, not bytes),
// two spaces apart: what a client command prints for a person. Scripts take --json instead.
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

}  // namespace keyward::client
