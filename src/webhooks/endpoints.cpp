#include "webhooks/endpoints.h"

#include <boost/json/array.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

#include "audit/record.h"
#include "crypto/random.h"
#include "domain/clock.h"
#include "domain/require.h"
#include "http/client.h"
#include "http/outbound_url.h"
#include "webhooks/events.h"
#include "webhooks/outbox.h"
#include "webhooks/signing.h"

namespace keyward::webhooks {
namespace {

using audit::EventName;

boost::json::value time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? boost::json::value(format_rfc3339(*ms)) : boost::json::value(nullptr);
}

boost::json::array names(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

// The scheme, host and port of a URL: what the audit trail records of it (a path or query may
// hold a receiver's own token).
std::string origin_of(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "";
  std::string out(parsed->scheme());
  out += "://";
  out += parsed->encoded_host();
  if (parsed->has_port()) {
    out += ':';  // appended piece by piece: GCC 12 warns (-Wrestrict) on ":" + std::string here
    out += parsed->port();
  }
  return out;
}

Error not_found() {
  return Error::make(ErrorCode::kNotFound, "No such webhook endpoint in this team.");
}

Result<WebhookEndpoint> find(storage::ReadTx& tx, const Actor& actor, const std::string& id) {
  KW_TRY(found, tx.webhooks().find_endpoint(actor.team_id, id));
  if (!found) return not_found();
  return std::move(*found);
}

}  // namespace

void check_url(std::string_view url, bool allow_loopback, FieldErrors& errors) {
  http::check_outbound_url(
      url, {.max_length = kWebhookUrlMaxLength, .http_to_loopback = allow_loopback}, errors);
}

std::vector<std::string> check_event_types(const std::vector<std::string>& types,
                                           FieldErrors& errors) {
  if (types.empty()) {
    errors.add("event_types", "Select at least one event type");
    return {};
  }
  std::vector<std::string> out;
  for (const auto& type : types) {
    if (!is_subscribable_name(type)) {
      errors.add("event_types", "Select valid event types");
      return {};
    }
    out.push_back(type);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string check_description(std::string_view text, FieldErrors& errors) {
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  auto end = text.find_last_not_of(" \t\r\n");
  std::string out(text.substr(begin, end - begin + 1));
  if (out.size() > kWebhookDescriptionMaxLength) {
    errors.add("description", "Description must be at most 200 characters");
  } else if (std::any_of(out.begin(), out.end(),
                         [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    errors.add("description", "Description must not contain control characters");
  }
  return out;
}

boost::json::object endpoint_view(const WebhookEndpoint& e) {
  return {{"id", e.id},
          {"url", e.url},
          {"description", e.description},
          {"event_types", names(e.event_types)},
          {"enabled", e.enabled},
          {"disabled_reason", e.disabled_reason ? boost::json::value(*e.disabled_reason)
                                                : boost::json::value(nullptr)},
          {"failing_since", time_or_null(e.failing_since)},
          {"created_at", format_rfc3339(e.created_at)},
          {"created_by",
           e.created_by.empty() ? boost::json::value(nullptr) : boost::json::value(e.created_by)},
          {"updated_at", format_rfc3339(e.updated_at)}};
}

boost::json::object delivery_view(const WebhookDelivery& d) {
  const bool pending = d.status == DeliveryStatus::kPending;
  return {{"id", d.id},
          {"event_id", d.event_id},
          {"event_type", d.event_type},
          {"status", delivery_status_name(d.status)},
          {"attempts", d.attempts},
          {"last_status_code",
           d.last_status ? boost::json::value(*d.last_status) : boost::json::value(nullptr)},
          {"last_duration_ms", d.last_duration_ms ? boost::json::value(*d.last_duration_ms)
                                                  : boost::json::value(nullptr)},
          {"last_error",
           d.last_error ? boost::json::value(*d.last_error) : boost::json::value(nullptr)},
          {"next_attempt_at",
           pending ? boost::json::value(format_rfc3339(d.next_attempt_at)) : nullptr},
          {"created_at", format_rfc3339(d.created_at)},
          {"finished_at", time_or_null(d.finished_at)}};
}

Result<NewEndpoint> create_endpoint(storage::WriteTx& tx, const Actor& actor,
                                    keys::TeamKeys& team_keys, const CreateEndpoint& command,
                                    std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  KW_TRY(existing, tx.webhooks().list_endpoints(actor.team_id));
  if (static_cast<std::int64_t>(existing.size()) >= kMaxWebhookEndpointsPerTeam) {
    return Error::make(ErrorCode::kConflict, "A team may have at most 20 webhook endpoints.");
  }
  WebhookEndpoint row;
  row.id = crypto::random_uuid();
  row.team_id = actor.team_id;
  row.url = command.url;
  row.description = command.description;
  row.event_types = command.event_types;
  row.created_at = row.updated_at = now;
  row.created_by = actor.id;
  crypto::SecretString secret = make_secret();
  KW_TRY(data_key, team_keys.for_team(tx, actor.team_id, now));
  crypto::Sealed sealed =
      crypto::seal_webhook_secret(data_key, actor.team_id, row.id, secret.view());
  row.secret_ciphertext = std::move(sealed.ciphertext);
  row.secret_nonce = std::move(sealed.nonce);
  KW_TRY_STATUS(tx.webhooks().insert_endpoint(row));
  KW_TRY_STATUS(audit::record(tx, actor, EventName::kWebhookCreated, now, row.id,
                              {{"host", origin_of(row.url)},
                               {"event_types", names(row.event_types)},
                               {"description", row.description}}));
  return NewEndpoint{std::move(row), std::move(secret)};
}

Result<std::vector<WebhookEndpoint>> list_endpoints(storage::ReadTx& tx, const Actor& actor) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  return tx.webhooks().list_endpoints(actor.team_id);
}

Result<WebhookEndpoint> get_endpoint(storage::ReadTx& tx, const Actor& actor,
                                     const std::string& id) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  return find(tx, actor, id);
}

Result<WebhookEndpoint> update_endpoint(storage::WriteTx& tx, const Actor& actor,
                                        const UpdateEndpoint& command, std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  KW_TRY(current, find(tx, actor, command.id));
  WebhookEndpoint next = current;
  std::vector<std::string> fields;
  if (command.url && *command.url != current.url) {
    next.url = *command.url;
    fields.emplace_back("url");
  }
  if (command.description && *command.description != current.description) {
    next.description = *command.description;
    fields.emplace_back("description");
  }
  if (command.event_types && *command.event_types != current.event_types) {
    next.event_types = *command.event_types;
    fields.emplace_back("event_types");
  }
  if (command.enabled && *command.enabled != current.enabled) {
    next.enabled = *command.enabled;
    fields.emplace_back("enabled");
  }
  if (command.enabled && *command.enabled) {
    // Re-enabling (or confirming) starts afresh: the failing clock and the reason go.
    next.failing_since = std::nullopt;
    next.disabled_reason = std::nullopt;
  }
  if (fields.empty() && next.failing_since == current.failing_since &&
      next.disabled_reason == current.disabled_reason) {
    return current;
  }
  next.updated_at = now;
  KW_TRY(updated, tx.webhooks().update_endpoint(next));
  if (!updated) return not_found();
  boost::json::object details{{"fields", names(fields)}, {"description", next.description}};
  if (next.url != current.url) details["host"] = origin_of(next.url);
  if (next.enabled != current.enabled) details["enabled"] = next.enabled;
  KW_TRY_STATUS(audit::record(tx, actor, EventName::kWebhookUpdated, now, next.id, details));
  return next;
}

Status delete_endpoint(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                       std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  KW_TRY(current, find(tx, actor, id));
  KW_TRY(deleted, tx.webhooks().delete_endpoint(actor.team_id, id));
  if (!deleted) return not_found();
  return audit::record(tx, actor, EventName::kWebhookDeleted, now, id,
                       {{"host", origin_of(current.url)}, {"description", current.description}});
}

Result<WebhookDelivery> send_test(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                                  std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  KW_TRY(endpoint, find(tx, actor, id));
  WebhookEvent event;
  event.id = new_message_id();
  event.team_id = actor.team_id;
  event.type = kTestEvent;
  event.created_at = now;
  KW_TRY(payload, event_payload(tx, actor.team_id, kTestEvent, now, actor, endpoint.id,
                                {{"message", "A test event from keyward."}}));
  event.payload = std::move(payload);
  KW_TRY_STATUS(tx.webhooks().insert_event(event));
  WebhookDelivery delivery = new_delivery(endpoint.id, event.id, now);
  delivery.event_type = event.type;
  KW_TRY_STATUS(tx.webhooks().insert_delivery(delivery));
  return delivery;
}

Result<storage::Page<WebhookDelivery>> list_deliveries(storage::ReadTx& tx, const Actor& actor,
                                                       const std::string& endpoint_id, int page,
                                                       int page_size) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  KW_TRY_STATUS(find(tx, actor, endpoint_id));
  return tx.webhooks().list_deliveries(endpoint_id, page, page_size);
}

Result<WebhookDelivery> redeliver(storage::WriteTx& tx, const Actor& actor,
                                  const std::string& endpoint_id, const std::string& delivery_id,
                                  std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kWebhooksManage));
  KW_TRY_STATUS(find(tx, actor, endpoint_id));
  KW_TRY(found, tx.webhooks().find_delivery(endpoint_id, delivery_id));
  if (!found) return Error::make(ErrorCode::kNotFound, "No such delivery of this endpoint.");
  WebhookDelivery delivery = new_delivery(endpoint_id, found->event_id, now);
  delivery.event_type = found->event_type;
  KW_TRY_STATUS(tx.webhooks().insert_delivery(delivery));
  return delivery;
}

}  // namespace keyward::webhooks
