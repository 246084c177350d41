#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace keyward::audit {

// What happened, by one name: the audit trail's `action` and the name of the change event a
// team's live stream carries share it. The list is the API's: openapi.json's EventName schema
// holds the same names (a test compares them), and the web app's types are generated from it.
enum class EventName : std::uint8_t {
  kApiKeyCreated,
  kApiKeyUpdated,
  kApiKeyDeleted,
  kApiKeyRevealed,
  kApiKeyVerified,
  kApiKeyResolved,
  kMemberInvited,
  kMemberJoined,
  kMemberRoleChanged,
  kMemberRemoved,
  kInvitationRevoked,
  kServiceTokenCreated,
  kServiceTokenRevoked,
  kSessionCreated,
  kSessionDeleted,
  kSessionFailed,
  kTeamUpdated,
  kApiKeyExpiring,
  kApiKeyExpired,
  kApiKeyRotationDue,
  kWebhookCreated,
  kWebhookUpdated,
  kWebhookDeleted,
  kApiKeyDisabled,
  kApiKeyEnabled,
  kPersonalTokenCreated,
  kPersonalTokenRevoked,
  kCount,  // not an event
};

// "api_key.created" and so on: the dotted name stored and sent.
std::string_view event_name(EventName event);

// The event called `name`; nullopt for a name that is not one.
std::optional<EventName> parse_event_name(std::string_view name);

// Every event, in declaration order.
std::array<EventName, static_cast<std::size_t>(EventName::kCount)> all_event_names();

}  // namespace keyward::audit
