-- wrk script: every connection waits DELAY_MS between its requests, so the offered rate is about
-- connections x 1000 / DELAY_MS per second (wrk has no rate option); for "p99 at half the rate".
local delay_ms = tonumber(os.getenv("DELAY_MS") or "2")

function delay()
  return delay_ms
end
