import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar, MoneyType, Node, PageInfo } from '@lending/graphql-kit';
import { Money, toGlobalId, type BusinessDate } from '@lending/kernel';
import { CreditLineStatus, type CreditLine } from '../credit-line.service.js';
import { InstallmentStatus, LoanStatus } from '../loan-status.js';
import type { Installment, Loan, LoanBalance } from '../loan.service.js';
import { RepaymentMethod } from '../schedule.js';

registerEnumType(CreditLineStatus, { name: 'CreditLineStatus' });
registerEnumType(RepaymentMethod, { name: 'RepaymentMethod' });
registerEnumType(LoanStatus, { name: 'LoanStatus' });
registerEnumType(InstallmentStatus, { name: 'InstallmentStatus' });

export const CREDIT_LINE_TYPE = 'CreditLine';
export const LOAN_TYPE = 'Loan';
export const LOAN_TRANSACTION_TYPE = 'LoanTransaction';

@ObjectType(CREDIT_LINE_TYPE, { implements: Node })
export class CreditLineType implements Node {
  @Field(() => ID)
  id!: string;

  creditLineId!: string;
  borrowerId!: string;

  @Field(() => MoneyType)
  limit!: MoneyType;

  @Field(() => MoneyType)
  available!: MoneyType;

  @Field(() => String, { description: 'decimal string, e.g. "0.18" = 18 % a year' })
  annualRate!: string;

  @Field(() => CreditLineStatus)
  status!: CreditLineStatus;

  @Field(() => MoneyType, {
    description:
      "money paid beyond what the line's loans owe, held for the borrower: used first by the next amount due, refundable",
  })
  creditBalance!: MoneyType;

  static from(line: CreditLine): CreditLineType {
    return Object.assign(new CreditLineType(), {
      id: toGlobalId(CREDIT_LINE_TYPE, line.id),
      creditLineId: line.id,
      borrowerId: line.borrowerId,
      limit: MoneyType.from(line.limit),
      available: MoneyType.from(line.available),
      annualRate: line.annualRate.toString(),
      status: line.status,
      creditBalance: MoneyType.from(line.creditBalance),
    });
  }
}

@ObjectType('LoanBalance')
export class LoanBalanceType {
  @Field(() => MoneyType)
  principal!: MoneyType;

  @Field(() => MoneyType)
  interest!: MoneyType;

  @Field(() => MoneyType)
  fees!: MoneyType;

  @Field(() => MoneyType)
  penalty!: MoneyType;

  @Field(() => MoneyType)
  total!: MoneyType;

  static from(balance: LoanBalance): LoanBalanceType {
    return Object.assign(new LoanBalanceType(), {
      principal: MoneyType.from(balance.principal),
      interest: MoneyType.from(balance.interest),
      fees: MoneyType.from(balance.fees),
      penalty: MoneyType.from(balance.penalty),
      total: MoneyType.from(balance.total),
    });
  }
}

@ObjectType('Installment')
export class InstallmentType {
  @Field(() => Int)
  number!: number;

  @Field(() => DateScalar)
  dueDate!: BusinessDate;

  @Field(() => MoneyType)
  principalDue!: MoneyType;

  @Field(() => MoneyType)
  interestDue!: MoneyType;

  @Field(() => MoneyType, {
    description:
      'fees and penalties of this instalment (what falls due with it beside principal and interest)',
  })
  chargesDue!: MoneyType;

  @Field(() => MoneyType, { description: 'everything paid towards this instalment' })
  paid!: MoneyType;

  @Field(() => MoneyType, {
    description:
      'what is left of this instalment: principalDue + interestDue + chargesDue - paid, never negative',
  })
  outstanding!: MoneyType;

  @Field(() => InstallmentStatus)
  status!: InstallmentStatus;

  static from(i: Installment): InstallmentType {
    const charges = i.feesDue.add(i.penaltyDue);
    const asked = i.principalDue.add(i.interestDue).add(charges);
    return Object.assign(new InstallmentType(), {
      number: i.number,
      dueDate: i.dueDate,
      principalDue: MoneyType.from(i.principalDue),
      interestDue: MoneyType.from(i.interestDue),
      chargesDue: MoneyType.from(charges),
      paid: MoneyType.from(i.paid),
      outstanding: MoneyType.from(asked.subtract(i.paid).max(Money.zero(i.paid.currency))),
      status: i.status,
    });
  }
}

@ObjectType(LOAN_TYPE, { implements: Node })
export class LoanType implements Node {
  @Field(() => ID)
  id!: string;

  loan!: Loan;

  @Field(() => MoneyType)
  principal!: MoneyType;

  @Field(() => String)
  annualRate!: string;

  @Field(() => Int, {
    description: 'the term of the schedule in force: a restructure’s, once restructured',
  })
  termMonths!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'when a hardship plan restructured the loan; null if never',
  })
  restructuredOn!: BusinessDate | null;

  @Field(() => RepaymentMethod)
  repaymentMethod!: RepaymentMethod;

  @Field(() => DateScalar)
  disbursedOn!: BusinessDate;

  @Field(() => LoanStatus)
  status!: LoanStatus;

  @Field(() => Int)
  daysPastDue!: number;

  get borrowerId(): string {
    return this.loan.borrowerId;
  }

  static from(loan: Loan): LoanType {
    return Object.assign(new LoanType(), {
      id: toGlobalId(LOAN_TYPE, loan.id),
      loan,
      principal: MoneyType.from(loan.principal),
      annualRate: loan.annualRate.toString(),
      termMonths: loan.schedule.termMonths,
      restructuredOn: loan.restructuredOn,
      repaymentMethod: loan.repaymentMethod,
      disbursedOn: loan.disbursedOn,
      status: loan.status,
      daysPastDue: loan.daysPastDue,
    });
  }
}

@ObjectType(LOAN_TRANSACTION_TYPE, { implements: Node })
export class LoanTransactionType implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    description: 'DISBURSEMENT, REPAYMENT, ACCRUAL, PENALTY, REVERSAL, WRITE_OFF, ...',
  })
  kind!: string;

  @Field(() => MoneyType)
  amount!: MoneyType;

  @Field(() => DateScalar)
  businessDate!: BusinessDate;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType('LoanTransactionEdge')
export class LoanTransactionEdge {
  @Field(() => LoanTransactionType)
  node!: LoanTransactionType;

  @Field(() => String)
  cursor!: string;
}

@ObjectType('LoanTransactionConnection')
export class LoanTransactionConnection {
  @Field(() => [LoanTransactionEdge])
  edges!: LoanTransactionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType('LoanEdge')
export class LoanEdge {
  @Field(() => LoanType)
  node!: LoanType;

  @Field(() => String)
  cursor!: string;
}

@ObjectType('LoanConnection')
export class LoanConnection {
  @Field(() => [LoanEdge])
  edges!: LoanEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType('AccountBalance')
export class AccountBalanceType {
  @Field(() => String)
  account!: string;

  @Field(() => MoneyType)
  debits!: MoneyType;

  @Field(() => MoneyType)
  credits!: MoneyType;
}

@ObjectType('TrialBalance')
export class TrialBalanceType {
  @Field(() => String)
  currency!: string;

  @Field(() => [AccountBalanceType])
  accounts!: AccountBalanceType[];

  @Field(() => MoneyType)
  totalDebits!: MoneyType;

  @Field(() => MoneyType)
  totalCredits!: MoneyType;
}
