#include "api/views.h"

#include <boost/json.hpp>

#include "domain/clock.h"

namespace keyward::api {

boost::json::object user_view(const User& user) {
  return {{"id", user.id}, {"email", user.email}, {"name", user.name}};
}

boost::json::object team_view(const Team& team, Role role, PermissionSet limit) {
  boost::json::array permissions;
  for (Permission permission : permissions_of(role)) {
    if (contains(limit, permission)) permissions.emplace_back(permission_name(permission));
  }
  return {{"id", team.id},
          {"name", team.name},
          {"role", role_name(role)},
          {"permissions", std::move(permissions)},
          {"created_at", format_rfc3339(team.created_at)},
          {"secret_versions_kept", team.secret_versions_kept},
          {"rotate_every_days", team.rotate_every_days ? boost::json::value(*team.rotate_every_days)
                                                       : boost::json::value(nullptr)},
          {"expiry_warning_days", team.expiry_warning_days},
          {"expired_key_policy", expired_key_policy_name(team.expired_key_policy)},
          {"reverify_every_days", team.reverify_every_days
                                      ? boost::json::value(*team.reverify_every_days)
                                      : boost::json::value(nullptr)},
          {"gateway_disable_after", team.gateway_disable_after}};
}

boost::json::object member_view(const Member& member) {
  return {{"user_id", member.user_id},
          {"email", member.email},
          {"name", member.name},
          {"role", role_name(member.role)},
          {"joined_at", format_rfc3339(member.joined_at)}};
}

namespace {

boost::json::value optional_time(const std::optional<std::int64_t>& ms) {
  if (!ms) return nullptr;
  return boost::json::value(format_rfc3339(*ms));
}

std::string short_fingerprint(const std::string& fingerprint) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < fingerprint.size() && i < 6; ++i) {
    auto byte = static_cast<unsigned char>(fingerprint[i]);
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

}  // namespace

boost::json::object api_key_view(const ApiKey& key, std::int64_t now) {
  boost::json::array labels;
  for (const auto& label : key.labels) labels.emplace_back(label);
  return {
      {"id", key.id},
      {"team_id", key.team_id},
      {"type", key.type},
      {"description", key.description},
      {"key_hint", key.key_hint},
      {"fingerprint", short_fingerprint(key.fingerprint)},
      {"version", key.version},
      {"secret_version", key.secret_version},
      {"is_default", key.is_default},
      {"created_at", format_rfc3339(key.created_at)},
      {"updated_at", format_rfc3339(key.updated_at)},
      {"created_by", key.created_by},
      {"last_used_at", optional_time(key.last_used_at)},
      {"verify_status",
       key.verify_status ? boost::json::value(*key.verify_status) : boost::json::value(nullptr)},
      {"verified_at", optional_time(key.verified_at)},
      {"labels", std::move(labels)},
      {"expires_at", optional_time(key.expires_at)},
      {"rotate_every_days", key.rotate_every_days ? boost::json::value(*key.rotate_every_days)
                                                  : boost::json::value(nullptr)},
      {"rotation_due_at", optional_time(key.rotation_due_at)},
      {"disabled_at", optional_time(key.disabled_at)},
      {"base_url", key.base_url ? boost::json::value(*key.base_url) : boost::json::value(nullptr)},
      {"disabled_reason", key.disabled_reason ? boost::json::value(*key.disabled_reason)
                                              : boost::json::value(nullptr)},
      {"lifecycle_status", lifecycle_name(lifecycle_of(key, now))}};
}

namespace {

std::string change_text(const SecretVersion& version) {
  switch (version.change) {
    case SecretChange::kCreated:
      return "created";
    case SecretChange::kKeyChanged:
      return "key changed";
    case SecretChange::kRestored:
      return "restored from version " + std::to_string(version.restored_from.value_or(0));
    case SecretChange::kMigrated:
      return "held when versions began";
  }
  return "key changed";
}

}  // namespace

boost::json::object secret_version_view(const SecretVersion& version,
                                        std::int64_t current_version) {
  return {{"version", version.version},
          {"key_hint", version.key_hint},
          {"fingerprint", short_fingerprint(version.fingerprint)},
          {"created_at", format_rfc3339(version.created_at)},
          {"created_by", version.created_by},
          {"change", change_text(version)},
          {"restored_from", version.restored_from ? boost::json::value(*version.restored_from)
                                                  : boost::json::value(nullptr)},
          {"current", version.version == current_version},
          {"available", version.available()}};
}

boost::json::object audit_event_view(const storage::ListedAuditEvent& listed) {
  const AuditEvent& event = listed.event;
  boost::system::error_code ec;
  boost::json::value details = boost::json::parse(event.details, ec);
  if (ec) details = boost::json::object{};
  auto optional_text = [](const std::optional<std::string>& text) {
    return text ? boost::json::value(*text) : boost::json::value(nullptr);
  };
  return {{"id", event.id},
          {"at", format_rfc3339(event.at)},
          {"actor",
           {{"type", event.actor_type},
            {"id", optional_text(event.actor_id)},
            {"name", optional_text(listed.actor_name)},
            {"email", optional_text(listed.actor_email)}}},
          {"action", event.action},
          {"target_id", optional_text(event.target_id)},
          {"ip", event.ip},
          {"user_agent", event.user_agent},
          {"details", std::move(details)}};
}

boost::json::object catalogue_view() {
  boost::json::array categories;
  for (const auto& category : key_categories()) {
    categories.push_back({{"id", category.id}, {"name", category.name}});
  }
  boost::json::array types;
  for (const auto& type : key_types()) {
    types.push_back({{"id", type.id},
                     {"name", type.name},
                     {"category", type.category},
                     {"description", type.description},
                     {"key_prefix", type.key_prefix.empty() ? boost::json::value(nullptr)
                                                            : boost::json::value(type.key_prefix)},
                     {"key_url", type.key_url.empty() ? boost::json::value(nullptr)
                                                      : boost::json::value(type.key_url)},
                     {"verifiable", type.verify.has_value()}});
  }
  return {{"categories", std::move(categories)}, {"types", std::move(types)}};
}

}  // namespace keyward::api
