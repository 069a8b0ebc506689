import type { GatewayModule } from '@lending/graphql-kit';
import {
  BorrowerLedgerResolver,
  CreditLineResolver,
  fetchCreditLine,
  fetchLoan,
  LoanResolver,
} from './ledger.resolver.js';
import { CREDIT_LINE_TYPE, LOAN_TYPE } from './ledger.types.js';
import { CloseOfBusinessResolver } from './close-of-business.resolver.js';
import { RepaymentResolver, ReversalResolver } from './repayment.resolver.js';

export { CreditLineType, LoanType, CREDIT_LINE_TYPE, LOAN_TYPE } from './ledger.types.js';
export { fetchCreditLine, fetchLoan } from './ledger.resolver.js';

export const ledgerModule: GatewayModule = {
  name: 'ledger',
  resolvers: [
    CreditLineResolver,
    LoanResolver,
    BorrowerLedgerResolver,
    CloseOfBusinessResolver,
    RepaymentResolver,
    ReversalResolver,
  ],
  nodeFetchers: { [CREDIT_LINE_TYPE]: fetchCreditLine, [LOAN_TYPE]: fetchLoan },
};
