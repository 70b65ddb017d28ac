# dict: insert int keys, then look them up (get with default) and test membership.
def dict_bench(n):
    d = {}
    for i in range(n):
        d[i * 7] = i
    total = 0
    for i in range(n):
        total += d.get(i * 7, 0)
        if i * 3 in d:
            total += 1
    return total


print(dict_bench(200_000))
