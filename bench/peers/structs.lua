-- structs: construct small objects (tables with a metatable) and call a method on them.
local Point = {}
Point.__index = Point

function Point.new(x, y)
    return setmetatable({ x = x, y = y }, Point)
end

function Point:dot(other)
    return self.x * other.x + self.y * other.y
end

local function structs_bench(n)
    local total = 0
    for i = 0, n - 1 do
        local p = Point.new(i, i + 1)
        total = total + p:dot(Point.new(3, 4)) % 1000
    end
    return total
end

print(structs_bench(1000000))
