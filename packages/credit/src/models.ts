import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScorecardModel } from './scorecard/application.js';
import { withEngineeredBehaviouralFeatures } from './scorecard/behavioural.js';
import type { ChallengerModel } from './scorecard/challenger.js';
import { oneHotProbability } from './scorecard/comparison.js';
import { formatProbability } from './scorecard/scorecard.js';

function load<T>(version: string): T {
  const file = fileURLToPath(new URL(`../models/${version}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export const APPLICATION_MODEL_VERSION = 'application-v2';
export const BEHAVIOURAL_MODEL_VERSION = 'behavioural-v3';
export const APPLICATION_CHALLENGER_VERSION = 'application-challenger-v1';
export const BEHAVIOURAL_CHALLENGER_VERSION = 'behavioural-challenger-v1';

let application: ScorecardModel | undefined;
let behavioural: ScorecardModel | undefined;
let applicationChallenger: ChallengerModel | undefined;
let behaviouralChallenger: ChallengerModel | undefined;

/** The committed application scorecard, the champion that decides (models/application-v2.json), read once. */
export function applicationModel(): ScorecardModel {
  return (application ??= load<ScorecardModel>(APPLICATION_MODEL_VERSION));
}

/** The committed behavioural scorecard, the champion that decides (models/behavioural-v3.json), read once. */
export function behaviouralModel(): ScorecardModel {
  return (behavioural ??= load<ScorecardModel>(BEHAVIOURAL_MODEL_VERSION));
}

/** The application challenger: scores every application, decides none. */
export function applicationChallengerModel(): ChallengerModel {
  return (applicationChallenger ??= load<ChallengerModel>(APPLICATION_CHALLENGER_VERSION));
}

/** The behavioural challenger: scores every line review, decides none. */
export function behaviouralChallengerModel(): ChallengerModel {
  return (behaviouralChallenger ??= load<ChallengerModel>(BEHAVIOURAL_CHALLENGER_VERSION));
}

/** What a model scores: the attributes, with the engineered ones added for a model trained with them. */
export function modelInputs(
  model: { readonly engineered?: boolean },
  attributes: Readonly<Record<string, string>>,
): Record<string, string> {
  return model.engineered ? withEngineeredBehaviouralFeatures(attributes) : { ...attributes };
}

/** The challenger's probability of default for the same attributes, as decisions record it. */
export function challengerProbability(
  challenger: ChallengerModel,
  attributes: Readonly<Record<string, string>>,
): string {
  return formatProbability(
    oneHotProbability(challenger.model, modelInputs(challenger, attributes)),
  );
}
