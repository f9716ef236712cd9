import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect-target';

describe('the redirect after log-in', () => {
	it('keeps a path on this site with its query and fragment', () => {
		expect(safeRedirectTarget('/scores?province=TH40#top')).toBe('/scores?province=TH40#top');
		expect(safeRedirectTarget('/admin/users')).toBe('/admin/users');
	});

	it('sends everything else to the home page', () => {
		for (const target of [
			null,
			undefined,
			'',
			'https://evil.example/',
			'//evil.example/path',
			'/\\evil.example',
			'javascript:alert(1)',
			'scores',
			'/\tevil',
			'/login?redirectTo=/login',
			'/logout'
		]) {
			expect(safeRedirectTarget(target), String(target)).toBe('/');
		}
	});
});
