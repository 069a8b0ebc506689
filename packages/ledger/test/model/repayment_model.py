"""An independent model of the ledger's schedule and repayment conventions
(packages/ledger/README.md), in decimal with ROUND_HALF_EVEN and amounts in
minor units, written from the rules and not from the TypeScript: the expected
figures of the repayment-life tests come from here.

    python3 packages/ledger/test/model/repayment_model.py
"""
from decimal import Decimal, ROUND_HALF_EVEN, getcontext

getcontext().prec = 60


def rnd(x):
    return int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def level_payment(principal, rate, n):
    if rate == 0:
        return rnd(Decimal(principal) / n)
    r = Decimal(rate) / 12
    return rnd(Decimal(principal) * r / (1 - (1 + r) ** -n))


def schedule(principal, rate, n, method):
    """[(principal part, interest)] as buildSchedule: interest on the opening balance
    (the bullet's on the principal), the last row takes what is left."""
    r = Decimal(rate) / 12
    rows, bal = [], principal
    pay = level_payment(principal, rate, n) if method == "EQUAL_INSTALLMENT" else None
    lvl = rnd(Decimal(principal) / n) if method == "EQUAL_PRINCIPAL" else None
    for k in range(1, n + 1):
        interest = rnd((principal if method == "INTEREST_ONLY_BULLET" else bal) * r)
        if k == n:
            part = bal
        elif method == "EQUAL_INSTALLMENT":
            part = pay - interest
        elif method == "EQUAL_PRINCIPAL":
            part = lvl
        else:
            part = 0
        part = max(0, min(part, bal))
        rows.append((part, interest))
        bal -= part
    return rows


def recast(balance, rate, current_interest, current_regular, rows, method, use):
    """The rows from the current one after a principal prepayment leaves `balance`:
    the current row keeps its interest; REDUCE_TERM keeps the instalment
    (current_regular = (principal part, total) of the current row before), REDUCE_INSTALLMENT
    keeps the number of rows and spreads the balance as a new schedule would."""
    r = Decimal(rate) / 12
    out, opening = [], balance
    if balance == 0:
        return [(0, current_interest)]
    if use == "REDUCE_TERM":
        for k in range(rows):
            if k > 0 and opening == 0:
                break
            interest = current_interest if k == 0 else rnd(opening * r)
            if k == rows - 1:
                part = opening
            elif method == "EQUAL_INSTALLMENT":
                part = current_regular[1] - interest
            else:
                part = current_regular[0]
            part = max(0, min(part, opening))
            out.append((part, interest))
            opening -= part
        return out
    pay = level_payment(balance, rate, rows) if method == "EQUAL_INSTALLMENT" else None
    lvl = rnd(Decimal(balance) / rows)
    for k in range(rows):
        standard = rnd((balance if method == "INTEREST_ONLY_BULLET" else opening) * r)
        interest = current_interest if k == 0 else standard
        if k == rows - 1:
            part = opening
        elif method == "EQUAL_INSTALLMENT":
            part = pay - standard
        elif method == "EQUAL_PRINCIPAL":
            part = lvl
        else:
            part = 0
        part = max(0, min(part, opening))
        out.append((part, interest))
        opening -= part
    return out


def accrued(interest, day, span):
    """What close of business has posted of a period's interest after `day` of `span` days."""
    return rnd(Decimal(interest) * day / span)


if __name__ == "__main__":
    print("CNY 1,200.00 at 9.9 % over 6 months, equal instalments:")
    s = schedule(120000, "0.099", 6, "EQUAL_INSTALLMENT")
    for k, (p, i) in enumerate(s, 1):
        print(f"  {k}: principal {p} interest {i} total {p + i}")
    print("  total of payments", sum(p + i for p, i in s), "interest", sum(i for _, i in s))
    print("REDUCE_TERM, 500.00 prepaid on day 10 of period 1 (nothing paid yet):")
    print("  ", recast(120000 - 50000, "0.099", s[0][1], (s[0][0], sum(s[0])), 6, "EQUAL_INSTALLMENT", "REDUCE_TERM"))
    print("REDUCE_INSTALLMENT, the same:")
    print("  ", recast(120000 - 50000, "0.099", s[0][1], (s[0][0], sum(s[0])), 6, "EQUAL_INSTALLMENT", "REDUCE_INSTALLMENT"))
    print("12,000.00 at 18 % over 12, equal instalments:")
    s12 = schedule(1200000, "0.18", 12, "EQUAL_INSTALLMENT")
    print("  ", s12)
    print("after instalment 1 paid, 2,000.00 prepaid on its due date: REDUCE_TERM")
    left = 1200000 - s12[0][0] - 200000
    print("  ", recast(left, "0.18", s12[1][1], (s12[1][0], sum(s12[1])), 11, "EQUAL_INSTALLMENT", "REDUCE_TERM"))
    print("  REDUCE_INSTALLMENT", recast(left, "0.18", s12[1][1], (s12[1][0], sum(s12[1])), 11, "EQUAL_INSTALLMENT", "REDUCE_INSTALLMENT"))
    sp = schedule(300000, "0.18", 3, "EQUAL_PRINCIPAL")
    print("3,000.00 at 18 % over 3, equal principal:", sp)
    print("  1,000.00 prepaid before instalment 1, REDUCE_INSTALLMENT:",
          recast(200000, "0.18", sp[0][1], (sp[0][0], sum(sp[0])), 3, "EQUAL_PRINCIPAL", "REDUCE_INSTALLMENT"))
    print("  REDUCE_TERM:", recast(200000, "0.18", sp[0][1], (sp[0][0], sum(sp[0])), 3, "EQUAL_PRINCIPAL", "REDUCE_TERM"))
    sb = schedule(1200000, "0.18", 12, "INTEREST_ONLY_BULLET")
    print("bullet 12,000.00 at 18 % x12, 2,000.00 prepaid in period 1, REDUCE_INSTALLMENT:",
          recast(1000000, "0.18", sb[0][1], (0, sb[0][1]), 12, "INTEREST_ONLY_BULLET", "REDUCE_INSTALLMENT")[:3], "...")
