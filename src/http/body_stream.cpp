#include "http/body_stream.h"

namespace keyward::http {

Response streamed_response(int status, std::string content_type, BodyProducer producer) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.stream = std::make_shared<BodyStream>(BodyStream{std::move(producer)});
  return response;
}

Response proxied_response(BodyProducer producer) {
  Response response;
  response.status = 0;  // not known until the producer starts
  response.stream = std::make_shared<BodyStream>(BodyStream{std::move(producer), true});
  return response;
}

}  // namespace keyward::http
