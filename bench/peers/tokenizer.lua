-- tokenizer: scan a generated program text character by character into identifiers,
-- numbers, symbols and comments (string.sub, one-character strings, char tests).
local function is_digit(c) return c >= "0" and c <= "9" end
local function is_alpha(c) return (c >= "a" and c <= "z") or (c >= "A" and c <= "Z") end
local function is_alnum(c) return is_alpha(c) or is_digit(c) end

local function make_source(lines)
    local parts = {}
    for i = 0, lines - 1 do
        parts[#parts + 1] = string.format(
            "let value_%d = compute(%d, x%d) * %d + (y - %d) / 3;  # step %d\n",
            i % 97, i, i % 13, i % 1000, i % 7, i)
    end
    return table.concat(parts)
end

local function tokenize(src)
    local idents, keywords, numbers, symbols, comments, total, longest = 0, 0, 0, 0, 0, 0, 0
    local i = 1
    local n = #src
    while i <= n do
        local c = src:sub(i, i)
        if c == " " or c == "\n" then
            i = i + 1
        elseif is_digit(c) then
            local v = 0
            while i <= n and is_digit(src:sub(i, i)) do
                v = v * 10 + (string.byte(src, i) - 48)
                i = i + 1
            end
            numbers = numbers + 1
            total = total + v
        elseif is_alpha(c) or c == "_" then
            local start = i
            while i <= n do
                local d = src:sub(i, i)
                if not (is_alnum(d) or d == "_") then break end
                i = i + 1
            end
            local word = src:sub(start, i - 1)
            if word == "let" then
                keywords = keywords + 1
            else
                idents = idents + 1
            end
            longest = math.max(longest, #word)
        elseif c == "#" then
            while i <= n and src:sub(i, i) ~= "\n" do
                i = i + 1
            end
            comments = comments + 1
        else
            symbols = symbols + 1
            i = i + 1
        end
    end
    print(string.format("%d %d %d %d %d %d %d", idents, keywords, numbers, symbols, comments, total, longest))
end

tokenize(make_source(40000))
