import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

describe('readConfig', () => {
	it('defaults to the embedded database in .data with first-start import on', () => {
		expect(readConfig({})).toEqual({ DATA_DIR: '.data', AUTO_IMPORT: true });
	});

	it('treats empty variables as unset', () => {
		expect(readConfig({ DATABASE_URL: '', GEODATA_DIR: '' })).toEqual({
			DATA_DIR: '.data',
			AUTO_IMPORT: true
		});
	});

	it('names the variable that is wrong', () => {
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
			/DATABASE_URL: must be a postgres/
		);
		expect(() => readConfig({ AUTO_IMPORT: 'maybe' })).toThrow(/AUTO_IMPORT/);
	});
});
