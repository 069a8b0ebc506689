import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScorecardModel } from './scorecard/application.js';

function load(version: string): ScorecardModel {
  const file = fileURLToPath(new URL(`../models/${version}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as ScorecardModel;
}

let application: ScorecardModel | undefined;
let behavioural: ScorecardModel | undefined;

/** The committed application scorecard (models/application-v2.json), read once. */
export function applicationModel(): ScorecardModel {
  return (application ??= load('application-v2'));
}

/** The committed behavioural scorecard (models/behavioural-v2.json), read once. */
export function behaviouralModel(): ScorecardModel {
  return (behavioural ??= load('behavioural-v2'));
}
