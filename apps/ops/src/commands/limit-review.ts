import { createClient, RunCreditLimitReviewDocument } from '@lending/sdk';

/** Runs limit management for the current business date (OPS token), through the typed SDK. */
export async function limitReview(url: string, token: string) {
  const client = createClient({ url, token });
  return (await client.request(RunCreditLimitReviewDocument)).runCreditLimitReview;
}
