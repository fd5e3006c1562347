-- wrk: GET REQUEST_PATH with a random product id among PRODUCT_ID_LOW..PRODUCT_ID_HIGH (environment): in place of
-- {product} if the path has it (/qa/products/{product}/summary), else as ?product_id=. A {question} is a random
-- question id among QUESTION_ID_LOW..QUESTION_ID_HIGH.
local low, high = tonumber(os.getenv("PRODUCT_ID_LOW")), tonumber(os.getenv("PRODUCT_ID_HIGH"))
local question_low, question_high = tonumber(os.getenv("QUESTION_ID_LOW")), tonumber(os.getenv("QUESTION_ID_HIGH"))
local path = os.getenv("REQUEST_PATH")
if not path:find("{", 1, true) then
  path = path .. "?product_id={product}"
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + seed)
end

function request()
  local filled = path:gsub("{product}", function() return tostring(math.random(low, high)) end)
  filled = filled:gsub("{question}", function() return tostring(math.random(question_low, question_high)) end)
  return wrk.format("GET", filled)
end
