#include "audit/event_name.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>
#include <string>

#include "api/health.h"

namespace keyward::audit {
namespace {

TEST(EventNames, EveryEventHasADistinctDottedNameThatParsesBack) {
  std::set<std::string> seen;
  for (EventName event : all_event_names()) {
    std::string name(event_name(event));
    EXPECT_NE(name.find('.'), std::string::npos) << name;
    EXPECT_TRUE(seen.insert(name).second) << "twice: " << name;
    EXPECT_EQ(parse_event_name(name), event) << name;
  }
  EXPECT_EQ(parse_event_name("api_key.stolen"), std::nullopt);
}

// The web app's types are generated from openapi.json, so this keeps the server, the API
// document and the web app on one list of names.
TEST(EventNames, AreExactlyTheApiDocumentsEventNameEnum) {
  auto doc = boost::json::parse(api::openapi_json()).as_object();
  const auto& schema = doc.at("components").at("schemas").at("EventName").as_object();
  std::set<std::string> documented;
  for (const auto& name : schema.at("enum").as_array()) {
    documented.insert(std::string(name.as_string()));
  }
  std::set<std::string> served;
  for (EventName event : all_event_names()) served.insert(std::string(event_name(event)));
  EXPECT_EQ(served, documented);
  EXPECT_EQ(doc.at("components").at("schemas").at("AuditEvent").at("properties").at("action"),
            boost::json::value({{"$ref", "#/components/schemas/EventName"}}));
}

}  // namespace
}  // namespace keyward::audit
