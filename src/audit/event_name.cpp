#include "audit/event_name.h"

namespace keyward::audit {

std::string_view event_name(EventName event) {
  switch (event) {
    case EventName::kApiKeyCreated:
      return "api_key.created";
    case EventName::kApiKeyUpdated:
      return "api_key.updated";
    case EventName::kApiKeyDeleted:
      return "api_key.deleted";
    case EventName::kApiKeyRevealed:
      return "api_key.revealed";
    case EventName::kApiKeyVerified:
      return "api_key.verified";
    case EventName::kApiKeyResolved:
      return "api_key.resolved";
    case EventName::kMemberInvited:
      return "member.invited";
    case EventName::kMemberJoined:
      return "member.joined";
    case EventName::kMemberRoleChanged:
      return "member.role_changed";
    case EventName::kMemberRemoved:
      return "member.removed";
    case EventName::kInvitationRevoked:
      return "invitation.revoked";
    case EventName::kServiceTokenCreated:
      return "service_token.created";
    case EventName::kServiceTokenRevoked:
      return "service_token.revoked";
    case EventName::kSessionCreated:
      return "session.created";
    case EventName::kSessionDeleted:
      return "session.deleted";
    case EventName::kSessionFailed:
      return "session.failed";
    case EventName::kTeamUpdated:
      return "team.updated";
    case EventName::kApiKeyExpiring:
      return "api_key.expiring";
    case EventName::kApiKeyExpired:
      return "api_key.expired";
    case EventName::kApiKeyRotationDue:
      return "api_key.rotation_due";
    case EventName::kWebhookCreated:
      return "webhook.created";
    case EventName::kWebhookUpdated:
      return "webhook.updated";
    case EventName::kWebhookDeleted:
      return "webhook.deleted";
    case EventName::kApiKeyDisabled:
      return "api_key.disabled";
    case EventName::kApiKeyEnabled:
      return "api_key.enabled";
    case EventName::kPersonalTokenCreated:
      return "personal_token.created";
    case EventName::kPersonalTokenRevoked:
      return "personal_token.revoked";
    case EventName::kCount:
      break;
  }
  return "";
}

std::array<EventName, static_cast<std::size_t>(EventName::kCount)> all_event_names() {
  std::array<EventName, static_cast<std::size_t>(EventName::kCount)> all{};
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<EventName>(i);
  return all;
}

std::optional<EventName> parse_event_name(std::string_view name) {
  for (EventName event : all_event_names()) {
    if (event_name(event) == name) return event;
  }
  return std::nullopt;
}

}  // namespace keyward::audit
