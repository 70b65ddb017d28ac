-- sieve: Sieve of Eratosthenes over a boolean table of n + 1 entries (0..n),
-- then count by iterating.
local function count_primes(n)
    local is_prime = {}
    for k = 0, n do
        is_prime[k] = true
    end
    is_prime[0] = false
    is_prime[1] = false
    local i = 2
    while i * i <= n do
        if is_prime[i] then
            for j = i * i, n, i do
                is_prime[j] = false
            end
        end
        i = i + 1
    end
    local count = 0
    for k = 0, n do
        if is_prime[k] then
            count = count + 1
        end
    end
    return count
end

print(count_primes(2000000))
