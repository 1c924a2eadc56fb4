-- GET a list of paths in turn (each thread from its own offset), optionally with one extra header.
-- args: <file with one path a line> <max requests per thread> [header name] [header value]
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/?.lua"
local common = require("common")

local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

local paths, index, sent, limit = {}, 0, 0, 0
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  limit = tonumber(args[2])
  if args[3] then wrk.headers[args[3]] = args[4] end
  index = id % #paths
end

function request()
  sent = sent + 1
  if sent > limit then wrk.thread:stop() end
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  common.summary(summary, latency, nil)
end
