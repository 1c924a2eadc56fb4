-- Creating bookings with one connection per thread: threads 0..k-1 ask for the same hours of one space
-- (they collide), the others each book their own space. args: <config file> <first slot> <max slots>.
-- The config holds lines "token <n> <bearer token>", "shared <space id>", "own <n> <space id>", "base <epoch>".
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua"
local common = require("common")

local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

local tokens, own, shared, colliders, base = {}, {}, nil, 0, 0
local slot, last = 0, 0
statuses = {}
function init(args)
  for line in io.lines(args[1]) do
    local kind, a, b = line:match("^(%S+)%s+(%S+)%s*(%S*)$")
    if kind == "token" then tokens[tonumber(a)] = b
    elseif kind == "own" then own[tonumber(a)] = b
    elseif kind == "shared" then shared = a
    elseif kind == "colliders" then colliders = tonumber(a)
    elseif kind == "base" then base = tonumber(a) end
  end
  slot = tonumber(args[2])
  last = slot + tonumber(args[3])
  wrk.headers["Authorization"] = "Bearer " .. tokens[id]
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if slot >= last then wrk.thread:stop() end
  local space = id < colliders and shared or own[id]
  -- Fourteen one-hour slots a day, 06:00-20:00 UTC, inside the bench spaces' opening hours.
  local start = base + math.floor(slot / 14) * 86400 + (6 + slot % 14) * 3600
  slot = slot + 1
  local body = string.format(
    '{"space_id":%s,"starts_at":"%s","ends_at":"%s","title":"Bench booking"}',
    space, os.date("!%Y-%m-%dT%H:%M:%SZ", start), os.date("!%Y-%m-%dT%H:%M:%SZ", start + 3600))
  return wrk.format("POST", "/api/v1/bookings", nil, body)
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
