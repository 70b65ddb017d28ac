# closures: map / filter / reduce over a list with lambdas.
# Each step builds a new list, as Simple's array map/filter do.
from functools import reduce


def closures_bench(n):
    xs = list(range(n))
    tripled = list(map(lambda x: x * 3, xs))
    evens = list(filter(lambda x: x % 2 == 0, tripled))
    return reduce(lambda a, b: a + b, evens, 0)


print(closures_bench(1_000_000))
