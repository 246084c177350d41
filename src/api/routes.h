#pragma once

#include "api/app_context.h"
#include "http/router.h"

namespace keyward::api {

// Every route keyward serves, in one place: the table a reader opens to find a request's handler.
void register_routes(http::Router& router, AppContext& context);

}  // namespace keyward::api
