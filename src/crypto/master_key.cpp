#include "crypto/master_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

namespace keyward::crypto {
namespace {

constexpr std::size_t kMaxKeyFileBytes = 1024;  // a base64 key is 44 bytes; refuse anything odd
constexpr char kKeyIdContext[] = "keyward:master-key-id:v1";

Error key_error(const std::string& message) {
  return Error::make(ErrorCode::kInternal, message, message);
}

std::string mode_string(mode_t mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
  return buffer;
}

// Reads a small file completely; the caller wipes the returned buffer.
Result<std::string> read_key_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return key_error("master key file " + path + " does not exist");
    return key_error("cannot read master key file " + path + ": " +
                     std::generic_category().message(err));
  }
  struct stat st = {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return key_error("master key file " + path + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return key_error("master key file " + path + " is readable by group or others (mode " +
                     mode_string(st.st_mode) + "); run: chmod 600 " + path);
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  std::size_t used = 0;
  while (used < text.size()) {
    ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      sodium_memzero(text.data(), text.size());
      return key_error("cannot read master key file " + path + ": " +
                       std::generic_category().message(err));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (used > kMaxKeyFileBytes) {
    sodium_memzero(text.data(), text.size());
    return key_error("master key file " + path + " is too large to be a base64 key");
  }
  text.resize(used);
  return text;
}

Status write_new_key_file(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec) return key_error("cannot create directory " + parent.string() + ": " + ec.message());
    ::chmod(parent.c_str(), 0700);
  }
  std::array<unsigned char, MasterKey::kSize> key{};
  randombytes_buf(key.data(), key.size());
  std::array<char, sodium_base64_ENCODED_LEN(MasterKey::kSize, sodium_base64_VARIANT_ORIGINAL)>
      text{};
  sodium_bin2base64(text.data(), text.size(), key.data(), key.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  sodium_memzero(key.data(), key.size());
  std::string line = std::string(text.data()) + "\n";
  sodium_memzero(text.data(), text.size());

  // O_EXCL: never overwrite a key that appeared meanwhile, or data sealed under it is lost.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    int err = errno;
    sodium_memzero(line.data(), line.size());
    if (err == EEXIST) return ok_status();
    return key_error("cannot create master key file " + path + ": " +
                     std::generic_category().message(err));
  }
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                 ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(line.data(), line.size());
  if (!written) {
    ::unlink(path.c_str());
    return key_error("cannot write master key file " + path);
  }
  return ok_status();
}

}  // namespace

MasterKey::MasterKey(MasterKey&& other) noexcept
    : bytes_(std::exchange(other.bytes_, nullptr)), id_(std::move(other.id_)) {}

MasterKey& MasterKey::operator=(MasterKey&& other) noexcept {
  if (this != &other) {
    if (bytes_ != nullptr) sodium_free(bytes_);
    bytes_ = std::exchange(other.bytes_, nullptr);
    id_ = std::move(other.id_);
  }
  return *this;
}

MasterKey::~MasterKey() {
  if (bytes_ != nullptr) sodium_free(bytes_);  // sodium_free wipes before releasing
}

Result<MasterKey> MasterKey::from_base64(std::string_view text, std::string_view origin) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);

  std::array<unsigned char, kSize + 16> decoded{};
  std::size_t decoded_len = 0;
  const char* end = nullptr;
  int rc = sodium_base642bin(decoded.data(), decoded.size(), text.data(), text.size(), nullptr,
                             &decoded_len, &end, sodium_base64_VARIANT_ORIGINAL);
  if (rc != 0 || end != text.data() + text.size()) {
    sodium_memzero(decoded.data(), decoded.size());
    return key_error("master key from " + std::string(origin) +
                     " is not base64 (expected 32 random bytes, e.g. from: head -c32 "
                     "/dev/urandom | base64)");
  }
  if (decoded_len != kSize) {
    sodium_memzero(decoded.data(), decoded.size());
    return key_error("master key from " + std::string(origin) + " has " +
                     std::to_string(decoded_len) + " bytes; it must have exactly 32");
  }
  MasterKey key;
  key.bytes_ = static_cast<unsigned char*>(sodium_malloc(kSize));
  if (key.bytes_ == nullptr) {
    sodium_memzero(decoded.data(), decoded.size());
    return key_error("cannot allocate protected memory for the master key");
  }
  std::memcpy(key.bytes_, decoded.data(), kSize);
  sodium_memzero(decoded.data(), decoded.size());

  std::array<unsigned char, 8> id{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, id.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kKeyIdContext),
                            sizeof kKeyIdContext - 1);
  crypto_generichash_update(&state, key.bytes_, kSize);
  crypto_generichash_final(&state, id.data(), id.size());
  char hex[2 * 8 + 1];
  sodium_bin2hex(hex, sizeof hex, id.data(), id.size());
  key.id_ = hex;
  return key;
}

Result<LoadedMasterKey> load_master_key(const MasterKeySource& source) {
  if (!source.file.empty() && !source.inline_value.empty()) {
    return key_error("both KEYWARD_MASTER_KEY_FILE and KEYWARD_MASTER_KEY are set; keep one");
  }
  if (!source.inline_value.empty()) {
    KW_TRY(key, MasterKey::from_base64(source.inline_value, "KEYWARD_MASTER_KEY"));
    return LoadedMasterKey{std::move(key), "KEYWARD_MASTER_KEY", false};
  }
  bool generated = false;
  std::string path = source.file;
  if (path.empty()) {
    path = source.dev_default;
    if (path.empty()) return key_error("no master key configured");
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      KW_TRY_STATUS(write_new_key_file(path));
      generated = true;
    }
  }
  KW_TRY(text, read_key_file(path));
  auto key = MasterKey::from_base64(text, path);
  sodium_memzero(text.data(), text.size());
  if (!key) return std::move(key).error();
  return LoadedMasterKey{std::move(key).value(), path, generated};
}

}  // namespace keyward::crypto
