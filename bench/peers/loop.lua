-- loop: a plain while loop in top-level chunk code (chunk-level locals, as is idiomatic).
local total = 0
local i = 0
while i < 5000000 do
    total = total + i * i % 7
    i = i + 1
end
print(total)
