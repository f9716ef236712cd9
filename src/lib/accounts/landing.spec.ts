import { describe, expect, test } from 'vitest';
import { afterLogInTarget } from './landing';

describe('the page after log-in', () => {
	test('each role lands on its work page when no page was asked for', () => {
		expect(afterLogInTarget('/', 'planner')).toBe('/plan');
		expect(afterLogInTarget('/', 'governor')).toBe('/review');
		expect(afterLogInTarget('/', 'lao_officer')).toBe('/consultations');
		expect(afterLogInTarget('/', 'dla_staff')).toBe('/coordination');
	});

	test('a page asked for (the log-in link of a protected page) wins', () => {
		expect(afterLogInTarget('/account', 'planner')).toBe('/account');
		expect(afterLogInTarget('/?province=TH40', 'governor')).toBe('/?province=TH40');
	});
});
