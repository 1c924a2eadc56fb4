-- Creating 52-week series, each in a weekly slot no other request uses.
-- args: <config file> <first slot> <max slots per thread>. Config: "token <bearer>", "space <n> <id>",
-- "dtstart <YYYY-MM-DD>", "threads <count>".
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua"
local common = require("common")

local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

local spaces, dtstart, nthreads, slot, sent, limit = {}, "", 1, 0, 0, 0
statuses = {}
local DAYS = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" }
function init(args)
  for line in io.lines(args[1]) do
    local kind, a, b = line:match("^(%S+)%s+(%S+)%s*(%S*)$")
    if kind == "token" then wrk.headers["Authorization"] = "Bearer " .. a
    elseif kind == "space" then spaces[#spaces + 1] = b
    elseif kind == "dtstart" then dtstart = a
    elseif kind == "threads" then nthreads = tonumber(a) end
  end
  slot = tonumber(args[2]) + id
  limit = tonumber(args[3])
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  if sent > limit then wrk.thread:stop() end
  local n = slot
  slot = slot + nthreads
  local k = #spaces
  local space = spaces[n % k + 1]
  local day = DAYS[math.floor(n / k) % 7 + 1]
  local hour = 6 + math.floor(n / (7 * k)) % 14
  local body = string.format(
    '{"space_id":%s,"rule":"FREQ=WEEKLY;BYDAY=%s;COUNT=52","dtstart":"%s","start_time":"%02d:00",' ..
    '"end_time":"%02d:00","title":"Bench series"}', space, day, dtstart, hour, hour + 1)
  return wrk.format("POST", "/api/v1/series", nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do total[code] = (total[code] or 0) + n end
  end
  common.summary(summary, latency, total)
end
