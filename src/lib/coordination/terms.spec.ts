import { describe, expect, it } from 'vitest';
import { parsePartyKey, partyKey } from './terms';

describe('party keys', () => {
	it('round-trip every kind of organisation', () => {
		for (const party of [
			{ kind: 'dla', code: null },
			{ kind: 'governor', code: 'TH40' },
			{ kind: 'provincial_office', code: 'TH30' },
			{ kind: 'lao', code: '6400906' },
			{ kind: 'partner', code: '12' }
		] as const) {
			expect(parsePartyKey(partyKey(party))).toEqual(party);
		}
	});

	it('refuses malformed keys', () => {
		for (const key of [
			'',
			'dla:1',
			'governor',
			'governor:40',
			'lao:640090',
			'partner:0',
			'mayor:TH40',
			'lao:6400906:x'
		])
			expect(parsePartyKey(key), key).toBeNull();
	});
});
