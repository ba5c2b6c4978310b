-- wrk script of `npm run bench:agent`. With BENCH_WRK_RATE set, paces requests to that rate
-- (wrk has no fixed-rate mode): each connection, once answered, waits for the thread's next
-- free send slot, slots 1/rate apart on CLOCK_MONOTONIC (LuaJIT's ffi; wrk's timers are whole
-- milliseconds, the slots are not, so the rate is exact on average). Without it wrk runs
-- flat out. Either way, done() prints one JSON line after wrk's own report.
local rate = tonumber(os.getenv("BENCH_WRK_RATE") or "")

if rate and rate > 0 then
  local ffi = require("ffi")
  ffi.cdef([[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock_id, bench_timespec *tp);
  ]])
  local CLOCK_MONOTONIC = 1
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval = 1000 / rate
  local slot = nil

  function delay()
    local now = now_ms()
    -- Fallen behind by more than 100 ms (the server stalled): start over rather than burst.
    if slot == nil or slot < now - 100 then
      slot = now
    end
    slot = slot + interval
    local wait = slot - now
    if wait <= 0 then
      return 0
    end
    return math.floor(wait + 0.5)
  end
end

function done(summary, latency, _requests)
  local e = summary.errors
  io.write(
    string.format(
      'BENCH_WRK {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"errors":%d}\n',
      summary.requests,
      summary.duration,
      latency:percentile(50),
      latency:percentile(99),
      latency.max,
      e.connect + e.read + e.write + e.status + e.timeout
    )
  )
end
