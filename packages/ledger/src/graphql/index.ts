import type { GatewayModule } from '@lending/graphql-kit';
import { BorrowerLedgerResolver } from './borrower-ledger.resolver.js';
import { CreditLineResolver, fetchCreditLine } from './credit-line.resolver.js';
import { DrawdownResolver } from './drawdown.resolver.js';
import { CREDIT_LINE_TYPE, LOAN_TYPE } from './ledger.types.js';
import { fetchLoan, LoanResolver } from './loan.resolver.js';
import {
  MakeRepaymentPayloadResolver,
  RepaymentResolver,
  ReversalResolver,
} from './repayment.resolver.js';
import { TrialBalanceResolver } from './trial-balance.resolver.js';

export { CreditLineType, LoanType, CREDIT_LINE_TYPE, LOAN_TYPE } from './ledger.types.js';
export { fetchCreditLine } from './credit-line.resolver.js';
export { fetchLoan } from './loan.resolver.js';
export { LEDGER_VIEWERS } from './ledger-viewers.js';

export const ledgerModule: GatewayModule = {
  name: 'ledger',
  resolvers: [
    CreditLineResolver,
    LoanResolver,
    BorrowerLedgerResolver,
    DrawdownResolver,
    TrialBalanceResolver,
    RepaymentResolver,
    MakeRepaymentPayloadResolver,
    ReversalResolver,
  ],
  nodeFetchers: { [CREDIT_LINE_TYPE]: fetchCreditLine, [LOAN_TYPE]: fetchLoan },
};
