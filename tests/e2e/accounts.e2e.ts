/**
 * Accounts over HTTP against the built app in demo mode: log-in and its cookie, the throttle's
 * 429, who may open the administration pages, a DLA user creating a user through the form
 * action, log-out and log-out everywhere; then the pages in Chromium, in Thai and English.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	openPage,
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { demoPassword, httpClient, sessionSetCookie, type HttpClient } from './http-client';

let app: RunningApp | undefined;
let browser: Browser | undefined;

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

// The plain HTTP of tests/e2e/http-client.ts, against this file's app.
const http = (): HttpClient => httpClient(running().url);
const postForm: HttpClient['postForm'] = (...args) => http().postForm(...args);
const get: HttpClient['get'] = (...args) => http().get(...args);
const logInAs: HttpClient['logInAs'] = (...args) => http().logInAs(...args);

describe('accounts over HTTP', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
	}, 200_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('logging in answers 303 with an HttpOnly, SameSite=Lax session cookie', async () => {
		showAppOutputOnFailure();
		const response = await postForm('/login', {
			username: 'dla.demo',
			password: demoPassword,
			redirectTo: '/admin/users'
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/admin/users');
		const line = sessionSetCookie(response)!;
		expect(line).toMatch(/^sedz_session=[A-Za-z0-9_-]{43};/);
		expect(line).toMatch(/; HttpOnly/i);
		expect(line).toMatch(/; SameSite=Lax/i);
		expect(line).toMatch(/; Path=\//i);
		// Served over plain http here, so not Secure (it would be behind https).
		expect(line).not.toMatch(/; Secure/i);

		// Only paths on this site are followed after log-in: another host gives way to the
		// role's own landing page (DLA staff: the coordination inbox).
		const away = await postForm('/login', {
			username: 'dla.demo',
			password: demoPassword,
			redirectTo: '//evil.example/'
		});
		expect(away.status).toBe(303);
		expect(away.headers.get('location')).toBe('/coordination');
	});

	test('a wrong password answers 400 five times, then 429 with the wait', async () => {
		showAppOutputOnFailure();
		for (let i = 1; i <= 5; i++) {
			const response = await postForm('/login', {
				username: 'planner.th30',
				password: `wrong-guess-${i}`
			});
			expect(response.status, `attempt ${i}`).toBe(400);
			expect(await response.text()).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
			expect(sessionSetCookie(response)).toBeUndefined();
		}
		// Even the right password is refused now, for about 15 minutes.
		const sixth = await postForm('/login', { username: 'PLANNER.TH30', password: demoPassword });
		expect(sixth.status).toBe(429);
		expect(sessionSetCookie(sixth)).toBeUndefined();
		const page = await sixth.text();
		expect(page).toMatch(/ลองใหม่ได้ในอีก 1[45] นาที \d{1,2} วินาที/);
	});

	test('the admin pages: 403 for planner, governor and LAO officer, log-in for the public, 200 for DLA', async () => {
		showAppOutputOnFailure();
		for (const path of ['/admin/users', '/admin/indicators']) {
			const anonymous = await get(path);
			expect(anonymous.status, `${path} for the public`).toBe(303);
			expect(anonymous.headers.get('location')).toBe(
				`/login?redirectTo=${encodeURIComponent(path)}`
			);
		}
		for (const username of ['planner.th40', 'governor.th40', 'lao.6400906']) {
			const cookie = await logInAs(username);
			for (const path of ['/admin/users', '/admin/indicators']) {
				const response = await get(path, cookie);
				await response.body?.cancel();
				expect(response.status, `${path} for ${username}`).toBe(403);
			}
			// The actions are refused on the server too, not only hidden.
			const create = await postForm(
				'/admin/users?/create',
				{
					username: `sneaky.${username.replace(/\W/g, '')}`,
					displayName: 'ผู้แอบสร้าง',
					role: 'dla_staff',
					password: 'ผู้แอบสร้างบัญชีผู้ดูแล'
				},
				cookie
			);
			await create.body?.cancel();
			expect(create.status, `creating a user as ${username}`).toBe(403);
			const upload = await postForm('/admin/indicators', {}, cookie);
			await upload.body?.cancel();
			expect(upload.status, `importing indicators as ${username}`).toBe(403);
		}
		const dla = await logInAs('dla.demo');
		for (const path of ['/admin/users', '/admin/indicators']) {
			const response = await get(path, dla);
			expect(response.status, `${path} for DLA staff`).toBe(200);
			await response.body?.cancel();
		}
	});

	test('a DLA user creates a user through the form, who can then log in', async () => {
		showAppOutputOnFailure();
		const dla = await logInAs('dla.demo');
		const refused = await postForm(
			'/admin/users?/create',
			{
				username: 'planner.th99',
				displayName: 'ผู้วางแผนจังหวัดที่ไม่มีจริง',
				role: 'planner',
				provinceCode: 'TH99',
				password: 'แผนพัฒนาตำบลห้าปี'
			},
			dla
		);
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('ไม่พบจังหวัดรหัส TH99');

		const created = await postForm(
			'/admin/users?/create',
			{
				username: 'planner.th40.new',
				displayName: 'นางสาวทดสอบ ระบบดี',
				position: 'นักวิเคราะห์นโยบายและแผน',
				role: 'planner',
				provinceCode: 'TH40',
				dlaCode: '',
				password: 'แผนพัฒนาตำบลห้าปี'
			},
			dla
		);
		expect(created.status).toBe(200);
		expect(await created.text()).toContain('เพิ่มผู้ใช้ planner.th40.new แล้ว');
		const cookie = await logInAs('planner.th40.new', 'แผนพัฒนาตำบลห้าปี');
		const account = await get('/account', cookie);
		expect(account.status).toBe(200);
		const text = await account.text();
		expect(text).toContain('นางสาวทดสอบ ระบบดี');
		expect(text).toContain('ขอนแก่น');
	});

	test('log out ends one session; log out everywhere ends both sessions of a user', async () => {
		showAppOutputOnFailure();
		const first = await logInAs('governor.th30');
		const second = await logInAs('governor.th30');
		for (const cookie of [first, second]) {
			const response = await get('/account', cookie);
			await response.body?.cancel();
			expect(response.status).toBe(200);
		}
		const everywhere = await postForm('/account?/logOutEverywhere', {}, first);
		await everywhere.body?.cancel();
		expect(everywhere.status).toBe(303);
		expect(everywhere.headers.get('location')).toBe('/login');
		for (const cookie of [first, second]) {
			const response = await get('/account', cookie);
			await response.body?.cancel();
			expect(response.status, 'a session after log-out everywhere').toBe(303);
			expect(response.headers.get('location')).toBe('/login?redirectTo=%2Faccount');
		}

		const third = await logInAs('governor.th30');
		const logout = await postForm('/logout', {}, third);
		await logout.body?.cancel();
		expect(logout.status).toBe(303);
		expect(sessionSetCookie(logout)).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
		const after = await get('/account', third);
		await after.body?.cancel();
		expect(after.status).toBe(303);
	});

	test('in Chromium: the log-in page in Thai, log in, the name in the nav; screenshots', async () => {
		showAppOutputOnFailure();
		const { url } = running();
		browser = await openBrowser();
		// The log-in page answers 400 while it shows a refused log-in; nothing else may fail.
		const checked = await newCheckedPage(browser, { origin: url });
		const { page } = checked;
		try {
			const response = await page.goto(`${url}/login?redirectTo=%2Faccount`);
			expect(response?.status()).toBe(200);
			expect(await page.locator('html').getAttribute('lang')).toBe('th');
			expect(await page.locator('h1').innerText()).toBe('เข้าสู่ระบบ');
			expect(await page.getByTestId('nav-login').innerText()).toBe('เข้าสู่ระบบ');
			await screenshot(page, 'accounts-login-th');

			await openPage(page, url, `/login?lang=en`);
			expect(await page.locator('h1').innerText()).toBe('Log in');
			await screenshot(page, 'accounts-login-en');

			await openPage(page, url, `/login?lang=th&redirectTo=%2Faccount`);
			await page.getByLabel('ชื่อผู้ใช้').fill('dla.demo');
			await page.getByLabel('รหัสผ่าน').fill(demoPassword);
			await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
			await page.waitForURL(`${url}/account`);
			const navUser = page.getByTestId('nav-user');
			expect(await navUser.innerText()).toContain('เจ้าหน้าที่กรมส่งเสริมการปกครองท้องถิ่น (สาธิต)');
			expect(await navUser.innerText()).toContain('เจ้าหน้าที่ สถ.');
			expect(await page.getByTestId('nav-admin').innerText()).toBe('ผู้ดูแลระบบ');
			expect(await page.getByTestId('account-details').innerText()).toContain('dla.demo');
			await screenshot(page, 'accounts-account-th');

			await page.goto(`${url}/admin/users`);
			expect(await page.locator('h1').innerText()).toBe('ผู้ใช้และบทบาท');
			expect(await page.getByTestId('user-row').count()).toBeGreaterThanOrEqual(8);
			await screenshot(page, 'accounts-admin-users-th');

			// The enhanced form shows the service's refusal under the field it names.
			const create = page.getByTestId('create-user');
			await create.locator('input[name="username"]').fill('officer.nowhere');
			await create.locator('input[name="displayName"]').fill('เจ้าหน้าที่ อปท. ที่ไม่มีจริง');
			await create.locator('select[name="role"]').selectOption('lao_officer');
			await create.locator('input[name="dlaCode"]').fill('9999999');
			await create.locator('input[name="password"]').fill('อบต.ที่ไม่มีอยู่ในทะเบียน');
			await create.getByRole('button', { name: 'เพิ่มผู้ใช้' }).click();
			await expect
				.poll(() => create.getByText('ไม่พบ อปท. รหัส 9999999 ในทะเบียน').count(), {
					timeout: 20_000
				})
				.toBe(1);
			expect(await create.locator('input[name="username"]').inputValue()).toBe('officer.nowhere');
			await page.getByText('แก้ไข · planner.th40.new').click();
			await screenshot(page, 'accounts-admin-users-form-th');

			await page.goto(`${url}/account?lang=en`);
			expect(await page.locator('h1').innerText()).toBe('My account');
			expect(await page.getByTestId('nav-user').innerText()).toContain('DLA staff');
			await screenshot(page, 'accounts-account-en');
			await page.goto(`${url}/admin/users?lang=en`);
			expect(await page.locator('h1').innerText()).toBe('Users and roles');
			await screenshot(page, 'accounts-admin-users-en');
			checked.assertNoPageErrors();
		} finally {
			await checked.close();
		}
	});
});
