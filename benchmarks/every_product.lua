-- wrk, one thread: GET PATH for each product id from PRODUCT_ID_LOW to PRODUCT_ID_HIGH in turn (cache warm-up).
local next_id, high = tonumber(os.getenv("PRODUCT_ID_LOW")), tonumber(os.getenv("PRODUCT_ID_HIGH"))
local path = os.getenv("REQUEST_PATH")

function request()
  local id = next_id
  next_id = next_id < high and next_id + 1 or tonumber(os.getenv("PRODUCT_ID_LOW"))
  return wrk.format("GET", path .. "?product_id=" .. id)
end
