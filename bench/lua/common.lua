-- Shared by the bench's wrk scripts: a JSON summary line the runner parses, and status tallies.
local M = {}

function M.summary(summary, latency, statuses)
  local e = summary.errors
  local parts = {}
  for code, n in pairs(statuses or {}) do
    parts[#parts + 1] = string.format('"%s":%d', tostring(code), n)
  end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ",")))
end

return M
