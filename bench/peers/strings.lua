-- strings: build, join, split and scan strings.
local function strings_bench(n)
    local items = {}
    for i = 0, n - 1 do
        items[#items + 1] = "item" .. i
    end
    local joined = table.concat(items, ",")
    local pieces = {}
    for piece in string.gmatch(joined, "[^,]+") do
        pieces[#pieces + 1] = piece
    end
    local sevens = 0
    for _, piece in ipairs(pieces) do
        if piece:sub(-1) == "7" then
            sevens = sevens + #piece
        end
    end
    return #joined, sevens
end

local total, sevens = strings_bench(200000)
print(total .. " " .. sevens)
