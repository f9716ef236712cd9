import { describe, expect, it } from 'vitest';
import manifestJson from '../../../geodata/manifest.json';
import { attributionIn } from './figure-sources';

/** The map's attribution in the page's language (issue 15, item 3). */
describe('attributionIn', () => {
	// The lines every map shows, exactly as the manifest writes them.
	const shown = new Set(['tambon_boundaries', 'lao_registry', 'lao_tambon_links']);
	const attribution = [
		...new Set(manifestJson.datasets.filter((d) => shown.has(d.kind)).map((d) => d.sourceLine))
	].join(' · ');

	it('writes every line of the manifest in Thai on Thai pages and English on English pages', () => {
		const th = attributionIn('th', attribution);
		const en = attributionIn('en', attribution);
		expect(th.split(' · ')).toHaveLength(3);
		expect(th).toContain('ขอบเขตการปกครอง: กรมแผนที่ทหาร');
		expect(th).toContain('ทะเบียน อปท.: ข้อมูลเปิดของกรมส่งเสริมการปกครองท้องถิ่น');
		expect(th).not.toMatch(/Boundaries|registry|Royal Gazette/);
		expect(en).toContain('Boundaries: Royal Thai Survey Department');
		expect(en).toContain('LAO registry: Department of Local Administration open data');
		expect(en).not.toMatch(/\p{Script=Thai}/u);
	});

	it('shows a line it does not know as stored (a new edition is never given a stale date)', () => {
		expect(attributionIn('th', 'LAO registry: new edition (2027-01-01) · Other')).toBe(
			'LAO registry: new edition (2027-01-01) · Other'
		);
	});
});
