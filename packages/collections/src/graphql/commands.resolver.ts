import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { BORROWER_TYPE } from '@lending/borrowers/graphql';
import {
  forbidden,
  notFound,
  parseMoneyInput,
  requireViewer,
  Roles,
  toUserErrors,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { REFERENCE_CONTACT_TYPE } from '@lending/consent/graphql';
import { fromGlobalIdOfType, Role } from '@lending/kernel';
import { assignCollectionCase } from '../assignment.service.js';
import { logContactAttempt } from '../attempts.service.js';
import { CollectionsError } from '../errors.js';
import { setContactPreference } from '../preferences.service.js';
import { recordPromiseToPay } from '../promises.service.js';
import { fetchCase } from './case.resolver.js';
import {
  COLLECTION_CASE_TYPE,
  CollectionCaseType,
  ContactAttemptType,
  ContactPreferenceType,
  PromiseToPayType,
} from './collections.types.js';
import {
  AssignCollectionCaseInput,
  AssignCollectionCasePayload,
  LogContactAttemptInput,
  LogContactAttemptPayload,
  RecordPromiseToPayInput,
  RecordPromiseToPayPayload,
  SetContactPreferenceInput,
  SetContactPreferencePayload,
} from './inputs.js';
import './deps.js';
import { caseLoader } from './loaders.js';

/** The case by its global id, visible to this viewer, or NOT_FOUND / FORBIDDEN. */
async function visibleCaseId(ctx: GraphQLContext, globalId: string): Promise<string> {
  const id = fromGlobalIdOfType(globalId, COLLECTION_CASE_TYPE);
  if (!id || !(await fetchCase(ctx, id))) throw notFound();
  return id;
}

/**
 * The case by its global id for logContactAttempt: a call a collector made
 * on a case that is not (or no longer) theirs is refused NOT_ASSIGNED and
 * recorded for compliance review, not turned away unrecorded.
 */
async function existingCaseId(ctx: GraphQLContext, globalId: string): Promise<string> {
  const id = fromGlobalIdOfType(globalId, COLLECTION_CASE_TYPE);
  if (!id || !(await caseLoader(ctx).load(id))) throw notFound();
  return id;
}

@Resolver()
export class CollectionsCommandResolver {
  @Mutation(() => AssignCollectionCasePayload, {
    description: 'OPS assigns a case; a collector may take an unassigned case for themself.',
  })
  @Roles(Role.OPS, Role.COLLECTOR)
  async assignCollectionCase(
    @Arg('input', () => AssignCollectionCaseInput) input: AssignCollectionCaseInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AssignCollectionCasePayload> {
    const viewer = requireViewer(ctx);
    // A case out of a collector's sight is FORBIDDEN, not a userError that confirms it exists.
    const caseId = await visibleCaseId(ctx, input.caseId);
    const result = await assignCollectionCase({ db: ctx.db, clock: ctx.clock }, viewer, {
      caseId,
      collectorId: input.collectorId,
    });
    caseLoader(ctx).clear(caseId);
    return Object.assign(new AssignCollectionCasePayload(), {
      collectionCase: result.ok ? CollectionCaseType.from(result.value) : null,
      userErrors: result.ok
        ? []
        : toUserErrors(result, { notFound: [CollectionsError.CASE_NOT_FOUND] }),
    });
  }

  @Mutation(() => LogContactAttemptPayload, {
    description:
      "Checks an attempt against the borrower's jurisdiction (quiet hours, frequency, opt-outs, third parties) and records it; a refused attempt is recorded as REFUSED and answered with a userError naming the rule.",
  })
  @Roles(Role.COLLECTOR, Role.OPS)
  async logContactAttempt(
    @Arg('input', () => LogContactAttemptInput) input: LogContactAttemptInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LogContactAttemptPayload> {
    const viewer = requireViewer(ctx);
    const caseId = await existingCaseId(ctx, input.caseId);
    const referenceContactId =
      input.referenceContactId == null
        ? null
        : fromGlobalIdOfType(input.referenceContactId, REFERENCE_CONTACT_TYPE);
    if (input.referenceContactId != null && !referenceContactId) {
      return Object.assign(new LogContactAttemptPayload(), {
        attempt: null,
        userErrors: toUserErrors([
          {
            code: CollectionsError.REFERENCE_CONTACT_NOT_FOUND,
            message: 'The borrower has no such reference contact.',
            field: ['referenceContactId'],
          },
        ]),
      });
    }
    const result = await logContactAttempt(
      { db: ctx.db, clock: ctx.clock, guard: { clock: ctx.clock, ...ctx.deps.consent } },
      viewer,
      {
        caseId,
        channel: input.channel,
        target: input.target,
        referenceContactId,
        outcome: input.outcome,
        at: input.at ?? null,
      },
      { requestId: ctx.requestId, operationName: null },
    );
    caseLoader(ctx).clear(caseId);
    if (!result.ok) {
      return Object.assign(new LogContactAttemptPayload(), {
        attempt: null,
        userErrors: toUserErrors(result),
      });
    }
    return Object.assign(new LogContactAttemptPayload(), {
      attempt: ContactAttemptType.from(result.value.attempt),
      userErrors: result.value.refusal ? toUserErrors([result.value.refusal]) : [],
    });
  }

  @Mutation(() => RecordPromiseToPayPayload, {
    description: 'The borrower on their own case, the assigned collector, or OPS.',
  })
  @Roles(Role.BORROWER, Role.COLLECTOR, Role.OPS)
  async recordPromiseToPay(
    @Arg('input', () => RecordPromiseToPayInput) input: RecordPromiseToPayInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RecordPromiseToPayPayload> {
    const viewer = requireViewer(ctx);
    const caseId = await visibleCaseId(ctx, input.caseId);
    const amount = parseMoneyInput(input.amount, ['amount']);
    const result = amount.ok
      ? await recordPromiseToPay({ db: ctx.db, clock: ctx.clock }, viewer, {
          caseId,
          amount: amount.value,
          dueDate: input.dueDate,
        })
      : amount;
    caseLoader(ctx).clear(caseId);
    return Object.assign(new RecordPromiseToPayPayload(), {
      promise: result.ok ? PromiseToPayType.from(result.value) : null,
      userErrors: result.ok ? [] : toUserErrors(result),
    });
  }

  @Mutation(() => SetContactPreferencePayload, {
    description:
      'A borrower opts a channel out of collections (or back in); OPS on their behalf, with a reason.',
  })
  @Roles(Role.BORROWER, Role.OPS)
  async setContactPreference(
    @Arg('input', () => SetContactPreferenceInput) input: SetContactPreferenceInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SetContactPreferencePayload> {
    const viewer = requireViewer(ctx);
    const borrowerId = fromGlobalIdOfType(input.borrowerId, BORROWER_TYPE);
    if (!borrowerId) throw viewer.role === Role.BORROWER ? forbidden() : notFound();
    if (viewer.role === Role.BORROWER && viewer.borrowerId !== borrowerId) throw forbidden();
    const result = await setContactPreference({ db: ctx.db, clock: ctx.clock }, viewer, {
      borrowerId,
      channel: input.channel,
      optedOut: input.optedOut,
      reason: input.reason ?? null,
    });
    return Object.assign(new SetContactPreferencePayload(), {
      preferences: result.ok
        ? result.value.map((p) => Object.assign(new ContactPreferenceType(), p))
        : null,
      userErrors: result.ok
        ? []
        : toUserErrors(result, { notFound: [CollectionsError.NOT_YOUR_BORROWER] }),
    });
  }
}
