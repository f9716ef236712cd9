/**
 * Every string of the interface must exist in Thai and in English: this fails on a missing or
 * empty translation, on English text left identical to the Thai (an untranslated copy), and on
 * any key that the code asks for but the messages do not have.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { laoTypes } from '$lib/lao-types';
import { placeKinds, type FigureMethod, type PlaceCodeLabel } from '$lib/places/types';
import { allMessages, formatDate, formatNumber, formatYear, locales, type MessageKey } from '.';

const messages = allMessages();
const keys = Object.keys(messages.th) as MessageKey[];

/** Keys whose English may be empty, and why. */
const mayBeEmptyInEnglish: Partial<Record<MessageKey, string>> = {
	units: 'the Thai classifier แห่ง after a count has no English counterpart'
};
/** Keys whose English may equal the Thai, and why. */
const mayBeSameInBothLanguages: Partial<Record<MessageKey, string>> = {
	diagnosticR: "the symbol of Pearson's correlation, r, in both languages",
	appNameShort: 'the acronym SEDZ is used as is in Thai'
};

// Exhaustive by type: adding a code label or a method to the API without a message fails here.
const codeLabels: Record<PlaceCodeLabel, true> = {
	adm1_pcode: true,
	adm2_pcode: true,
	adm3_pcode: true,
	dopa_province_code: true,
	dopa_district_code: true,
	dopa_tambon_code: true,
	dla_code: true
};
const methods: Record<FigureMethod, true> = {
	dopa_municipal_registration_office: true,
	sum_nonmunicipal_pop_of_covered_tambons: true,
	union_of_linked_tambons: true
};

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const file = path.join(dir, name);
		if (statSync(file).isDirectory()) return sourceFiles(file);
		return /\.(svelte|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [file] : [];
	});
}

describe('messages', () => {
	test('every key is in both languages and not empty', () => {
		for (const locale of locales) {
			expect(Object.keys(messages[locale]).sort(), `keys of ${locale}`).toEqual([...keys].sort());
		}
		for (const key of keys) {
			expect(messages.th[key].trim(), `Thai ${key}`).not.toBe('');
			if (!(key in mayBeEmptyInEnglish)) {
				expect(messages.en[key].trim(), `English ${key}`).not.toBe('');
			}
		}
	});

	test('no English message is a copy of the Thai one', () => {
		const copies = keys.filter(
			(key) => messages.en[key] === messages.th[key] && !(key in mayBeSameInBothLanguages)
		);
		expect(copies).toEqual([]);
		// And no English message is Thai text (a Thai string pasted in the wrong column).
		const thaiInEnglish = keys.filter(
			(key) => /[\u0E00-\u0E7F]/.test(messages.en[key]) && key !== 'switchLanguage'
		);
		expect(thaiInEnglish).toEqual([]);
	});

	test('every key the code asks for exists', () => {
		const files = sourceFiles(path.resolve('src'));
		expect(files.length).toBeGreaterThan(10);
		const used = new Map<string, string>();
		const prefixes = new Map<string, string>();
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			// t('key') and t("key"), the way every component and page calls its translator.
			for (const match of text.matchAll(/\bt\(\s*(['"])([A-Za-z0-9_]+)\1\s*\)/g)) {
				used.set(match[2]!, path.relative('.', file));
			}
			// t(`prefix_${…}`): at least one key must start with the prefix (the types check the rest).
			for (const match of text.matchAll(/\bt\(\s*`([A-Za-z0-9_]*)\$\{/g)) {
				prefixes.set(match[1]!, path.relative('.', file));
			}
			// Keys named in link tables: { key: 'navMap' }.
			for (const match of text.matchAll(/\bkey:\s*'([A-Za-z0-9_]+)'/g)) {
				used.set(match[1]!, path.relative('.', file));
			}
		}
		expect(used.size, 'translated keys found in the source').toBeGreaterThan(40);
		const missing = [...used]
			.filter(([key]) => !(key in messages.th))
			.map(([k, f]) => `${k} (${f})`);
		expect(missing).toEqual([]);
		const deadPrefixes = [...prefixes]
			.filter(([prefix]) => prefix !== '' && !keys.some((key) => key.startsWith(prefix)))
			.map(([p, f]) => `${p} (${f})`);
		expect(deadPrefixes).toEqual([]);
	});

	test('every kind, LAO type, code label and method of the place API has a name', () => {
		const needed = [
			...placeKinds.map((kind) => `kind_${kind}`),
			...laoTypes,
			...Object.keys(codeLabels).map((label) => `code_${label}`),
			...Object.keys(methods).map((method) => `method_${method}`),
			'coverage_completely',
			'coverage_partially'
		];
		expect(needed.filter((key) => !(key in messages.th))).toEqual([]);
	});
});

describe('formatting', () => {
	test('numbers follow the language', () => {
		expect(formatNumber('th', 7849)).toBe('7,849');
		expect(formatNumber('en', 1234.567, 2)).toBe('1,234.57');
	});

	test('years and dates are in the Buddhist Era in Thai', () => {
		expect(formatYear('th', 2021)).toBe('พ.ศ. 2564');
		expect(formatYear('en', 2021)).toBe('2021');
		expect(formatDate('th', '2021-12-31')).toContain('2564');
		expect(formatDate('en', '2021-12-31')).toContain('2021');
	});
});

/** Each feature module's Thai keys (the bundles `first-view` and `pages` gather them). */
const thModules = import.meta.glob<{ th: Record<string, string> }>('./messages/th/*.ts', {
	eager: true
});
const bundleFiles = new Set(['first-view', 'pages']);
const keysByModule = Object.fromEntries(
	Object.entries(thModules)
		.map(([file, module]) => [path.basename(file, '.ts'), Object.keys(module.th)] as const)
		.filter(([name]) => !bundleFiles.has(name))
);

describe('the message modules', () => {
	test('every module is in exactly one bundle, the first view or the other pages', () => {
		const firstView = Object.keys(thModules['./messages/th/first-view.ts']!.th);
		const pages = Object.keys(thModules['./messages/th/pages.ts']!.th);
		expect(firstView.filter((key) => pages.includes(key))).toEqual([]);
		const moduleKeys = Object.values(keysByModule).flat();
		expect(new Set([...firstView, ...pages])).toEqual(new Set(moduleKeys));
		expect(Object.keys(keysByModule).length).toBeGreaterThan(20);
	});

	test('never define the same key twice (a later module would silently win)', () => {
		const owner = new Map<string, string>();
		const clashes: string[] = [];
		for (const [module, moduleKeys] of Object.entries(keysByModule))
			for (const key of moduleKeys) {
				const first = owner.get(key);
				if (first) clashes.push(`${key} in ${first} and ${module}`);
				else owner.set(key, module);
			}
		expect(clashes).toEqual([]);
	});
});
