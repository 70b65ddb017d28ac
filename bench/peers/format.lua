-- format: report lines built from mixed values by string.format, with and without
-- format specs (integers, floats, strings; precision, padding, zero fill).
local function format_bench(n)
    local names = { "alpha", "beta", "gamma", "delta", "epsilon" }
    local total = 0
    local checksum = 0
    local last = ""
    for i = 0, n - 1 do
        local name = names[i % 5 + 1]
        local qty = i % 17
        local price = (i % 1000) * 0.25
        local ratio = i / 7.0
        local status = qty > 8 and "high" or "low"
        local line = string.format("%s#%d: %d x %s = %.2f ratio=%.3f [%8s|%03d] %s",
            name, i, qty, price, qty * price, ratio, name, qty, status)
        total = total + #line
        checksum = (checksum * 31 + #line) % 1000003
        last = line
    end
    print(string.format("%d %d", total, checksum))
    print(last)
end

format_bench(400000)
