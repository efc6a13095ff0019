-- Mixed load for wrk (issue 18): each request is sent as one of the logged-in users, picked at
-- random; 10 % are record creates (人民调解 through the API, in a unit the user may write),
-- the rest GETs from that user's list of read paths (register lists with filters, page 1 and
-- deep pages, record pages, cockpit, indicator API, alerts).
-- Arguments after `--`: the paths file, then one "cookie|csrf|org|role" per user. Lines of the
-- paths file are "role path"; role `*` is read by every user.

local users = {}
local reads = {}
local n = 0
local stamp = 0
local failures = 0

function init(args)
  for line in io.lines(args[1]) do
    local role, path = line:match("^(%S+)%s+(%S+)$")
    if role then
      table.insert(reads, { role = role, path = path })
    end
  end
  for i = 2, #args do
    local cookie, csrf, org, role = args[i]:match("^([^|]*)|([^|]*)|([^|]*)|([^|]*)$")
    local own = {}
    for _, r in ipairs(reads) do
      if r.role == "*" or r.role == role then
        table.insert(own, r.path)
      end
    end
    table.insert(users, { cookie = cookie, csrf = csrf, org = org, paths = own })
  end
  -- Distinct case numbers across threads and runs.
  stamp = math.floor(os.clock() * 1e6) + math.random(1e9)
  math.randomseed(stamp)
end

function request()
  n = n + 1
  local user = users[math.random(#users)]
  if math.random(100) <= 10 then
    local body = string.format(
      '{"org":"%s","case_no":"LOAD-%d-%d","dispute_type":"邻里","parties_count":2,' ..
        '"received_date":"2024-06-05","concluded_date":"2024-06-20","outcome":"成功"}',
      user.org, stamp, n)
    return wrk.format("POST", "/api/v1/mediations", {
      ["Cookie"] = user.cookie,
      ["x-csrf-token"] = user.csrf,
      ["Content-Type"] = "application/json",
    }, body)
  end
  return wrk.format("GET", user.paths[math.random(#user.paths)], { ["Cookie"] = user.cookie })
end

function response(status, headers, body)
  if status >= 400 and failures < 5 then
    failures = failures + 1
    io.stderr:write(string.format("HTTP %d: %s\n", status, body:sub(1, 200)))
  end
end
