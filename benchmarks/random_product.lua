-- wrk: GET PATH with a random product id among PRODUCT_ID_LOW..PRODUCT_ID_HIGH (environment).
local low, high = tonumber(os.getenv("PRODUCT_ID_LOW")), tonumber(os.getenv("PRODUCT_ID_HIGH"))
local path = os.getenv("REQUEST_PATH")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + seed)
end

function request()
  return wrk.format("GET", path .. "?product_id=" .. math.random(low, high))
end
