-- serve-events.lua - wrk script for bench/serve.sh: GET /v1/events, turning through a list of
-- questions (pages, an actor, a dyad, a code family, a date range) so that one cached answer
-- does not stand for all.
local paths = {
  "/v1/events?limit=50",
  "/v1/events?limit=50&offset=200",
  "/v1/events?limit=50&actor=USA*",
  "/v1/events?limit=50&dyad=USA,JPN",
  "/v1/events?limit=50&code=1*",
  "/v1/events?limit=50&from=1987-03&to=1987-04",
  "/v1/events?limit=20&quad=4&offset=40",
  "/v1/events?limit=100&root=04",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
