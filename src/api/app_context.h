#pragma once

#include <memory>

#include "http/metrics.h"
#include "storage/store.h"

namespace keyward::api {

// What handlers share: the store and the metrics. Built once in `serve` and outliving the server.
struct AppContext {
  storage::Store& store;
  std::shared_ptr<http::Metrics> metrics;
};

}  // namespace keyward::api
