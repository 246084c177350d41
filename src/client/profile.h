#pragma once

#include <optional>
#include <string>

#include "crypto/sealing.h"
#include "domain/result.h"

// Where the command line keeps what `keyward login` stored: one profile (a server URL and a
// personal access token) per server, in $XDG_CONFIG_HOME/keyward/credentials (else
// ~/.config/keyward/credentials), mode 0600, written whole and renamed into place.
namespace keyward::client {

// The server and token a client command uses.
struct Profile {
  std::string url;  // https://host[:port] or http://127.0.0.1:port, no trailing slash
  crypto::SecretString token;
};

// The credentials file's path.
std::string credentials_path();

// "https://Keyward.Example.com/" → "https://keyward.example.com"; kValidation for anything that is
// not an http(s) URL of a host (with an optional port and no path, query or user).
Result<std::string> normalize_server_url(std::string_view url);

// Stores `profile` (replacing the one for its URL) and makes it the default.
Status save_profile(const Profile& profile);

// Removes the profile of `url` (the default's when empty); false when there was none.
Result<bool> remove_profile(const std::string& url);

// The profile to use: KEYWARD_URL and KEYWARD_TOKEN when both are set; else the stored profile of
// `url` (KEYWARD_URL, or the default when both are empty), with KEYWARD_TOKEN replacing its token
// when set. kUnauthorized with what to do when there is none.
Result<Profile> current_profile(const std::string& url = {});

}  // namespace keyward::client
