-- wrk script of bench/bench_mixed.sh: a mixed load on weibao.
--   80% GET /api/v1/tasks (the ledger, as the admin: the whole county, a few
--       filters, sorts and pages), 10% GET /api/v1/me (as the admin),
--   10% POST /api/v1/tasks/{id}/reports (as the unit liaison, with the
--       session cookie, X-CSRF-Token and a JSON body).
-- Sessions come from the environment (bench_crash.py --setup-only makes them):
--   WB_ADMIN_COOKIE, WB_LIAISON_COOKIE, WB_LIAISON_CSRF, WB_TASKS (ids the
--   liaison signed for, comma-separated), WB_UNIT (the liaison's unit id).
-- done() prints req/s, latency percentiles, answers by status (non-2xx
-- listed one by one), socket errors and timeouts, each on a "mixed:" line.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local function need(name)
  local v = os.getenv(name)
  if v == nil or v == "" then
    io.stderr:write("mixed.lua: " .. name .. " is not set\n")
    os.exit(2)
  end
  return v
end

function init(args)
  admin_cookie = need("WB_ADMIN_COOKIE")
  liaison_cookie = need("WB_LIAISON_COOKIE")
  liaison_csrf = need("WB_LIAISON_CSRF")
  unit = need("WB_UNIT")
  tasks = {}
  for t in string.gmatch(need("WB_TASKS"), "%d+") do
    table.insert(tasks, t)
  end
  ledger = {
    "/api/v1/tasks",
    "/api/v1/tasks?per_page=100",
    "/api/v1/tasks?light=red",
    "/api/v1/tasks?sort=deadline&order=desc",
    "/api/v1/tasks?status=in_progress",
    "/api/v1/tasks?unit_id=" .. unit,
    "/api/v1/tasks?q=%E6%9C%AA%E6%88%90%E5%B9%B4%E4%BA%BA",   -- 未成年人
    "/api/v1/tasks?page=2&per_page=20&sort=unit",
  }
  get_admin = { ["Cookie"] = admin_cookie }
  post_liaison = {
    ["Cookie"] = liaison_cookie,
    ["X-CSRF-Token"] = liaison_csrf,
    ["Content-Type"] = "application/json",
  }
  statuses = {}
  issued = { ledger = 0, me = 0, report = 0 }
  seq = 0
  math.randomseed(os.time() * 1000 + id * 7919)
end

function request()
  local r = math.random(100)
  if r <= 80 then
    issued.ledger = issued.ledger + 1
    return wrk.format("GET", ledger[math.random(#ledger)], get_admin)
  elseif r <= 90 then
    issued.me = issued.me + 1
    return wrk.format("GET", "/api/v1/me", get_admin)
  end
  issued.report = issued.report + 1
  seq = seq + 1
  local task = tasks[math.random(#tasks)]
  local body = string.format('{"text":"混合负载进展 %d-%d"}', id, seq)
  return wrk.format("POST", "/api/v1/tasks/" .. task .. "/reports", post_liaison, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all, kinds = {}, { ledger = 0, me = 0, report = 0 }
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      all[code] = (all[code] or 0) + n
    end
    for k, n in pairs(t:get("issued")) do
      kinds[k] = kinds[k] + n
    end
  end
  local codes, ok, bad, five = {}, 0, 0, 0
  for code, n in pairs(all) do
    table.insert(codes, code)
    if code >= 200 and code < 300 then ok = ok + n else bad = bad + n end
    if code >= 500 then five = five + n end
  end
  table.sort(codes)
  local by = {}
  for _, code in ipairs(codes) do
    table.insert(by, code .. " " .. all[code])
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format("mixed: requests %d in %.1f s, %.1f req/s\n",
                         summary.requests, secs, summary.requests / secs))
  io.write(string.format("mixed: latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                         latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                         latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("mixed: issued ledger %d, me %d, report %d\n", kinds.ledger, kinds.me, kinds.report))
  io.write(string.format("mixed: answers 2xx %d, non-2xx %d, 5xx %d; by status: %s\n",
                         ok, bad, five, table.concat(by, ", ")))
  io.write(string.format("mixed: socket errors connect %d, read %d, write %d; timeouts %d\n",
                         e.connect, e.read, e.write, e.timeout))
end
