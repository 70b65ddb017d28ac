# sieve: Sieve of Eratosthenes over a bool list of n + 1 entries, then count by iterating.
def count_primes(n):
    is_prime = [True] * (n + 1)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
        i += 1
    count = 0
    for p in is_prime:
        if p:
            count += 1
    return count


print(count_primes(2_000_000))
