/**
 * DLA staff publish a new scoring model version in the browser: the weights moved on /scores
 * arrive in the form of /admin/models by a link, saving makes the new version official and recomputes the
 * scores, and /scores then names it. Screenshots in Thai and English.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import {
	logInThroughForm,
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type RunningApp
} from './harness';

let app: RunningApp | undefined;
let browser: Browser | undefined;

describe('publishing a scoring model version', () => {
	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp({ env: { DEMO_MODE: 'true' } }), openBrowser()]);
		await waitUntilReady(app);
	}, 200_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('from the weights carried from /scores to a new official version', async () => {
		onTestFailed(() => console.error(app?.output()));
		const url = app!.url;
		const checked = await newCheckedPage(browser!, { origin: url });
		const { page } = checked;
		await logInThroughForm(page, url, 'dla.demo', { to: '/scores?province=TH40' });
		// Move the area weight on /scores, then carry the what-if weights to the model form.
		const slider = page.getByTestId('weight-area_km2');
		await expect.poll(() => slider.isEnabled(), { timeout: 60_000 }).toBe(true);
		await slider.fill('0.7');
		await page.getByTestId('save-weights-as-model').click();
		await page.waitForURL(/\/admin\/models\?/);
		expect(new URL(page.url()).searchParams.get('w.area_km2')).toBe('0.7');
		expect(await page.locator('h1').innerText()).toBe('แบบจำลองการให้คะแนน');
		expect(await page.getByTestId('carried-weights').count()).toBe(1);
		// The carried weight is in the area criterion's row; the version list shows the default's
		// two editions (version 1 kept as history, version 2 official).
		expect(await page.locator('input[name="criterion.0.weight"]').inputValue()).toBe('0.7');
		expect(await page.getByTestId('model-versions').locator('tbody tr').count()).toBe(2);
		await page.locator('input[name="name_en"]').fill('Large area with potential');
		await screenshot(page, 'models-form-th');

		await page.getByTestId('publish-model').click();
		const published = page.getByTestId('model-published');
		await published.waitFor({ timeout: 120_000 });
		expect(await published.innerText()).toMatch(/รุ่น 3 เป็นรุ่นทางการแล้ว/);
		expect(await page.getByTestId('model-versions').locator('tbody tr').count()).toBe(3);
		checked.assertNoPageErrors();

		// /scores now scores with version 3, its English name on the English page.
		await page.goto(`${url}/scores?lang=en`);
		expect(await page.getByTestId('scores-model').innerText()).toContain(
			'Large area with potential'
		);
		expect(await page.getByTestId('scores-model').innerText()).toContain('3');
		await page.goto(`${url}/admin/models?lang=en`);
		expect(await page.locator('h1').innerText()).toBe('Scoring models');
		await screenshot(page, 'models-form-en');
		checked.assertNoPageErrors();
	});
});
