import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = {
  [_ in K]?: never;
};
export type Incremental<T> =
  T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string };
  String: { input: string; output: string };
  Boolean: { input: boolean; output: boolean };
  Int: { input: number; output: number };
  Float: { input: number; output: number };
  /** civil date YYYY-MM-DD (business date, no time zone) */
  Date: { input: string; output: string };
  /** RFC 3339 instant, UTC, e.g. 2026-11-28T09:30:00Z */
  DateTime: { input: string; output: string };
};

export type AcceptCreditOfferInput = {
  applicationId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
};

export type AcceptCreditOfferPayload = {
  creditLine: Maybe<CreditLine>;
  userErrors: Array<UserError>;
};

export type AcceptHardshipPlanInput = {
  planId: Scalars['ID']['input'];
};

export type AccessPurpose = 'COLLECTIONS' | 'FRAUD_PREVENTION' | 'SERVICING' | 'UNDERWRITING';

export type AccountBalance = {
  account: Scalars['String']['output'];
  credits: Money;
  debits: Money;
};

export type AddReferenceContactInput = {
  borrowerId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  phone: Scalars['String']['input'];
  relationship: Scalars['String']['input'];
};

export type AddReferenceContactPayload = {
  referenceContact: Maybe<ReferenceContact>;
  userErrors: Array<UserError>;
};

export type AddressBookConnection = {
  edges: Array<AddressBookEdge>;
  pageInfo: PageInfo;
};

export type AddressBookEdge = {
  cursor: Scalars['String']['output'];
  node: AddressBookEntry;
};

export type AddressBookEntry = {
  name: Scalars['String']['output'];
  phone: Scalars['String']['output'];
};

export type AddressBookEntryInput = {
  name: Scalars['String']['input'];
  phone: Scalars['String']['input'];
};

export type ApplicantAttribute = {
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type ApplicantAttributeInput = {
  name: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type ApplicationStatus = 'APPROVED' | 'DECLINED' | 'REFERRED';

export type AssignCollectionCaseInput = {
  caseId: Scalars['ID']['input'];
  /** the collector's actor id (their token's sub) */
  collectorId: Scalars['ID']['input'];
};

export type AssignCollectionCasePayload = {
  collectionCase: Maybe<CollectionCase>;
  userErrors: Array<UserError>;
};

export type Borrower = Node & {
  addressBook: Maybe<AddressBookConnection>;
  /** the borrower sees their own cases, attempts included; a collector only those in their queue */
  collectionCases: Array<CollectionCase>;
  /** The borrower and COMPLIANCE only. */
  consentGrants: Array<ConsentGrant>;
  /** Contact data: needs an active grant for this purpose and role, or the borrower themself. */
  contactPoints: Maybe<Array<ContactPoint>>;
  /** each channel: opted out of collections contact or not */
  contactPreferences: Array<ContactPreference>;
  createdAt: Scalars['DateTime']['output'];
  /** Newest first. */
  creditApplications: Array<CreditApplication>;
  creditLines: Array<CreditLine>;
  /** not contact data: a name the borrower chose */
  displayName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** which collection rules protect this borrower */
  jurisdiction: Jurisdiction;
  loans: LoanConnection;
  referenceContacts: Maybe<Array<ReferenceContact>>;
  /** IANA zone, e.g. Asia/Shanghai; quiet hours use it */
  timeZone: Scalars['String']['output'];
};

export type BorrowerAddressBookArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  purpose: AccessPurpose;
};

export type BorrowerContactPointsArgs = {
  purpose: AccessPurpose;
};

export type BorrowerLoansArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type BorrowerReferenceContactsArgs = {
  purpose: AccessPurpose;
};

/** Where the business date stands against today in the lender’s time zone. */
export type BusinessCalendar = {
  /** the platform business date close of business advances */
  businessDate: Scalars['Date']['output'];
  /** businessDate minus today in days: positive when running ahead of the calendar, negative while a close is due */
  daysAhead: Scalars['Int']['output'];
  mode: BusinessCalendarMode;
  /** the IANA time zone in which a day ends */
  timeZone: Scalars['String']['output'];
  /** the civil date now, in `timeZone` */
  today: Scalars['Date']['output'];
};

/** Whether the business date follows the calendar. */
export type BusinessCalendarMode =
  /** close of business closes only days that have ended, in the lender’s zone */
  | 'CALENDAR'
  /** close of business may run ahead of today (development, tests, simulations) */
  | 'SIMULATED';

/** a bucket the case was in, from and to business dates */
export type CaseBucketSpan = {
  bucket: DelinquencyBucket;
  from: Scalars['Date']['output'];
  /** null while the case is still in it */
  to: Maybe<Scalars['Date']['output']>;
};

/** what was done to a case, by whom, when and why */
export type CaseEvent = {
  actorId: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  businessDate: Scalars['Date']['output'];
  kind: Scalars['String']['output'];
  reason: Maybe<Scalars['String']['output']>;
};

export type CaseStatus = 'HARDSHIP' | 'LEGAL' | 'OPEN' | 'PROMISED' | 'RESOLVED';

export type CollectionCase = Node & {
  amountOverdue: Money;
  /** the assigned collector's actor id */
  assignedTo: Maybe<Scalars['ID']['output']>;
  /** every attempt about this case, refused ones too, oldest first */
  attempts: Array<ContactAttempt>;
  borrower: Borrower;
  /** broken promises so far: each raises the priority */
  brokenPromises: Scalars['Int']['output'];
  bucket: DelinquencyBucket;
  /** every bucket the case was in, with dates */
  bucketHistory: Array<CaseBucketSpan>;
  daysPastDue: Scalars['Int']['output'];
  /** plans offered to the borrower, newest first */
  hardshipPlans: Array<HardshipPlan>;
  /** every action on the case: who, when, why */
  history: Array<CaseEvent>;
  id: Scalars['ID']['output'];
  loan: Loan;
  /** messages planned or sent about the case */
  messages: Array<OutboundMessage>;
  /** what the strategy does next and the earliest moment it may; null when nothing remains */
  nextAction: Maybe<PlannedAction>;
  openedOn: Scalars['Date']['output'];
  promises: Array<PromiseToPay>;
  /** CURED, PAID_OFF or RECOVERED */
  resolution: Maybe<Scalars['String']['output']>;
  /** when it was resolved: the moment of the repayment that left nothing overdue, or of the close of business that found it so */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  resolvedOn: Maybe<Scalars['Date']['output']>;
  status: CaseStatus;
};

export type CollectionCaseConnection = {
  edges: Array<CollectionCaseEdge>;
  pageInfo: PageInfo;
};

export type CollectionCaseEdge = {
  cursor: Scalars['String']['output'];
  node: CollectionCase;
};

export type ConsentEvidence = {
  channel: Scalars['String']['output'];
  documentSha256: Scalars['String']['output'];
  documentVersion: Scalars['String']['output'];
};

export type ConsentEvidenceInput = {
  channel: Scalars['String']['input'];
  documentSha256: Scalars['String']['input'];
  documentVersion: Scalars['String']['input'];
};

export type ConsentGrant = Node & {
  borrower: Borrower;
  evidence: ConsentEvidence;
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  grantedAt: Scalars['DateTime']['output'];
  /** the role that may read under this grant */
  grantee: Role;
  id: Scalars['ID']['output'];
  purpose: AccessPurpose;
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  scope: ContactScope;
  /** at the moment of this read */
  status: GrantStatus;
};

export type ContactAccess = Node & {
  /** who acted through a token issued to someone else (its act claim): on the borrower’s behalf */
  actedBy: Maybe<Scalars['String']['output']>;
  actorId: Scalars['ID']['output'];
  actorRole: Role;
  at: Scalars['DateTime']['output'];
  /** the x-request-id the caller sent, if any: theirs, not ours */
  clientRequestId: Maybe<Scalars['String']['output']>;
  /** the fields read under the contact-data field */
  fields: Array<Scalars['String']['output']>;
  /** null when the borrower read their own data */
  grant: Maybe<ConsentGrant>;
  /** this row’s link in the borrower’s hash chain */
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  operationName: Maybe<Scalars['String']['output']>;
  /** where in the response the data went, with aliases */
  path: Scalars['String']['output'];
  /** the hash of the row before (64 zeros for the first) */
  prevHash: Scalars['String']['output'];
  purpose: AccessPurpose;
  /** the server’s id of the request that read */
  requestId: Scalars['String']['output'];
  scope: ContactScope;
  /** this row’s place in the borrower’s chain, 1, 2, 3… with no gaps (a decimal string) */
  seq: Scalars['String']['output'];
  /** the id (jti) of the token that read */
  tokenId: Maybe<Scalars['String']['output']>;
};

export type ContactAccessConnection = {
  edges: Array<ContactAccessEdge>;
  pageInfo: PageInfo;
};

export type ContactAccessEdge = {
  cursor: Scalars['String']['output'];
  node: ContactAccess;
};

export type ContactAttempt = {
  at: Scalars['DateTime']['output'];
  channel: ContactChannel;
  id: Scalars['ID']['output'];
  /** CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, DELIVERED, FAILED; REFUSED when the rules refused it */
  outcome: Scalars['String']['output'];
  /** the rule that refused the attempt */
  refusedBy: Maybe<Scalars['String']['output']>;
  target: ContactTarget;
};

export type ContactAttemptReviewRow = {
  attempts: Scalars['Int']['output'];
  channel: ContactChannel;
  jurisdiction: Scalars['String']['output'];
  /** the rule that refused these; null for those allowed */
  refusedBy: Maybe<Scalars['String']['output']>;
  target: ContactTarget;
};

export type ContactChannel = 'CALL' | 'EMAIL' | 'LETTER' | 'PUSH' | 'SMS';

export type ContactKind = 'EMAIL' | 'PHONE' | 'POSTAL_ADDRESS';

export type ContactPoint = {
  kind: ContactKind;
  value: Scalars['String']['output'];
};

export type ContactPointInput = {
  kind: ContactKind;
  value: Scalars['String']['input'];
};

export type ContactPreference = {
  channel: ContactChannel;
  optedOut: Scalars['Boolean']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type ContactScope = 'ADDRESS_BOOK' | 'REFERENCE_CONTACTS' | 'SELF_CONTACT';

export type ContactTarget = 'BORROWER' | 'REFERENCE_CONTACT';

export type CreditApplication = Node & {
  /** As scored; protected attributes are never kept. */
  attributes: Array<ApplicantAttribute>;
  borrower: Borrower;
  decision: CreditDecision;
  id: Scalars['ID']['output'];
  monthlyDebtPayments: Money;
  monthlyIncome: Money;
  /** Set while the application is APPROVED. */
  offer: Maybe<CreditOffer>;
  requestedLimit: Money;
  review: Maybe<CreditReview>;
  /** Where the application stands: the decision, or an underwriter’s review of a referral. */
  status: ApplicationStatus;
  submittedAt: Scalars['DateTime']['output'];
};

export type CreditDecision = {
  /** decimal string, e.g. "0.139" = 13.9 % a year */
  annualRate: Maybe<Scalars['String']['output']>;
  /** The line offered, when the outcome is APPROVED. */
  approvedLimit: Maybe<Money>;
  /** The challenger model that scored the same inputs beside the champion (`modelVersion`) and decided nothing; null for decisions before it existed. */
  challengerModelVersion: Maybe<Scalars['String']['output']>;
  /** decimal string: the challenger's probability of default, recorded for comparison */
  challengerProbabilityOfDefault: Maybe<Scalars['String']['output']>;
  decidedAt: Scalars['DateTime']['output'];
  modelVersion: Scalars['String']['output'];
  /** What the policy and the model decided. */
  outcome: ApplicationStatus;
  /** decimal string */
  probabilityOfDefault: Scalars['String']['output'];
  /** The line an underwriter approves, when the outcome is REFERRED. */
  proposedLimit: Maybe<Money>;
  /** Ordered, most important first. */
  reasons: Array<DecisionReason>;
  /** Null when a policy rule declined first. */
  riskGrade: Maybe<RiskGrade>;
  score: Scalars['Int']['output'];
};

export type CreditLimitAction = 'FREEZE' | 'KEEP' | 'LOWER' | 'RAISE' | 'UNFREEZE';

/** A change limit management made to a line, with the behavioural score and reasons behind it. */
export type CreditLimitChange = {
  action: CreditLimitAction;
  businessDate: Scalars['Date']['output'];
  /** The challenger model that scored the same inputs beside the champion (`modelVersion`) and decided nothing; null for reviews before it existed. */
  challengerModelVersion: Maybe<Scalars['String']['output']>;
  /** decimal string: the challenger's probability of default, recorded for comparison */
  challengerProbabilityOfDefault: Maybe<Scalars['String']['output']>;
  limitAfter: Money;
  limitBefore: Money;
  modelVersion: Scalars['String']['output'];
  /** decimal string */
  probabilityOfDefault: Scalars['String']['output'];
  /** The rule applied first, then what cost the most points. */
  reasons: Array<DecisionReason>;
  reviewedAt: Scalars['DateTime']['output'];
  riskGrade: Scalars['String']['output'];
  score: Scalars['Int']['output'];
  statusAfter: Scalars['String']['output'];
  statusBefore: Scalars['String']['output'];
};

export type CreditLimitReviewRun = {
  /** Lines already reviewed on this business date; a re-run leaves them be. */
  alreadyReviewed: Scalars['Int']['output'];
  businessDate: Scalars['Date']['output'];
  frozen: Scalars['Int']['output'];
  /** the job doing the review; the counts are 0 until it has succeeded */
  job: Maybe<Job>;
  kept: Scalars['Int']['output'];
  lowered: Scalars['Int']['output'];
  raised: Scalars['Int']['output'];
  reviewed: Scalars['Int']['output'];
  unfrozen: Scalars['Int']['output'];
};

export type CreditLine = Node & {
  /** decimal string, e.g. "0.18" = 18 % a year */
  annualRate: Scalars['String']['output'];
  available: Money;
  borrower: Borrower;
  /** money paid beyond what the line's loans owe, held for the borrower: used first by the next amount due, refundable */
  creditBalance: Money;
  id: Scalars['ID']['output'];
  limit: Money;
  /** What limit management changed on this line, and why; newest first. */
  limitChanges: Array<CreditLimitChange>;
  loans: Array<Loan>;
  status: CreditLineStatus;
};

export type CreditLineStatus = 'ACTIVE' | 'CLOSED' | 'FROZEN';

export type CreditOffer = {
  acceptedAt: Maybe<Scalars['DateTime']['output']>;
  annualRate: Scalars['String']['output'];
  /** The line opened when the offer was accepted. */
  creditLine: Maybe<CreditLine>;
  expiresAt: Scalars['DateTime']['output'];
  limit: Money;
};

export type CreditReview = {
  outcome: ApplicationStatus;
  reason: Scalars['String']['output'];
  reviewedAt: Scalars['DateTime']['output'];
};

export type DecisionReason = {
  code: Scalars['String']['output'];
  /** One plain-language sentence the applicant can act on. */
  description: Scalars['String']['output'];
};

export type DelinquencyBucket = 'CURRENT' | 'DPD_1_30' | 'DPD_31_60' | 'DPD_61_90' | 'DPD_90_PLUS';

export type DrawdownInput = {
  amount: MoneyInput;
  creditLineId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  repaymentMethod: RepaymentMethod;
  termMonths: Scalars['Int']['input'];
};

export type DrawdownPayload = {
  loan: Maybe<Loan>;
  userErrors: Array<UserError>;
};

/** What a repayment beyond what is due now does. NEXT_INSTALLMENTS (the default): it pays the coming instalments in order; schedule and term stay. REDUCE_TERM / REDUCE_INSTALLMENT: it repays principal now and recasts the schedule (fewer instalments of the same size / the same term, smaller instalments). */
export type ExcessRepaymentUse = 'NEXT_INSTALLMENTS' | 'REDUCE_INSTALLMENT' | 'REDUCE_TERM';

export type GrantConsentInput = {
  borrowerId: Scalars['ID']['input'];
  evidence: ConsentEvidenceInput;
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  grantee: Role;
  purpose: AccessPurpose;
  scope: ContactScope;
};

export type GrantConsentPayload = {
  grant: Maybe<ConsentGrant>;
  userErrors: Array<UserError>;
};

export type GrantStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

/** a restructure offered to the borrower: interest owed capitalised, the term extended, penalties waived, a reduced rate */
export type HardshipPlan = {
  acceptedAt: Maybe<Scalars['DateTime']['output']>;
  /** interest moved into principal on acceptance */
  capitalised: Maybe<Money>;
  expiresOn: Scalars['Date']['output'];
  extendTermMonths: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  offeredAt: Scalars['DateTime']['output'];
  reducedAnnualRate: Maybe<Scalars['String']['output']>;
  /** OFFERED, ACTIVE, BROKEN, COMPLETED or EXPIRED */
  status: Scalars['String']['output'];
  waivePenalties: Scalars['Boolean']['output'];
  /** penalties written off on acceptance */
  waived: Maybe<Money>;
};

export type HardshipPlanPayload = {
  plan: Maybe<HardshipPlan>;
  userErrors: Array<UserError>;
};

export type ImportAddressBookInput = {
  borrowerId: Scalars['ID']['input'];
  entries: Array<AddressBookEntryInput>;
};

export type ImportAddressBookPayload = {
  imported: Scalars['Int']['output'];
  userErrors: Array<UserError>;
};

export type Installment = {
  /** fees and penalties of this instalment (what falls due with it beside principal and interest) */
  chargesDue: Money;
  dueDate: Scalars['Date']['output'];
  interestDue: Money;
  number: Scalars['Int']['output'];
  /** what is left of this instalment: principalDue + interestDue + chargesDue - paid, never negative */
  outstanding: Money;
  /** everything paid towards this instalment */
  paid: Money;
  principalDue: Money;
  status: InstallmentStatus;
};

export type InstallmentStatus = 'DUE' | 'OVERDUE' | 'PAID' | 'PENDING';

/** Batch work run by a worker: close of business, the limit review, message delivery. */
export type Job = {
  /** attempts started; more than 1 after a retry */
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** the last attempt's failure */
  error: Maybe<Scalars['String']['output']>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** items done so far (for close of business: loan-days) */
  itemsDone: Scalars['Int']['output'];
  /** the items the job expects to do, once known */
  itemsTotal: Maybe<Scalars['Int']['output']>;
  /** close-of-business, credit-limit-review, deliver-messages */
  kind: Scalars['String']['output'];
  startedAt: Maybe<Scalars['DateTime']['output']>;
  state: JobState;
};

/** QUEUED also covers a job waiting for its retry after a failed attempt. */
export type JobState = 'CANCELLED' | 'FAILED' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED';

export type Jurisdiction = 'CN' | 'US';

export type Loan = Node & {
  annualRate: Scalars['String']['output'];
  borrower: Borrower;
  creditLine: CreditLine;
  daysPastDue: Scalars['Int']['output'];
  disbursedOn: Scalars['Date']['output'];
  id: Scalars['ID']['output'];
  /** What is owed now, from the journal. */
  outstanding: LoanBalance;
  /** What settles the loan today: principal outstanding, everything due, penalties and fees, and the current period’s interest pro rata by days elapsed (what has accrued), less interest paid ahead of its period. Money beyond it is held as the line’s credit balance. */
  payoffAmount: Money;
  principal: Money;
  repaymentMethod: RepaymentMethod;
  /** when a hardship plan restructured the loan; null if never */
  restructuredOn: Maybe<Scalars['Date']['output']>;
  schedule: Array<Installment>;
  status: LoanStatus;
  /** the term of the schedule in force: a restructure’s, once restructured */
  termMonths: Scalars['Int']['output'];
  transactions: LoanTransactionConnection;
};

export type LoanTransactionsArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type LoanBalance = {
  fees: Money;
  interest: Money;
  penalty: Money;
  principal: Money;
  total: Money;
};

export type LoanConnection = {
  edges: Array<LoanEdge>;
  pageInfo: PageInfo;
};

export type LoanEdge = {
  cursor: Scalars['String']['output'];
  node: Loan;
};

export type LoanStatus = 'ACTIVE' | 'CHARGED_OFF' | 'DELINQUENT' | 'PAID_OFF';

export type LoanTransaction = Node & {
  amount: Money;
  businessDate: Scalars['Date']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** DISBURSEMENT, REPAYMENT, ACCRUAL, PENALTY, REVERSAL, WRITE_OFF, ... */
  kind: Scalars['String']['output'];
};

export type LoanTransactionConnection = {
  edges: Array<LoanTransactionEdge>;
  pageInfo: PageInfo;
};

export type LoanTransactionEdge = {
  cursor: Scalars['String']['output'];
  node: LoanTransaction;
};

export type LogContactAttemptInput = {
  /** when it happened (default now): from the case's opening to the end of the current business date in the borrower's time zone */
  at?: InputMaybe<Scalars['DateTime']['input']>;
  caseId: Scalars['ID']['input'];
  channel: ContactChannel;
  /** CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, DELIVERED or FAILED */
  outcome: Scalars['String']['input'];
  referenceContactId?: InputMaybe<Scalars['ID']['input']>;
  target: ContactTarget;
};

export type LogContactAttemptPayload = {
  /** the attempt as recorded: a refused one too, with outcome REFUSED */
  attempt: Maybe<ContactAttempt>;
  userErrors: Array<UserError>;
};

export type MakeRepaymentInput = {
  amount: MoneyInput;
  /** what money beyond what is due now does; a payment that covers the payoff pays the loan off whatever this says */
  excessUse?: InputMaybe<ExcessRepaymentUse>;
  idempotencyKey: Scalars['String']['input'];
  loanId: Scalars['ID']['input'];
};

export type MakeRepaymentPayload = {
  allocation: Maybe<RepaymentAllocation>;
  loan: Maybe<Loan>;
  userErrors: Array<UserError>;
};

export type Money = {
  /** decimal string in major units, e.g. "1234.50" */
  amount: Scalars['String']['output'];
  /** ISO 4217 code */
  currency: Scalars['String']['output'];
};

export type MoneyInput = {
  amount: Scalars['String']['input'];
  currency: Scalars['String']['input'];
};

export type Mutation = {
  /** The borrower accepts an approved offer before it expires; accepting again returns the same line. */
  acceptCreditOffer: AcceptCreditOfferPayload;
  /** The borrower accepts an offered plan: the loan is restructured at once. */
  acceptHardshipPlan: HardshipPlanPayload;
  addReferenceContact: AddReferenceContactPayload;
  /** OPS assigns a case; a collector may take an unassigned case for themself. */
  assignCollectionCase: AssignCollectionCasePayload;
  /** OPS: send the outbox messages that are due now (each checked again; at most once per message). */
  deliverOutboundMessages: OutboxDelivery;
  /** The borrower draws on their own credit line. */
  drawdown: DrawdownPayload;
  /** The data subject alone grants. */
  grantConsent: GrantConsentPayload;
  /** At most 5,000 entries; all valid or nothing stored. */
  importAddressBook: ImportAddressBookPayload;
  /** Checks an attempt against the borrower's jurisdiction (quiet hours, frequency, opt-outs, third parties) and records it; a refused attempt is recorded as REFUSED and answered with a userError naming the rule. */
  logContactAttempt: LogContactAttemptPayload;
  /** The borrower on their own loan, or OPS for a transfer received. */
  makeRepayment: MakeRepaymentPayload;
  /** The assigned collector or OPS offers a hardship plan on an open case. */
  offerHardshipPlan: HardshipPlanPayload;
  /** The borrower on their own case, the assigned collector, or OPS. */
  recordPromiseToPay: RecordPromiseToPayPayload;
  /** OPS refers a case to legal, with a reason. */
  referCaseToLegal: ReferCaseToLegalPayload;
  /** OPS: the sign-up service registers a borrower. */
  registerBorrower: RegisterBorrowerPayload;
  /** OPS: reverse a repayment (e.g. returned by the bank); the loan is re-derived as if it never happened. */
  reverseRepayment: ReverseRepaymentPayload;
  /** An underwriter approves or declines a referred application, with a reason on record. */
  reviewCreditApplication: ReviewCreditApplicationPayload;
  /** The borrower or COMPLIANCE; effective on the next read. */
  revokeConsent: RevokeConsentPayload;
  /** OPS: queues close of business up to a date (one job per date, however many start it) and waits for it. */
  runCloseOfBusiness: RunCloseOfBusinessPayload;
  /** Re-scores every active and frozen line with the behavioural scorecard and raises, lowers, freezes or unfreezes it by the documented rules; once per line per business date. */
  runCreditLimitReview: CreditLimitReviewRun;
  /** A borrower opts a channel out of collections (or back in); OPS on their behalf, with a reason. */
  setContactPreference: SetContactPreferencePayload;
  /** The borrower applies, or an underwriter on their behalf; idempotent on the key. */
  submitCreditApplication: SubmitCreditApplicationPayload;
};

export type MutationAcceptCreditOfferArgs = {
  input: AcceptCreditOfferInput;
};

export type MutationAcceptHardshipPlanArgs = {
  input: AcceptHardshipPlanInput;
};

export type MutationAddReferenceContactArgs = {
  input: AddReferenceContactInput;
};

export type MutationAssignCollectionCaseArgs = {
  input: AssignCollectionCaseInput;
};

export type MutationDeliverOutboundMessagesArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};

export type MutationDrawdownArgs = {
  input: DrawdownInput;
};

export type MutationGrantConsentArgs = {
  input: GrantConsentInput;
};

export type MutationImportAddressBookArgs = {
  input: ImportAddressBookInput;
};

export type MutationLogContactAttemptArgs = {
  input: LogContactAttemptInput;
};

export type MutationMakeRepaymentArgs = {
  input: MakeRepaymentInput;
};

export type MutationOfferHardshipPlanArgs = {
  input: OfferHardshipPlanInput;
};

export type MutationRecordPromiseToPayArgs = {
  input: RecordPromiseToPayInput;
};

export type MutationReferCaseToLegalArgs = {
  input: ReferCaseToLegalInput;
};

export type MutationRegisterBorrowerArgs = {
  input: RegisterBorrowerInput;
};

export type MutationReverseRepaymentArgs = {
  input: ReverseRepaymentInput;
};

export type MutationReviewCreditApplicationArgs = {
  input: ReviewCreditApplicationInput;
};

export type MutationRevokeConsentArgs = {
  input: RevokeConsentInput;
};

export type MutationRunCloseOfBusinessArgs = {
  input: RunCloseOfBusinessInput;
};

export type MutationRunCreditLimitReviewArgs = {
  waitSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type MutationSetContactPreferenceArgs = {
  input: SetContactPreferenceInput;
};

export type MutationSubmitCreditApplicationArgs = {
  input: SubmitCreditApplicationInput;
};

export type Node = {
  id: Scalars['ID']['output'];
};

export type OfferHardshipPlanInput = {
  caseId: Scalars['ID']['input'];
  /** days the offer stands (default 14, at most 60) */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  /** months added to the instalments left (0 to 24) */
  extendTermMonths: Scalars['Int']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  /** a decimal rate below the loan’s, e.g. "0.12" */
  reducedAnnualRate?: InputMaybe<Scalars['String']['input']>;
  waivePenalties: Scalars['Boolean']['input'];
};

/** a message the outbox planned or sent about a case; never contact data */
export type OutboundMessage = {
  body: Scalars['String']['output'];
  channel: ContactChannel;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** not sent before */
  notBefore: Scalars['DateTime']['output'];
  /** the rule that refused it at send time; for a WITHDRAWN one, why (the resolution, or INSTALLMENT_PAID) */
  refusedBy: Maybe<Scalars['String']['output']>;
  /** PLANNED, SENDING, SENT, REFUSED, FAILED, or WITHDRAWN (taken back before it was sent: the case resolved, the instalment paid) */
  status: Scalars['String']['output'];
  template: Scalars['String']['output'];
  templateVersion: Scalars['Int']['output'];
};

export type OutboxDelivery = {
  /** outside the borrower’s contact window: planned for later */
  deferred: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  refused: Scalars['Int']['output'];
  sent: Scalars['Int']['output'];
  /** payment reminders whose instalment was paid meanwhile: not sent */
  withdrawn: Scalars['Int']['output'];
};

export type PageInfo = {
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PlannedAction = {
  channel: ContactChannel;
  /** the earliest moment it may happen: the borrower's quiet hours and contact limits respected */
  earliestAt: Scalars['DateTime']['output'];
  reason: Scalars['String']['output'];
};

export type PromiseToPay = {
  amount: Money;
  dueDate: Scalars['Date']['output'];
  id: Scalars['ID']['output'];
  /** PENDING, KEPT or BROKEN */
  status: Scalars['String']['output'];
};

export type Query = {
  borrower: Maybe<Borrower>;
  /** Staff: which business calendar the platform follows, today in its zone and the business date, so a tool can see it is running ahead. */
  businessCalendar: BusinessCalendar;
  /** The platform business date that close of business advances. */
  businessDate: Scalars['Date']['output'];
  collectionCase: Maybe<CollectionCase>;
  /** Open cases by priority: worst bucket, most overdue, most broken promises, longest since the last contact (never contacted first). A collector sees the cases assigned to them and the unassigned ones. */
  collectionsQueue: CollectionCaseConnection;
  /** Every read of a borrower’s contact data, newest first: the borrower’s own, or anyone’s for COMPLIANCE. */
  contactAccessLog: ContactAccessConnection;
  /** COMPLIANCE: contact attempts in [from, to), allowed and refused, per jurisdiction, channel, target and rule. */
  contactAttemptReview: Array<ContactAttemptReviewRow>;
  creditApplication: Maybe<CreditApplication>;
  creditLine: Maybe<CreditLine>;
  /** OPS: one job, to watch it run. */
  job: Maybe<Job>;
  loan: Maybe<Loan>;
  /** Any object by its global id. */
  node: Maybe<Node>;
  /** Debits and credits per account, summed from the journal. */
  trialBalance: TrialBalance;
  viewer: Viewer;
};

export type QueryBorrowerArgs = {
  id: Scalars['ID']['input'];
};

export type QueryCollectionCaseArgs = {
  id: Scalars['ID']['input'];
};

export type QueryCollectionsQueueArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  bucket: InputMaybe<DelinquencyBucket>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryContactAccessLogArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  borrowerId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryContactAttemptReviewArgs = {
  from: Scalars['DateTime']['input'];
  jurisdiction: InputMaybe<Jurisdiction>;
  to: Scalars['DateTime']['input'];
};

export type QueryCreditApplicationArgs = {
  id: Scalars['ID']['input'];
};

export type QueryCreditLineArgs = {
  id: Scalars['ID']['input'];
};

export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};

export type QueryLoanArgs = {
  id: Scalars['ID']['input'];
};

export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};

export type QueryTrialBalanceArgs = {
  currency: Scalars['String']['input'];
};

export type RecordPromiseToPayInput = {
  amount: MoneyInput;
  caseId: Scalars['ID']['input'];
  dueDate: Scalars['Date']['input'];
};

export type RecordPromiseToPayPayload = {
  promise: Maybe<PromiseToPay>;
  userErrors: Array<UserError>;
};

export type ReferCaseToLegalInput = {
  caseId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

export type ReferCaseToLegalPayload = {
  collectionCase: Maybe<CollectionCase>;
  userErrors: Array<UserError>;
};

export type ReferenceContact = {
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  phone: Scalars['String']['output'];
  relationship: Scalars['String']['output'];
};

export type RegisterBorrowerInput = {
  contactPoints: Array<ContactPointInput>;
  displayName: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
  /** which collection rules protect this borrower */
  jurisdiction?: InputMaybe<Jurisdiction>;
  timeZone: Scalars['String']['input'];
};

export type RegisterBorrowerPayload = {
  borrower: Maybe<Borrower>;
  userErrors: Array<UserError>;
};

export type RepaymentAllocation = {
  /** beyond the payoff amount, held as a credit balance */
  excess: Money;
  fees: Money;
  interest: Money;
  /** interest paid ahead on coming instalments that this payment made unearned: a payoff adds it to excess, a recast to principal (the parts and excess add up to the amount plus this) */
  interestReleased: Money;
  penalty: Money;
  principal: Money;
  /** recovered on a charged-off loan */
  recovery: Money;
};

export type RepaymentMethod = 'EQUAL_INSTALLMENT' | 'EQUAL_PRINCIPAL' | 'INTEREST_ONLY_BULLET';

export type ReverseRepaymentInput = {
  reason: Scalars['String']['input'];
  /** the REPAYMENT loan transaction to reverse */
  transactionId: Scalars['ID']['input'];
};

export type ReverseRepaymentPayload = {
  loan: Maybe<Loan>;
  userErrors: Array<UserError>;
};

export type ReviewCreditApplicationInput = {
  applicationId: Scalars['ID']['input'];
  /** APPROVED or DECLINED. */
  outcome: ApplicationStatus;
  /** Why, for the record: 10 to 2,000 characters. */
  reason: Scalars['String']['input'];
};

export type ReviewCreditApplicationPayload = {
  application: Maybe<CreditApplication>;
  userErrors: Array<UserError>;
};

export type RevokeConsentInput = {
  grantId: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type RevokeConsentPayload = {
  grant: Maybe<ConsentGrant>;
  userErrors: Array<UserError>;
};

export type RiskGrade = 'A' | 'B' | 'C' | 'D' | 'E';

export type Role = 'BORROWER' | 'COLLECTOR' | 'COMPLIANCE' | 'OPS' | 'UNDERWRITER';

export type RunCloseOfBusinessInput = {
  /** the business date to move to; every day up to it is closed. Under the CALENDAR business calendar, at most today (see `businessCalendar`) */
  businessDate: Scalars['Date']['input'];
  /** how long to wait for the job before answering (0 to 300 s); the job goes on either way */
  waitSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type RunCloseOfBusinessPayload = {
  /** the business date reached, once the job has finished */
  businessDate: Maybe<Scalars['Date']['output']>;
  /** the job doing the work; watch it with `job(id)` */
  job: Maybe<Job>;
  /** loan-days processed by this job; 0 when every day was already closed or it is still running */
  loansProcessed: Scalars['Int']['output'];
  userErrors: Array<UserError>;
};

export type SetContactPreferenceInput = {
  borrowerId: Scalars['ID']['input'];
  channel: ContactChannel;
  optedOut: Scalars['Boolean']['input'];
  /** required when OPS records it for the borrower */
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type SetContactPreferencePayload = {
  preferences: Maybe<Array<ContactPreference>>;
  userErrors: Array<UserError>;
};

export type SubmitCreditApplicationInput = {
  /** Named as the columns of german_train.csv, with its codes and numbers as values. */
  attributes: Array<ApplicantAttributeInput>;
  borrowerId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  monthlyDebtPayments: MoneyInput;
  monthlyIncome: MoneyInput;
  requestedLimit: MoneyInput;
};

export type SubmitCreditApplicationPayload = {
  application: Maybe<CreditApplication>;
  userErrors: Array<UserError>;
};

export type TrialBalance = {
  accounts: Array<AccountBalance>;
  currency: Scalars['String']['output'];
  totalCredits: Money;
  totalDebits: Money;
};

export type UserError = {
  code: Scalars['String']['output'];
  field: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type Viewer = {
  /** The borrower record when the viewer is a borrower. */
  borrower: Maybe<Borrower>;
  id: Scalars['ID']['output'];
  role: Role;
};

export type BorrowerQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;

export type BorrowerQuery = {
  borrower: { id: string; displayName: string; timeZone: string; createdAt: string } | null;
};

export type RegisterBorrowerMutationVariables = Exact<{
  input: RegisterBorrowerInput;
}>;

export type RegisterBorrowerMutation = {
  registerBorrower: {
    borrower: { id: string; displayName: string; timeZone: string } | null;
    userErrors: Array<{ field: Array<string> | null; message: string; code: string }>;
  };
};

export type GrantConsentMutationVariables = Exact<{
  input: GrantConsentInput;
}>;

export type GrantConsentMutation = {
  grantConsent: {
    grant: {
      id: string;
      scope: ContactScope;
      purpose: AccessPurpose;
      grantee: Role;
      grantedAt: string;
      expiresAt: string | null;
      revokedAt: string | null;
      status: GrantStatus;
      evidence: { documentVersion: string; documentSha256: string; channel: string };
    } | null;
    userErrors: Array<{ field: Array<string> | null; message: string; code: string }>;
  };
};

export type RevokeConsentMutationVariables = Exact<{
  input: RevokeConsentInput;
}>;

export type RevokeConsentMutation = {
  revokeConsent: {
    grant: {
      id: string;
      scope: ContactScope;
      purpose: AccessPurpose;
      grantee: Role;
      grantedAt: string;
      expiresAt: string | null;
      revokedAt: string | null;
      status: GrantStatus;
      evidence: { documentVersion: string; documentSha256: string; channel: string };
    } | null;
    userErrors: Array<{ field: Array<string> | null; message: string; code: string }>;
  };
};

export type ContactAccessLogQueryVariables = Exact<{
  borrowerId: Scalars['ID']['input'];
  first: InputMaybe<Scalars['Int']['input']>;
  after: InputMaybe<Scalars['String']['input']>;
}>;

export type ContactAccessLogQuery = {
  contactAccessLog: {
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        at: string;
        actorId: string;
        actorRole: Role;
        purpose: AccessPurpose;
        scope: ContactScope;
        fields: Array<string>;
        path: string;
        operationName: string | null;
        grant: { id: string } | null;
      };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type BorrowerContactPointsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  purpose: AccessPurpose;
}>;

export type BorrowerContactPointsQuery = {
  borrower: {
    id: string;
    contactPoints: Array<{ kind: ContactKind; value: string }> | null;
  } | null;
};

export type ConsentGrantFieldsFragment = {
  id: string;
  scope: ContactScope;
  purpose: AccessPurpose;
  grantee: Role;
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: GrantStatus;
  evidence: { documentVersion: string; documentSha256: string; channel: string };
};

export type SubmitCreditApplicationMutationVariables = Exact<{
  input: SubmitCreditApplicationInput;
}>;

export type SubmitCreditApplicationMutation = {
  submitCreditApplication: {
    application: {
      id: string;
      status: ApplicationStatus;
      decision: {
        outcome: ApplicationStatus;
        score: number;
        probabilityOfDefault: string;
        riskGrade: RiskGrade | null;
        annualRate: string | null;
        modelVersion: string;
        approvedLimit: { amount: string; currency: string } | null;
        reasons: Array<{ code: string; description: string }>;
      };
    } | null;
    userErrors: Array<{ field: Array<string> | null; message: string; code: string }>;
  };
};

export type RunCreditLimitReviewMutationVariables = Exact<{ [key: string]: never }>;

export type RunCreditLimitReviewMutation = {
  runCreditLimitReview: {
    businessDate: string;
    reviewed: number;
    raised: number;
    lowered: number;
    frozen: number;
    unfrozen: number;
    kept: number;
    alreadyReviewed: number;
    job: {
      id: string;
      kind: string;
      state: JobState;
      itemsDone: number;
      itemsTotal: number | null;
      attempts: number;
      createdAt: string;
      startedAt: string | null;
      finishedAt: string | null;
      error: string | null;
    } | null;
  };
};

export type JobFieldsFragment = {
  id: string;
  kind: string;
  state: JobState;
  itemsDone: number;
  itemsTotal: number | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
};

export type StartCloseOfBusinessMutationVariables = Exact<{
  businessDate: Scalars['Date']['input'];
}>;

export type StartCloseOfBusinessMutation = {
  runCloseOfBusiness: {
    businessDate: string | null;
    loansProcessed: number;
    job: {
      id: string;
      kind: string;
      state: JobState;
      itemsDone: number;
      itemsTotal: number | null;
      attempts: number;
      createdAt: string;
      startedAt: string | null;
      finishedAt: string | null;
      error: string | null;
    } | null;
    userErrors: Array<{ code: string; message: string; field: Array<string> | null }>;
  };
};

export type JobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;

export type JobQuery = {
  job: {
    id: string;
    kind: string;
    state: JobState;
    itemsDone: number;
    itemsTotal: number | null;
    attempts: number;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    error: string | null;
  } | null;
};

export type ViewerQueryVariables = Exact<{ [key: string]: never }>;

export type ViewerQuery = {
  viewer: { id: string; role: Role; borrower: { id: string; displayName: string } | null };
};

export type BusinessDateQueryVariables = Exact<{ [key: string]: never }>;

export type BusinessDateQuery = { businessDate: string };

export const ConsentGrantFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ConsentGrantFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ConsentGrant' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'scope' } },
          { kind: 'Field', name: { kind: 'Name', value: 'purpose' } },
          { kind: 'Field', name: { kind: 'Name', value: 'grantee' } },
          { kind: 'Field', name: { kind: 'Name', value: 'grantedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'expiresAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'revokedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'evidence' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'documentVersion' } },
                { kind: 'Field', name: { kind: 'Name', value: 'documentSha256' } },
                { kind: 'Field', name: { kind: 'Name', value: 'channel' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ConsentGrantFieldsFragment, unknown>;
export const JobFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'JobFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Job' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'state' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'attempts' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<JobFieldsFragment, unknown>;
export const BorrowerDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Borrower' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'borrower' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'displayName' } },
                { kind: 'Field', name: { kind: 'Name', value: 'timeZone' } },
                { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BorrowerQuery, BorrowerQueryVariables>;
export const RegisterBorrowerDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RegisterBorrower' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'RegisterBorrowerInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'registerBorrower' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'borrower' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'displayName' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'timeZone' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'userErrors' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'field' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RegisterBorrowerMutation, RegisterBorrowerMutationVariables>;
export const GrantConsentDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'GrantConsent' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'GrantConsentInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'grantConsent' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'grant' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'FragmentSpread',
                        name: { kind: 'Name', value: 'ConsentGrantFields' },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'userErrors' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'field' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ConsentGrantFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ConsentGrant' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'scope' } },
          { kind: 'Field', name: { kind: 'Name', value: 'purpose' } },
          { kind: 'Field', name: { kind: 'Name', value: 'grantee' } },
          { kind: 'Field', name: { kind: 'Name', value: 'grantedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'expiresAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'revokedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'evidence' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'documentVersion' } },
                { kind: 'Field', name: { kind: 'Name', value: 'documentSha256' } },
                { kind: 'Field', name: { kind: 'Name', value: 'channel' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<GrantConsentMutation, GrantConsentMutationVariables>;
export const RevokeConsentDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RevokeConsent' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'RevokeConsentInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'revokeConsent' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'grant' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'FragmentSpread',
                        name: { kind: 'Name', value: 'ConsentGrantFields' },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'userErrors' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'field' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ConsentGrantFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ConsentGrant' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'scope' } },
          { kind: 'Field', name: { kind: 'Name', value: 'purpose' } },
          { kind: 'Field', name: { kind: 'Name', value: 'grantee' } },
          { kind: 'Field', name: { kind: 'Name', value: 'grantedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'expiresAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'revokedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'evidence' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'documentVersion' } },
                { kind: 'Field', name: { kind: 'Name', value: 'documentSha256' } },
                { kind: 'Field', name: { kind: 'Name', value: 'channel' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RevokeConsentMutation, RevokeConsentMutationVariables>;
export const ContactAccessLogDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'ContactAccessLog' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'borrowerId' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'contactAccessLog' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'borrowerId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'borrowerId' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'edges' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'cursor' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'node' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'at' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'actorId' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'actorRole' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'purpose' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'scope' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'fields' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'operationName' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'grant' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ContactAccessLogQuery, ContactAccessLogQueryVariables>;
export const BorrowerContactPointsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BorrowerContactPoints' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'purpose' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'AccessPurpose' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'borrower' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'contactPoints' },
                  arguments: [
                    {
                      kind: 'Argument',
                      name: { kind: 'Name', value: 'purpose' },
                      value: { kind: 'Variable', name: { kind: 'Name', value: 'purpose' } },
                    },
                  ],
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'value' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<BorrowerContactPointsQuery, BorrowerContactPointsQueryVariables>;
export const SubmitCreditApplicationDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'SubmitCreditApplication' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: {
              kind: 'NamedType',
              name: { kind: 'Name', value: 'SubmitCreditApplicationInput' },
            },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'submitCreditApplication' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'application' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'decision' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'outcome' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'score' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'probabilityOfDefault' },
                            },
                            { kind: 'Field', name: { kind: 'Name', value: 'riskGrade' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'approvedLimit' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'amount' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'currency' } },
                                ],
                              },
                            },
                            { kind: 'Field', name: { kind: 'Name', value: 'annualRate' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'reasons' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'description' } },
                                ],
                              },
                            },
                            { kind: 'Field', name: { kind: 'Name', value: 'modelVersion' } },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'userErrors' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'field' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<
  SubmitCreditApplicationMutation,
  SubmitCreditApplicationMutationVariables
>;
export const RunCreditLimitReviewDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'RunCreditLimitReview' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'runCreditLimitReview' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'businessDate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'reviewed' } },
                { kind: 'Field', name: { kind: 'Name', value: 'raised' } },
                { kind: 'Field', name: { kind: 'Name', value: 'lowered' } },
                { kind: 'Field', name: { kind: 'Name', value: 'frozen' } },
                { kind: 'Field', name: { kind: 'Name', value: 'unfrozen' } },
                { kind: 'Field', name: { kind: 'Name', value: 'kept' } },
                { kind: 'Field', name: { kind: 'Name', value: 'alreadyReviewed' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'job' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'JobFields' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'JobFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Job' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'state' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'attempts' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RunCreditLimitReviewMutation, RunCreditLimitReviewMutationVariables>;
export const StartCloseOfBusinessDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'StartCloseOfBusiness' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'businessDate' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'Date' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'runCloseOfBusiness' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: {
                  kind: 'ObjectValue',
                  fields: [
                    {
                      kind: 'ObjectField',
                      name: { kind: 'Name', value: 'businessDate' },
                      value: { kind: 'Variable', name: { kind: 'Name', value: 'businessDate' } },
                    },
                    {
                      kind: 'ObjectField',
                      name: { kind: 'Name', value: 'waitSeconds' },
                      value: { kind: 'IntValue', value: '0' },
                    },
                  ],
                },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'businessDate' } },
                { kind: 'Field', name: { kind: 'Name', value: 'loansProcessed' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'job' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'FragmentSpread', name: { kind: 'Name', value: 'JobFields' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'userErrors' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'code' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'message' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'field' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'JobFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Job' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'state' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'attempts' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StartCloseOfBusinessMutation, StartCloseOfBusinessMutationVariables>;
export const JobDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Job' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'job' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: { kind: 'Name', value: 'JobFields' } }],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'JobFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Job' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'kind' } },
          { kind: 'Field', name: { kind: 'Name', value: 'state' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsDone' } },
          { kind: 'Field', name: { kind: 'Name', value: 'itemsTotal' } },
          { kind: 'Field', name: { kind: 'Name', value: 'attempts' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'finishedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'error' } },
        ],
      },
    },
  ],
} as unknown as DocumentNode<JobQuery, JobQueryVariables>;
export const ViewerDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'Viewer' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'viewer' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'role' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'borrower' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'displayName' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const BusinessDateDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'BusinessDate' },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [{ kind: 'Field', name: { kind: 'Name', value: 'businessDate' } }],
      },
    },
  ],
} as unknown as DocumentNode<BusinessDateQuery, BusinessDateQueryVariables>;
