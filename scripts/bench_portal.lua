-- 公示平台 load for wrk (issue 22): each request is a random line of the paths file given after
-- `--`; non-2xx/3xx answers are counted and reported, so a run that errs cannot pass for fast.
local paths = {}
local failures = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status >= 400 then failures = failures + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("failed responses (>= 400): %d\n", summary.errors.status))
end
