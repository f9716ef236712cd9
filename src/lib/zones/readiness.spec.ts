import { describe, expect, it } from 'vitest';
import {
	defaultReadinessRules,
	emptySwot,
	evaluateReadiness,
	readinessRulesSchema,
	unmetInWords,
	zoneSwotSchema,
	type ReadinessFacts
} from './readiness';

const laos = [
	{ dlaCode: '6400101', nameTh: 'เทศบาลตำบลหนึ่ง' },
	{ dlaCode: '6400102', nameTh: 'อบต.สอง' },
	{ dlaCode: '6400103', nameTh: 'อบต.สาม' }
];
const filledSwot = {
	strengths: ['แหล่งน้ำ'],
	weaknesses: ['ถนน'],
	opportunities: ['ตลาด'],
	threats: ['น้ำท่วม']
};
const ready: ReadinessFacts = {
	objectives: 'พัฒนาเศรษฐกิจชุมชน',
	partnerSectors: ['government', 'academia'],
	swot: filledSwot,
	coveredLaos: laos,
	consulted: laos.map((l) => ({ ...l, answer: 'agree' as const }))
};

describe('evaluateReadiness on the defaults', () => {
	it('passes a zone that meets every rule, at both stages', () => {
		for (const stage of ['submit', 'approve'] as const) {
			const checklist = evaluateReadiness(stage, defaultReadinessRules, ready);
			expect(checklist.ready).toBe(true);
			expect(checklist.items.every((i) => i.met && i.missing === null)).toBe(true);
		}
		expect(
			evaluateReadiness('submit', defaultReadinessRules, ready).items.map((i) => i.rule)
		).toEqual(['all_laos_asked', 'objectives', 'network_sectors', 'swot']);
	});

	it('names what is missing before submitting, in Thai and English, without rule ids', () => {
		const checklist = evaluateReadiness('submit', defaultReadinessRules, {
			...ready,
			objectives: '   ',
			partnerSectors: ['people', 'people'],
			swot: { ...emptySwot(), strengths: ['แหล่งน้ำ'] },
			consulted: [{ ...laos[0]!, answer: null }]
		});
		expect(checklist.ready).toBe(false);
		const missing = Object.fromEntries(checklist.items.map((i) => [i.rule, i.missing]));
		expect(missing.all_laos_asked).toEqual({
			th: 'ยังไม่ได้ขอความเห็นจาก อปท. 2 แห่ง: อบต.สอง อบต.สาม',
			en: '2 LAOs not yet asked: อบต.สอง, อบต.สาม'
		});
		expect(missing.objectives?.en).toBe('No objectives yet');
		// Two partners of one sector are one sector.
		expect(missing.network_sectors?.en).toBe('Partners from 1 sectors: 1 more needed');
		expect(missing.swot?.th).toBe('ยังไม่ได้ระบุ: จุดอ่อน โอกาส อุปสรรค');
		const words = unmetInWords(checklist, 'en');
		expect(words).toContain('No objectives yet');
		expect(words).not.toMatch(/all_laos_asked|network_sectors|swot\b/);
	});

	it('before approving: at least 50 % answered (rounded up) and none objecting', () => {
		const consulted = [
			{ ...laos[0]!, answer: 'agree' as const },
			{ ...laos[1]!, answer: null },
			{ ...laos[2]!, answer: null }
		];
		const one = evaluateReadiness('approve', defaultReadinessRules, { ...ready, consulted });
		expect(one.items.find((i) => i.rule === 'answered_share')).toMatchObject({
			met: false,
			missing: { en: '1 of 3 answered; at least 2 needed' }
		});
		consulted[1] = { ...laos[1]!, answer: 'object' as never };
		const two = evaluateReadiness('approve', defaultReadinessRules, { ...ready, consulted });
		expect(two.items.find((i) => i.rule === 'answered_share')?.met).toBe(true);
		expect(two.items.find((i) => i.rule === 'no_objection')).toMatchObject({
			met: false,
			missing: { th: 'อปท. ที่ไม่เห็นชอบ: อบต.สอง' }
		});
		const none = evaluateReadiness('approve', defaultReadinessRules, { ...ready, consulted: [] });
		expect(none.items[0]!.missing?.en).toBe('No LAO has been asked');
	});

	it('leaves out the rules a set turns off', () => {
		const off = readinessRulesSchema.parse({
			submit: {
				allCoveredLaosAsked: false,
				objectivesFilled: true,
				minNetworkSectors: 0,
				swotFilled: false
			},
			approve: { minAnsweredPercent: 0, noObjection: false }
		});
		const facts = { ...ready, objectives: '', consulted: [] };
		expect(evaluateReadiness('submit', off, facts).items.map((i) => i.rule)).toEqual([
			'objectives'
		]);
		expect(evaluateReadiness('approve', off, facts)).toEqual({
			stage: 'approve',
			items: [],
			ready: true
		});
	});
});

describe('the rule-set schema refuses a set that contradicts itself, by name', () => {
	const withRules = (submit: object, approve: object) => ({
		submit: { ...defaultReadinessRules.submit, ...submit },
		approve: { ...defaultReadinessRules.approve, ...approve }
	});
	it.each([
		[withRules({}, { minAnsweredPercent: 101 }), 'approve.minAnsweredPercent', 'exceed 100'],
		[withRules({}, { minAnsweredPercent: -1 }), 'approve.minAnsweredPercent', 'negative'],
		[withRules({ minNetworkSectors: -1 }, {}), 'submit.minNetworkSectors', 'negative'],
		[withRules({ minNetworkSectors: 8 }, {}), 'submit.minNetworkSectors', '7 network sectors'],
		[withRules({ minNetworkSectors: 2.5 }, {}), 'submit.minNetworkSectors', 'whole number'],
		[withRules({ minNetworkSectors: '2' }, {}), 'submit.minNetworkSectors', 'number']
	])('%j → %s', (rules, field, words) => {
		const parsed = readinessRulesSchema.safeParse(rules);
		expect(parsed.success).toBe(false);
		const issue = parsed.error!.issues.find((i) => i.path.join('.') === field);
		expect(issue?.message).toContain(words);
	});
	it('accepts the defaults and refuses unknown fields', () => {
		expect(readinessRulesSchema.parse(defaultReadinessRules)).toEqual(defaultReadinessRules);
		expect(readinessRulesSchema.safeParse({ ...defaultReadinessRules, extra: true }).success).toBe(
			false
		);
	});
});

describe('the SWOT schema', () => {
	it('drops blank lines, trims, and limits count and length', () => {
		expect(zoneSwotSchema.parse({ strengths: [' น้ำ ', '', '  '] })).toEqual({
			...emptySwot(),
			strengths: ['น้ำ']
		});
		expect(zoneSwotSchema.safeParse({ threats: Array(13).fill('x') }).success).toBe(false);
		expect(zoneSwotSchema.safeParse({ threats: ['x'.repeat(301)] }).success).toBe(false);
		expect(zoneSwotSchema.safeParse({ risks: ['x'] }).success).toBe(false);
	});
});
