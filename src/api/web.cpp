#include "api/web.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/responses.h"

namespace keyward::api {
namespace {

// The app is a few hundred kilobytes; anything this large in dist/ is a mistake, not an asset.
constexpr std::uintmax_t kMaxAssetBytes = std::uintmax_t{16} * 1024 * 1024;

std::string content_type_for(const std::filesystem::path& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto found = kTypes.find(path.extension().string());
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

}  // namespace

Result<WebAssets> WebAssets::load(const std::string& dir) {
  WebAssets assets;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return assets;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->file_size(ec) > kMaxAssetBytes) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    std::string url = "/";
    url += std::filesystem::relative(it->path(), dir, ec).generic_string();
    assets.files_[url] = File{content.str(), content_type_for(it->path())};
  }
  if (ec) {
    return Error::make(ErrorCode::kInternal, "",
                       "cannot read the web UI in " + dir + ": " + ec.message());
  }
  return assets;
}

http::Response WebAssets::serve(const http::Request& request) const {
  if (request.path == "/api" || request.path.rfind("/api/", 0) == 0) {
    return http::problem(Error::make(ErrorCode::kNotFound, "No such resource."));
  }
  http::Response response;
  if (!built()) {
    response.status = 200;
    response.content_type = "text/plain; charset=utf-8";
    response.body =
        "keyward is running, but its web UI is not built. Run `make build`, or use the JSON API "
        "under /api/v1.\n";
    return response;
  }
  auto found = files_.find(request.path);
  bool is_asset = found != files_.end() && request.path != "/index.html";
  const File& file = is_asset ? found->second : files_.find("/index.html")->second;
  response.status = 200;
  response.content_type = file.content_type;
  response.body = file.content;
  // Vite names assets by content hash: they never change. The page itself is always revalidated.
  bool hashed = request.path.rfind("/assets/", 0) == 0;
  response.set_header("Cache-Control",
                      is_asset && hashed ? "public, max-age=31536000, immutable" : "no-cache");
  response.set_header("Content-Security-Policy", kAppContentSecurityPolicy);
  return response;
}

}  // namespace keyward::api
