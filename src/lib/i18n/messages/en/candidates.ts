/** English of `../th/candidates.ts` (the Thai is the source of the keys). */
import type { th } from '../th/candidates';

export const en: Record<keyof typeof th, string> = {
	candColDistricts: 'District(s)',
	candColWhy: 'Why',
	candDistrict: '{name} District',
	candWhy: 'Stands out on {list}',
	candWhyNone: 'No criterion stands out from the province average',
	candWhyLow: 'low {name}',
	candOptimal: 'The best set of zones: proven within {gap}% of the best possible',
	candTimeLimit: 'The best set found within the time limit: within {gap}% of the best possible',
	candTimeLimitNoBound:
		'The best set found within the time limit; how far it is from the best possible is not known yet',
	candPending:
		'Finding the best set of zones; the quick answer is shown meanwhile (not optimised yet)',
	candNotOptimised: 'Not optimised ({reason}); the quick answer is shown',
	candReason_solver_failed: 'the optimiser failed',
	candReason_too_many_zones: 'there are too many possible zones to weigh them all',
	candReason_no_better_answer: 'time ran out before a better set than the quick answer was found',
	candGain: 'Covers {gain}% more high-scoring land than the quick answer',
	candHow:
		'The optimiser picks up to {n} non-overlapping zones that together cover the most high-scoring land, out of {sets} possible zones'
};
