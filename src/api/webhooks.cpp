#include "api/webhooks.h"

#include <boost/json.hpp>

#include "api/request_fields.h"
#include "domain/api_key.h"
#include "http/responses.h"
#include "webhooks/endpoints.h"

namespace keyward::api {
namespace {

// The event_types field: a list of text, each checked; nullopt when absent.
std::optional<std::vector<std::string>> event_types_field(const boost::json::object& body,
                                                          FieldErrors& errors) {
  auto given = string_list_field(body, "event_types", "Event types", errors);
  if (!given) return std::nullopt;
  return webhooks::check_event_types(*given, errors);
}

Result<webhooks::CreateEndpoint> parse_create(const http::Request& request, bool allow_loopback) {
  auto body = http::parse_json_object(request);
  if (!body) return body.error();
  FieldErrors errors;
  webhooks::CreateEndpoint command;
  command.url = string_field(*body, "url", "URL", errors);
  webhooks::check_url(command.url, allow_loopback, errors);
  auto types = event_types_field(*body, errors);
  if (!types && !errors.has("event_types")) {
    errors.add("event_types", "Select at least one event type");
  }
  if (types) command.event_types = std::move(*types);
  command.description = webhooks::check_description(
      string_field(*body, "description", "Description", errors), errors);
  if (!errors.empty()) return errors.to_error();
  return command;
}

Result<webhooks::UpdateEndpoint> parse_update(const http::Request& request, bool allow_loopback) {
  auto body = http::parse_json_object(request);
  if (!body) return body.error();
  FieldErrors errors;
  webhooks::UpdateEndpoint command;
  command.id = std::string(request.param("id"));
  if (body->contains("url")) {
    command.url = string_field(*body, "url", "URL", errors);
    webhooks::check_url(*command.url, allow_loopback, errors);
  }
  if (body->contains("event_types")) {
    command.event_types = event_types_field(*body, errors);
    if (!command.event_types && !errors.has("event_types")) {
      errors.add("event_types", "Select at least one event type");
    }
  }
  if (body->contains("description")) {
    command.description = webhooks::check_description(
        string_field(*body, "description", "Description", errors), errors);
  }
  if (body->contains("enabled")) {
    const auto& value = body->at("enabled");
    if (!value.is_bool()) {
      errors.add("enabled", "Enabled must be true or false");
    } else {
      command.enabled = value.as_bool();
    }
  }
  if (!errors.empty()) return errors.to_error();
  if (!command.url && !command.event_types && !command.description && !command.enabled) {
    return Error::make(ErrorCode::kBadRequest,
                       "Send at least one of url, event_types, description, enabled.");
  }
  return command;
}

std::string id_param(const http::Request& request) { return std::string(request.param("id")); }

}  // namespace

http::Response list_webhooks(http::Request& request, AppContext& context,
                             const TeamCaller& caller) {
  Actor actor = actor_of(caller, request);
  auto found = storage::read<std::vector<WebhookEndpoint>>(
      context.store, [&](storage::ReadTx& tx) { return webhooks::list_endpoints(tx, actor); });
  if (!found) return http::problem(found.error());
  boost::json::array items;
  for (const auto& endpoint : *found) items.push_back(webhooks::endpoint_view(endpoint));
  return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

http::Response create_webhook(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  auto command = parse_create(request, context.webhooks_allow_loopback);
  if (!command) return http::problem(command.error());
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto made = storage::write<webhooks::NewEndpoint>(context.store, [&](storage::WriteTx& tx) {
    return webhooks::create_endpoint(tx, actor, *context.team_keys, *command, now);
  });
  if (!made) return http::problem(made.error());
  boost::json::object view = webhooks::endpoint_view(made->endpoint);
  view["secret"] = made->secret.view();
  http::Response response = http::json_response(201, view);
  response.wipe_body = true;
  response.set_header("Location",
                      "/api/v1/teams/" + caller.team_id + "/webhooks/" + made->endpoint.id);
  return response;
}

http::Response get_webhook(http::Request& request, AppContext& context, const TeamCaller& caller) {
  Actor actor = actor_of(caller, request);
  std::string id = id_param(request);
  auto found = storage::read<WebhookEndpoint>(
      context.store, [&](storage::ReadTx& tx) { return webhooks::get_endpoint(tx, actor, id); });
  if (!found) return http::problem(found.error());
  return http::json_response(200, webhooks::endpoint_view(*found));
}

http::Response update_webhook(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  auto command = parse_update(request, context.webhooks_allow_loopback);
  if (!command) return http::problem(command.error());
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto updated = storage::write<WebhookEndpoint>(context.store, [&](storage::WriteTx& tx) {
    return webhooks::update_endpoint(tx, actor, *command, now);
  });
  if (!updated) return http::problem(updated.error());
  return http::json_response(200, webhooks::endpoint_view(*updated));
}

http::Response delete_webhook(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  Actor actor = actor_of(caller, request);
  std::string id = id_param(request);
  std::int64_t now = context.clock.now_ms();
  auto done = context.store.write(
      [&](storage::WriteTx& tx) { return webhooks::delete_endpoint(tx, actor, id, now); });
  if (!done) return http::problem(done.error());
  return http::no_content();
}

http::Response test_webhook(http::Request& request, AppContext& context, const TeamCaller& caller) {
  Actor actor = actor_of(caller, request);
  std::string id = id_param(request);
  std::int64_t now = context.clock.now_ms();
  auto queued = storage::write<WebhookDelivery>(
      context.store, [&](storage::WriteTx& tx) { return webhooks::send_test(tx, actor, id, now); });
  if (!queued) return http::problem(queued.error());
  return http::json_response(202, webhooks::delivery_view(*queued));
}

http::Response list_webhook_deliveries(http::Request& request, AppContext& context,
                                       const TeamCaller& caller) {
  auto query = parse_list_query(std::nullopt, std::nullopt, std::nullopt,
                                request.query_param("page"), request.query_param("page_size"));
  if (!query) return http::problem(query.error());
  Actor actor = actor_of(caller, request);
  std::string id = id_param(request);
  auto page =
      storage::read<storage::Page<WebhookDelivery>>(context.store, [&](storage::ReadTx& tx) {
        return webhooks::list_deliveries(tx, actor, id, query->page, query->page_size);
      });
  if (!page) return http::problem(page.error());
  boost::json::array items;
  for (const auto& delivery : page->items) items.push_back(webhooks::delivery_view(delivery));
  return http::json_response(200, boost::json::object{{"items", std::move(items)},
                                                      {"page", query->page},
                                                      {"page_size", query->page_size},
                                                      {"total", page->total}});
}

http::Response redeliver_webhook(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  Actor actor = actor_of(caller, request);
  std::string id = id_param(request);
  std::string delivery_id(request.param("delivery"));
  std::int64_t now = context.clock.now_ms();
  auto queued = storage::write<WebhookDelivery>(context.store, [&](storage::WriteTx& tx) {
    return webhooks::redeliver(tx, actor, id, delivery_id, now);
  });
  if (!queued) return http::problem(queued.error());
  return http::json_response(202, webhooks::delivery_view(*queued));
}

}  // namespace keyward::api
