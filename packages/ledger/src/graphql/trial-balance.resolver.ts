import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { badUserInput, MoneyType, Roles, type GraphQLContext } from '@lending/graphql-kit';
import { isCurrencyCode, Money, Role } from '@lending/kernel';
import { trialBalance } from '../journal.js';
import { AccountBalanceType, TrialBalanceType } from './ledger.types.js';

@Resolver()
export class TrialBalanceResolver {
  @Query(() => TrialBalanceType, {
    description: 'Debits and credits per account, summed from the journal.',
  })
  @Roles(Role.OPS, Role.COMPLIANCE)
  async trialBalance(
    @Arg('currency', () => String) currency: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TrialBalanceType> {
    if (!isCurrencyCode(currency))
      throw badUserInput('currency must be a supported ISO 4217 code.');
    const accounts = await trialBalance(ctx.db, currency);
    const total = (pick: (a: (typeof accounts)[number]) => Money) =>
      MoneyType.from(Money.sum(accounts.map(pick), currency));
    return Object.assign(new TrialBalanceType(), {
      currency,
      accounts: accounts.map((a) =>
        Object.assign(new AccountBalanceType(), {
          account: a.account,
          debits: MoneyType.from(a.debits),
          credits: MoneyType.from(a.credits),
        }),
      ),
      totalDebits: total((a) => a.debits),
      totalCredits: total((a) => a.credits),
    });
  }
}
