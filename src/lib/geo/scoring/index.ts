export * from './scoring-model';
export * from './score-laos';
export * from './sensitivity';
export { mulberry32 } from './seeded-random';
export { defaultScoringModel } from './default-model';
