# loop: a plain while loop in module-level code (global variables).
total = 0
i = 0
while i < 5_000_000:
    total += i * i % 7
    i += 1
print(total)
